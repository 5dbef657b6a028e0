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
        labels: [String] = []
    ) {
        self.labels = labels
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
