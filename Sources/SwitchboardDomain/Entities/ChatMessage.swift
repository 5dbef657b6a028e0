import Foundation

/// One stored message of a conversation, in sequence order.
public struct ChatMessage: Sendable, Equatable, Codable {
    public var conversationID: UUID
    /// Per-conversation sequence number, from 1; clients resume "after" the last one they saw.
    public var seq: Int64
    public var author: MessageAuthor
    public var agentID: UUID?
    /// The agent's display name at the time of reading.
    public var agentName: String?
    public var body: String
    public var clientMessageID: String?
    public var createdAt: Date
    /// For AI messages: whether it answered or was not sure.
    public var aiOutcome: AIOutcome?
    /// For AI answers: the articles the answer came from.
    public var articles: [ArticleReference]
    public var confidence: Double?
    /// The file this message sends, if any.
    public var attachment: AttachmentReference?

    public init(
        conversationID: UUID,
        seq: Int64,
        author: MessageAuthor,
        agentID: UUID? = nil,
        agentName: String? = nil,
        body: String,
        clientMessageID: String? = nil,
        createdAt: Date,
        aiOutcome: AIOutcome? = nil,
        articles: [ArticleReference] = [],
        confidence: Double? = nil,
        attachment: AttachmentReference? = nil
    ) {
        self.attachment = attachment
        self.conversationID = conversationID
        self.seq = seq
        self.author = author
        self.agentID = agentID
        self.agentName = agentName
        self.body = body
        self.clientMessageID = clientMessageID
        self.createdAt = createdAt
        self.aiOutcome = aiOutcome
        self.articles = articles
        self.confidence = confidence
    }
}

/// How an AI message came out.
public enum AIOutcome: String, Sendable, Codable {
    case answered
    case notSure = "not_sure"
}

/// A message about to be stored.
public struct NewMessage: Sendable, Equatable {
    public var author: MessageAuthor
    public var agentID: UUID?
    public var body: String
    public var clientMessageID: String?
    public var aiOutcome: AIOutcome?
    public var articleIDs: [UUID]
    public var confidence: Double?
    /// The stored file the message sends (set by the repository when it stores the file).
    public var attachmentID: UUID?

    public init(
        author: MessageAuthor,
        agentID: UUID? = nil,
        body: String,
        clientMessageID: String? = nil,
        aiOutcome: AIOutcome? = nil,
        articleIDs: [UUID] = [],
        confidence: Double? = nil
    ) {
        self.author = author
        self.agentID = agentID
        self.body = body
        self.clientMessageID = clientMessageID
        self.aiOutcome = aiOutcome
        self.articleIDs = articleIDs
        self.confidence = confidence
    }
}
