import Foundation
import SwitchboardDomain

/// A conversation as the REST API returns it; every key is always present (null when unset).
struct APIConversationPayload: Encodable, Sendable {
    let summary: ConversationSummary
    let flaggedIncorrect: Bool
    let kbUpdateNeeded: Bool
    let followupNeeded: Bool

    init(_ listed: ListedConversation) {
        summary = listed.summary
        flaggedIncorrect = listed.flaggedIncorrect
        kbUpdateNeeded = listed.kbUpdateNeeded
        followupNeeded = listed.followupNeeded
    }

    init(_ reviewed: ReviewedConversation) {
        summary = reviewed.conversation
        flaggedIncorrect = reviewed.review.correction.flagged
        kbUpdateNeeded = reviewed.review.knowledgeBase.needed
        followupNeeded = reviewed.review.followUp.needed
    }

    enum CodingKeys: String, CodingKey {
        case id, mode, ownerAgentId, ownerName, pageUrl, customerName, customerEmail, customerPhone, handoffRequested,
            handoffReason, status, ownerChanges, startedAt, updatedAt, lastMessageAt, flaggedIncorrect, kbUpdateNeeded,
            followupNeeded, labels
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(summary.id, forKey: .id)
        try c.encode(summary.mode, forKey: .mode)
        try c.encode(summary.ownerAgentID, forKey: .ownerAgentId)
        try c.encode(summary.ownerName, forKey: .ownerName)
        try c.encode(summary.pageURL, forKey: .pageUrl)
        try c.encode(summary.contact.name ?? summary.nameProvided, forKey: .customerName)
        try c.encode(summary.contact.email ?? summary.emailProvided, forKey: .customerEmail)
        try c.encode(summary.contact.phone, forKey: .customerPhone)
        try c.encode(summary.handoffRequested, forKey: .handoffRequested)
        try c.encode(summary.handoffReason, forKey: .handoffReason)
        try c.encode(summary.status, forKey: .status)
        try c.encode(summary.ownerChanges, forKey: .ownerChanges)
        try c.encode(summary.startedAt, forKey: .startedAt)
        try c.encode(summary.updatedAt, forKey: .updatedAt)
        try c.encode(summary.lastMessageAt, forKey: .lastMessageAt)
        try c.encode(flaggedIncorrect, forKey: .flaggedIncorrect)
        try c.encode(kbUpdateNeeded, forKey: .kbUpdateNeeded)
        try c.encode(followupNeeded, forKey: .followupNeeded)
        try c.encode(summary.labels, forKey: .labels)
    }
}

/// A message as the REST API returns it; every key is always present.
struct APIMessagePayload: Encodable, Sendable {
    let message: ChatMessage

    enum CodingKeys: String, CodingKey {
        case seq, author, agentId, agentName, body, createdAt, clientMessageId, aiOutcome, articles, attachment
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(message.seq, forKey: .seq)
        try c.encode(message.author, forKey: .author)
        try c.encode(message.agentID, forKey: .agentId)
        try c.encode(message.agentName, forKey: .agentName)
        try c.encode(message.body, forKey: .body)
        try c.encode(message.createdAt, forKey: .createdAt)
        try c.encode(message.clientMessageID, forKey: .clientMessageId)
        try c.encode(message.aiOutcome, forKey: .aiOutcome)
        try c.encode(message.articles, forKey: .articles)
        try c.encode(message.attachment.map { APIAttachmentPayload($0, conversationID: message.conversationID) }, forKey: .attachment)
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
    let rating: Int
    let comment: String?
    let ratedAt: Date

    init(_ rating: SatisfactionRating) {
        self.rating = rating.rating
        comment = rating.comment
        ratedAt = rating.ratedAt
    }

    enum CodingKeys: String, CodingKey {
        case rating, comment, ratedAt
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rating, forKey: .rating)
        try c.encode(comment, forKey: .comment)
        try c.encode(ratedAt, forKey: .ratedAt)
    }
}

/// A page of a list: the items and the cursor of the next page (null on the last one).
struct APIPage<Item: Encodable & Sendable>: Encodable, Sendable {
    let data: [Item]
    let nextCursor: String?

    enum CodingKeys: String, CodingKey {
        case data, nextCursor
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(data, forKey: .data)
        try c.encode(nextCursor, forKey: .nextCursor)
    }
}
