import Foundation

/// An article the answer came from, as the widget and console show it.
public struct ArticleReference: Sendable, Equatable, Codable {
    public var id: UUID
    public var title: String
    public var url: String?

    public init(id: UUID, title: String, url: String?) {
        self.id = id
        self.title = title
        self.url = url
    }
}

/// One line of the conversation so far, as an engine sees it.
public struct TranscriptLine: Sendable, Equatable {
    public var author: MessageAuthor
    public var body: String

    public init(author: MessageAuthor, body: String) {
        self.author = author
        self.body = body
    }
}

/// What an engine is asked: the customer's latest question and the conversation before it.
public struct AnswerRequest: Sendable {
    public var orgID: UUID
    public var question: String
    public var history: [TranscriptLine]
    /// Scores below this (engine-specific scale, 0...1) mean "not sure".
    public var threshold: Double

    public init(orgID: UUID, question: String, history: [TranscriptLine], threshold: Double) {
        self.orgID = orgID
        self.question = question
        self.history = history
        self.threshold = threshold
    }
}

/// An engine's reply: an answer grounded in articles, or an admission that it cannot answer.
public enum Answer: Sendable, Equatable {
    case answered(body: String, articles: [ArticleReference], confidence: Double)
    case notSure(body: String, confidence: Double)
}

/// Answers customers from an organisation's knowledge base. Customer text and article text are
/// data to search and quote, never instructions to follow.
///
/// `answer(_:)` returns the complete answer; `stream(_:)` reports the decision first and the text
/// as it is produced (engines that cannot stream get a default that wraps `answer(_:)`).
public protocol AnswerEngine: Sendable {
    func answer(_ request: AnswerRequest) async throws -> Answer
    func stream(_ request: AnswerRequest) -> AnswerStream
    /// Whether `stream(_:)` produces text bit by bit (worth showing as drafts) rather than all at once.
    var streamsText: Bool { get }
}

extension AnswerEngine {
    public var streamsText: Bool { false }
}
