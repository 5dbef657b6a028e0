import Foundation
import SwitchboardDomain

/// A conversation as the REST API returns it; every key is always present (null when unset).
struct APIConversationPayload: Encodable, Sendable {
    var id: UUID
    var mode: Conversation.Mode
    @Explicit var ownerAgentId: UUID?
    @Explicit var ownerName: String?
    @Explicit var pageUrl: String?
    @Explicit var customerName: String?
    @Explicit var customerEmail: String?
    @Explicit var customerPhone: String?
    var handoffRequested: Bool
    @Explicit var handoffReason: String?
    @Explicit var status: String?
    var ownerChanges: Int
    var startedAt: Date
    var updatedAt: Date
    @Explicit var lastMessageAt: Date?
    var flaggedIncorrect: Bool
    var kbUpdateNeeded: Bool
    var followupNeeded: Bool
    var labels: [String]

    init(_ listed: ListedConversation) {
        self.init(
            listed.summary,
            flaggedIncorrect: listed.flaggedIncorrect,
            kbUpdateNeeded: listed.kbUpdateNeeded,
            followupNeeded: listed.followupNeeded
        )
    }

    init(_ reviewed: ReviewedConversation) {
        self.init(
            reviewed.conversation,
            flaggedIncorrect: reviewed.review.correction.flagged,
            kbUpdateNeeded: reviewed.review.knowledgeBase.needed,
            followupNeeded: reviewed.review.followUp.needed
        )
    }

    private init(_ summary: ConversationSummary, flaggedIncorrect: Bool, kbUpdateNeeded: Bool, followupNeeded: Bool) {
        id = summary.id
        mode = summary.mode
        ownerAgentId = summary.ownerAgentID
        ownerName = summary.ownerName
        pageUrl = summary.pageURL
        customerName = summary.contact.name ?? summary.nameProvided
        customerEmail = summary.contact.email ?? summary.emailProvided
        customerPhone = summary.contact.phone
        handoffRequested = summary.handoffRequested
        handoffReason = summary.handoffReason
        status = summary.status
        ownerChanges = summary.ownerChanges
        startedAt = summary.startedAt
        updatedAt = summary.updatedAt
        lastMessageAt = summary.lastMessageAt
        self.flaggedIncorrect = flaggedIncorrect
        self.kbUpdateNeeded = kbUpdateNeeded
        self.followupNeeded = followupNeeded
        labels = summary.labels
    }
}

/// A message as the REST API returns it; every key is always present.
struct APIMessagePayload: Encodable, Sendable {
    var seq: Int64
    var author: MessageAuthor
    @Explicit var agentId: UUID?
    @Explicit var agentName: String?
    var body: String
    var createdAt: Date
    @Explicit var clientMessageId: String?
    @Explicit var aiOutcome: AIOutcome?
    var articles: [ArticleReference]
    @Explicit var attachment: APIAttachmentPayload?

    init(_ message: ChatMessage) {
        seq = message.seq
        author = message.author
        agentId = message.agentID
        agentName = message.agentName
        body = message.body
        createdAt = message.createdAt
        clientMessageId = message.clientMessageID
        aiOutcome = message.aiOutcome
        articles = message.articles
        attachment = message.attachment.map { APIAttachmentPayload($0, conversationID: message.conversationID) }
    }
}

/// The file a message carries: what it is and where an API key with `conversations:read` downloads it.
struct APIAttachmentPayload: Encodable, Sendable {
    let id: UUID
    let name: String
    let contentType: String
    let size: Int
    let url: String

    init(_ file: AttachmentReference, conversationID: UUID) {
        id = file.id
        name = file.name
        contentType = file.contentType
        size = file.size
        url = "/api/v1/conversations/\(conversationID.uuidString)/attachments/\(file.id.uuidString)"
    }
}

/// A customer's rating of an ended chat, 1 to 5, with the optional comment.
struct APISatisfactionPayload: Encodable, Sendable {
    var rating: Int
    @Explicit var comment: String?
    var ratedAt: Date

    init(_ rating: SatisfactionRating) {
        self.rating = rating.rating
        comment = rating.comment
        ratedAt = rating.ratedAt
    }
}

/// A page of a list: the items and the cursor of the next page (null on the last one).
struct APIPage<Item: Encodable & Sendable>: Encodable, Sendable {
    var data: [Item]
    @Explicit var nextCursor: String?
}
