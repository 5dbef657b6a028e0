import Foundation
import Logging

/// Produces the AI's reply to a customer message and stores it, unless a person took over
/// in the meantime (the store only writes AI messages while the conversation is `ai`).
/// A "not sure" keeps the AI in charge; the second in a row offers a person (`NotSureStreak`).
public struct AnsweringService: Sendable {
    private let engine: any AnswerEngine
    private let conversations: any ConversationRepository
    private let organisations: any OrganisationRepository
    private let realtime: any RealtimePublisher
    private let logger: Logger

    public init(
        engine: any AnswerEngine, conversations: any ConversationRepository, organisations: any OrganisationRepository,
        realtime: any RealtimePublisher, logger: Logger
    ) {
        self.engine = engine
        self.conversations = conversations
        self.organisations = organisations
        self.realtime = realtime
        self.logger = logger
    }

    /// Answers `question`; returns the stored AI message, or nil when the AI was kept out.
    @discardableResult
    public func answer(orgID: UUID, conversationID: UUID, question: String) async throws -> ChatMessage? {
        try? await realtime.publish(RealtimeEvent(kind: .typing, orgID: orgID, conversationID: conversationID, author: .ai))
        let settings = try await organisations.settings(for: orgID)
        // The latest messages, not the first: a long chat's follow-ups and not-sure streak are at its end.
        let recent = try await conversations.latestMessages(orgID: orgID, conversationID: conversationID, limit: 50)
        let history = recent.map { TranscriptLine(author: $0.author, body: $0.body) }
        let answer = try await engine.answer(AnswerRequest(
            orgID: orgID, question: question, history: history, threshold: settings.answerThreshold))

        let message: NewMessage
        switch answer {
        case .answered(let body, let articles, let confidence):
            message = NewMessage(author: .ai, body: body, aiOutcome: .answered, articleIDs: articles.map(\.id), confidence: confidence)
        case .notSure(let body, let confidence):
            let secondInARow = NotSureStreak.count(in: recent) >= 1
            message = NewMessage(author: .ai, body: secondInARow ? NotSureStreak.personOffer : body, aiOutcome: .notSure, confidence: confidence)
        }
        switch try await conversations.append(orgID: orgID, conversationID: conversationID, message: message, requiredModes: [.ai], requiredOwner: nil) {
        case .stored(let stored, _):
            return stored
        case .duplicate(let existing):
            return existing
        case .refused(let position):
            logger.debug("AI answer dropped: conversation left the AI", metadata: ["mode": "\(position.mode.rawValue)"])
            return nil
        }
    }
}
