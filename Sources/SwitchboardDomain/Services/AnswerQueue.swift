import Foundation
import Logging

/// How much answer work one instance takes on: at most `perInstance` answers at once, at most
/// `perOrganisation` of them for one organisation (so one busy site cannot starve the others),
/// and at most `waiting` more queued; past that a customer is told at once instead of waiting.
public struct AnswerLimits: Sendable {
    public var perInstance: Int
    public var perOrganisation: Int
    public var waiting: Int

    public init(perInstance: Int = 32, perOrganisation: Int = 8, waiting: Int = 256) {
        self.perInstance = max(1, perInstance)
        self.perOrganisation = max(1, perOrganisation)
        self.waiting = max(0, waiting)
    }
}

/// Runs AI answers as background tasks within `AnswerLimits` and can wait for all of them
/// (shutdown, tests). Waiting answers start in arrival order as capacity frees up.
public actor AnswerQueue: AnswerScheduling {
    private struct Job {
        let id = UUID()
        let orgID: UUID
        let conversationID: UUID
        let question: String
    }

    private let answering: AnsweringService
    private let limits: AnswerLimits
    private let logger: Logger
    private var inFlight: [UUID: Task<Void, Never>] = [:]
    /// The conversation of each answer in flight, to stop it when a person takes over.
    private var conversationOf: [UUID: UUID] = [:]
    private var runningByOrganisation: [UUID: Int] = [:]
    private var waiting: [Job] = []

    public init(answering: AnsweringService, limits: AnswerLimits = AnswerLimits(), logger: Logger) {
        self.answering = answering
        self.limits = limits
        self.logger = logger
    }

    public func schedule(orgID: UUID, conversationID: UUID, question: String) {
        let job = Job(orgID: orgID, conversationID: conversationID, question: question)
        if canStart(job) {
            start(job)
        } else if waiting.count < limits.waiting {
            waiting.append(job)
        } else {
            logger.warning("answer work is full; telling the customer", metadata: ["conversation_id": "\(conversationID)"])
            run(job) { answering in try await answering.declineBusy(orgID: job.orgID, conversationID: job.conversationID) }
        }
    }

    /// A conversation's mode or owner changed (on any instance): when it left the AI, its answer
    /// running here stops at once, its streamed draft taken off the screens and nothing stored.
    public func conversationChanged(orgID: UUID, conversationID: UUID) async {
        guard conversationOf.values.contains(conversationID) || waiting.contains(where: { $0.conversationID == conversationID })
        else { return }
        guard let withAI = try? await answering.isWithAI(orgID: orgID, conversationID: conversationID), !withAI else { return }
        waiting.removeAll { $0.conversationID == conversationID }
        for (id, conversation) in conversationOf where conversation == conversationID { inFlight[id]?.cancel() }
        logger.debug("AI answer stopped: conversation left the AI", metadata: ["conversation_id": "\(conversationID)"])
    }

    /// Answers running and waiting now, for tests and metrics.
    public func load() -> (running: Int, waiting: Int) {
        (runningByOrganisation.values.reduce(0, +), waiting.count)
    }

    /// Waits until every scheduled answer has finished.
    public func drain() async {
        while let task = inFlight.values.first {
            await task.value
        }
    }

    private func canStart(_ job: Job) -> Bool {
        runningByOrganisation.values.reduce(0, +) < limits.perInstance
            && runningByOrganisation[job.orgID, default: 0] < limits.perOrganisation
    }

    private func start(_ job: Job) {
        runningByOrganisation[job.orgID, default: 0] += 1
        run(job, counted: true) { answering in
            try await answering.answer(orgID: job.orgID, conversationID: job.conversationID, question: job.question)
        }
    }

    private func run(_ job: Job, counted: Bool = false, _ work: @escaping @Sendable (AnsweringService) async throws -> ChatMessage?) {
        let answering = self.answering
        let logger = self.logger
        conversationOf[job.id] = job.conversationID
        inFlight[job.id] = Task {
            do {
                _ = try await work(answering)
            } catch is CancellationError {
                // A person took over while the AI was answering: nothing to report.
            } catch {
                logger.error("AI answer failed", metadata: ["conversation_id": "\(job.conversationID)", "error": "\(error)"])
            }
            self.finished(job, counted: counted)
        }
    }

    private func finished(_ job: Job, counted: Bool) {
        inFlight[job.id] = nil
        conversationOf[job.id] = nil
        guard counted else { return }
        runningByOrganisation[job.orgID, default: 1] -= 1
        if runningByOrganisation[job.orgID] == 0 { runningByOrganisation[job.orgID] = nil }
        // The first waiting job whose organisation has room; others keep their place.
        while let index = waiting.firstIndex(where: canStart) {
            start(waiting.remove(at: index))
        }
    }
}
