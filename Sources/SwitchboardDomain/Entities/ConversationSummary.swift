import Foundation

/// What lists and headers show about a conversation.
public struct ConversationSummary: Sendable, Equatable, Codable {
    public var id: UUID
    public var orgID: UUID
    public var mode: Conversation.Mode
    public var ownerAgentID: UUID?
    public var ownerName: String?
    public var pageURL: String?
    /// JSON object the host page passed to the widget, as text.
    public var contextJSON: String
    public var contact: ContactDetails
    public var handoffRequested: Bool
    public var handoffReason: String?
    /// `after-hours`, `agent-handled`, or nil while only the AI took part.
    public var status: String?
    public var nameProvided: String?
    public var emailProvided: String?
    public var ownerChanges: Int
    public var lastSeq: Int64
    public var startedAt: Date
    public var updatedAt: Date
    public var lastMessageAt: Date?
    /// When the chat ended (follow-up, closed, archived); nil while it is open.
    public var closedAt: Date?
    /// Its labels, sorted.
    public var labels: [String] = []
    /// Who wrote the latest message and its first 140 characters, for the list's preview.
    public var lastMessage: MessagePreview?

    public init(
        id: UUID,
        orgID: UUID,
        mode: Conversation.Mode,
        ownerAgentID: UUID?,
        ownerName: String?,
        pageURL: String?,
        contextJSON: String,
        contact: ContactDetails,
        handoffRequested: Bool,
        handoffReason: String?,
        status: String?,
        nameProvided: String?,
        emailProvided: String?,
        ownerChanges: Int,
        lastSeq: Int64,
        startedAt: Date,
        updatedAt: Date,
        lastMessageAt: Date?,
        closedAt: Date? = nil,
        labels: [String] = [],
        lastMessage: MessagePreview? = nil
    ) {
        self.labels = labels
        self.lastMessage = lastMessage
        self.id = id
        self.orgID = orgID
        self.mode = mode
        self.ownerAgentID = ownerAgentID
        self.ownerName = ownerName
        self.pageURL = pageURL
        self.contextJSON = contextJSON
        self.contact = contact
        self.handoffRequested = handoffRequested
        self.handoffReason = handoffReason
        self.status = status
        self.nameProvided = nameProvided
        self.emailProvided = emailProvided
        self.ownerChanges = ownerChanges
        self.lastSeq = lastSeq
        self.startedAt = startedAt
        self.updatedAt = updatedAt
        self.lastMessageAt = lastMessageAt
        self.closedAt = closedAt
    }

    public var position: LifecyclePosition { LifecyclePosition(mode: mode, ownerAgentID: ownerAgentID) }
}

/// The start of a conversation's latest message, for the conversation list.
public struct MessagePreview: Sendable, Equatable, Codable {
    public var author: MessageAuthor
    public var text: String

    public init(author: MessageAuthor, text: String) {
        self.author = author
        self.text = text
    }
}
