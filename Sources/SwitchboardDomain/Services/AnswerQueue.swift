import Foundation
import Logging

/// Runs AI answers as background tasks and can wait for all of them (shutdown, tests).
public actor AnswerQueue: AnswerScheduling {
    private let answering: AnsweringService
    private let logger: Logger
    private var inFlight: [UUID: Task<Void, Never>] = [:]

    public init(answering: AnsweringService, logger: Logger) {
        self.answering = answering
        self.logger = logger
    }

    public func schedule(orgID: UUID, conversationID: UUID, question: String) {
        let id = UUID()
        let answering = self.answering
        let logger = self.logger
        inFlight[id] = Task {
            do {
                try await answering.answer(orgID: orgID, conversationID: conversationID, question: question)
            } catch {
                logger.error("AI answer failed", metadata: ["conversation_id": "\(conversationID)", "error": "\(error)"])
            }
            self.finished(id)
        }
    }

    /// Waits until every scheduled answer has finished.
    public func drain() async {
        while let task = inFlight.values.first {
            await task.value
        }
    }

    private func finished(_ id: UUID) {
        inFlight[id] = nil
    }
}
