import Foundation
import Logging

/// Produces the AI's reply to a customer message and stores it, unless a person took over
/// in the meantime (the store only writes AI messages while the conversation is `ai`).
/// A "not sure" keeps the AI in charge; the second in a row offers a person (`NotSureStreak`).
///
/// The organisation's engine is chosen per answer (`AnswerEngineSelecting`). Text an engine
/// streams travels as transient drafts (`RealtimeEvent.draft`): never stored, taken off the
/// screens when retracted, cut or failed; only the finished answer is stored, once.
public struct AnsweringService: Sendable {
    private let engines: any AnswerEngineSelecting
    private let conversations: any ConversationRepository
    private let organisations: any OrganisationRepository
    private let realtime: any RealtimePublisher
    private let logger: Logger
    /// At most one draft per this interval; the finished answer replaces the last one anyway.
    private let draftInterval: Duration

    public init(
        engine: any AnswerEngine,
        conversations: any ConversationRepository,
        organisations: any OrganisationRepository,
        realtime: any RealtimePublisher,
        logger: Logger
    ) {
        self.init(
            engines: FixedAnswerEngine(engine),
            conversations: conversations,
            organisations: organisations,
            realtime: realtime,
            logger: logger
        )
    }

    public init(
        engines: any AnswerEngineSelecting,
        conversations: any ConversationRepository,
        organisations: any OrganisationRepository,
        realtime: any RealtimePublisher,
        draftInterval: Duration = .milliseconds(80),
        logger: Logger
    ) {
        self.engines = engines
        self.conversations = conversations
        self.organisations = organisations
        self.realtime = realtime
        self.draftInterval = draftInterval
        self.logger = logger
    }

    /// How many of the latest messages an engine sees.
    public static let historyLength = 50

    /// Answers `question`; returns the stored AI message, or nil when the AI was kept out.
    @discardableResult
    public func answer(orgID: UUID, conversationID: UUID, question: String) async throws -> ChatMessage? {
        try? await realtime.publish(RealtimeEvent(kind: .typing, orgID: orgID, conversationID: conversationID, author: .ai))
        let settings = try await organisations.settings(for: orgID)
        // The latest messages, not the first: a long chat's follow-ups and not-sure streak are at its end.
        let recent = try await conversations.latestMessages(orgID: orgID, conversationID: conversationID, limit: Self.historyLength)
        let history = recent.map { TranscriptLine(author: $0.author, body: $0.body) }
        let engine = try await engines.engine(orgID: orgID)
        let request = AnswerRequest(orgID: orgID, question: question, history: history, threshold: settings.answerThreshold)
        let drafts = DraftPublisher(
            realtime: realtime,
            orgID: orgID,
            conversationID: conversationID,
            interval: draftInterval,
            enabled: engine.streamsText
        )

        let answer: Answer
        do {
            answer = try await consume(engine.stream(request), drafts: drafts)
        } catch {
            // Cut by a take-over (cancelled) or failed: nothing partial stays on screen.
            await drafts.clear()
            throw error
        }
        let stored = try await store(answer, after: recent, orgID: orgID, conversationID: conversationID)
        if stored == nil { await drafts.clear() }
        return stored
    }

    /// Whether the AI is still in charge of the conversation (a take-over ends its answer).
    public func isWithAI(orgID: UUID, conversationID: UUID) async throws -> Bool {
        try await conversations.find(orgID: orgID, conversationID: conversationID)?.mode == .ai
    }

    /// The finished answer; drafts of the streamed text on the way.
    private func consume(_ stream: AnswerStream, drafts: DraftPublisher) async throws -> Answer {
        var text = ""
        for try await event in stream {
            switch event {
            case .decided:
                continue
            case .delta(let more):
                text += more
                await drafts.show(text)
            case .retracted:
                text = ""
                await drafts.clear()
            case .finished(let answer):
                return answer
            }
        }
        try Task.checkCancellation()
        throw AnswerStreamError.endedWithoutAnswer
    }

    /// Too much answer work is waiting: the customer hears so at once, rather than waiting for an
    /// answer that comes late.
    @discardableResult
    public func declineBusy(orgID: UUID, conversationID: UUID) async throws -> ChatMessage? {
        try await store(.notSure(body: Self.busyMessage, confidence: 0), after: [], orgID: orgID, conversationID: conversationID)
    }

    public static let busyMessage = "I'm answering a lot of questions right now. Please ask again in a moment, or choose “Talk to a person”."

    /// Stores the reply; `recent` decides whether a "not sure" is the second in a row.
    private func store(_ answer: Answer, after recent: [ChatMessage], orgID: UUID, conversationID: UUID) async throws -> ChatMessage? {
        let message: NewMessage
        switch answer {
        case .answered(let body, let articles, let confidence):
            message = NewMessage(author: .ai, body: body, aiOutcome: .answered, articleIDs: articles.map(\.id), confidence: confidence)
        case .notSure(let body, let confidence):
            let secondInARow = NotSureStreak.count(in: recent) >= 1
            message = NewMessage(author: .ai, body: secondInARow ? NotSureStreak.personOffer : body, aiOutcome: .notSure, confidence: confidence)
        }
        switch try await conversations.append(
            orgID: orgID,
            conversationID: conversationID,
            message: message,
            requiredModes: [.ai],
            requiredOwner: nil
        )
        {

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

/// Picks the engine that answers for an organisation now; its settings may change between answers.
/// Whatever answers a customer's message, and a run of the test plan (which must behave the same),
/// asks this seam, so an organisation's own engine choice reaches both.
public protocol AnswerEngineSelecting: Sendable {
    func engine(orgID: UUID) async throws -> any AnswerEngine
}

/// The same engine for every organisation (tests, benchmarks).
public struct FixedAnswerEngine: AnswerEngineSelecting {
    let engine: any AnswerEngine

    public init(_ engine: any AnswerEngine) {
        self.engine = engine
    }

    public func engine(orgID: UUID) async throws -> any AnswerEngine { engine }
}
