import Foundation

/// The events an organisation can subscribe a webhook to, named as they appear in `type`.
public enum WebhookEventType: String, Sendable, CaseIterable, Codable {
    case conversationCreated = "conversation.created"
    case handoffRequested = "handoff.requested"
    case conversationTakenOver = "conversation.taken_over"
    case messageCreated = "message.created"
    case conversationClosed = "conversation.closed"
    case aiFlaggedIncorrect = "ai.flagged_incorrect"
    case followupFlagged = "followup.flagged"

    /// The event a test send delivers; nobody subscribes to it.
    public static let ping = "ping"
}

/// A URL of an organisation's that receives some of its events, signed with its own secret.
public struct WebhookSubscription: Sendable, Equatable {
    public var id: UUID
    public var url: String
    public var eventTypes: [WebhookEventType]
    public var description: String?
    public var active: Bool
    public var createdByAgentID: UUID?
    public var createdAt: Date

    public init(
        id: UUID,
        url: String,
        eventTypes: [WebhookEventType],
        description: String?,
        active: Bool,
        createdByAgentID: UUID?,
        createdAt: Date
    ) {
        self.id = id
        self.url = url
        self.eventTypes = eventTypes
        self.description = description
        self.active = active
        self.createdByAgentID = createdByAgentID
        self.createdAt = createdAt
    }
}

/// A new subscription as the service hands it to the repository: validated, secret already sealed.
public struct NewWebhookSubscription: Sendable, Equatable {
    public var url: String
    public var eventTypes: [WebhookEventType]
    public var description: String?
    public var sealedSecret: Data

    public init(url: String, eventTypes: [WebhookEventType], description: String?, sealedSecret: Data) {
        self.url = url
        self.eventTypes = eventTypes
        self.description = description
        self.sealedSecret = sealedSecret
    }
}

/// An edit of a subscription: nil fields stay as they are; an empty description clears it.
public struct WebhookSubscriptionChange: Sendable, Equatable {
    public var url: String?
    public var eventTypes: [WebhookEventType]?
    public var description: String?
    public var active: Bool?

    public init(url: String? = nil, eventTypes: [WebhookEventType]? = nil, description: String? = nil, active: Bool? = nil) {
        self.url = url
        self.eventTypes = eventTypes
        self.description = description
        self.active = active
    }
}

/// A subscription in a page of the list, with the position the next page starts after.
public struct PagedWebhookSubscription: Sendable, Equatable {
    public var subscription: WebhookSubscription
    public var cursor: ConversationCursor

    public init(subscription: WebhookSubscription, cursor: ConversationCursor) {
        self.subscription = subscription
        self.cursor = cursor
    }
}

/// Where one delivery (one event to one subscription) stands.
public enum WebhookDeliveryStatus: String, Sendable, Codable {
    /// Waiting for its next attempt, or being sent right now.
    case pending
    /// The receiver answered 2xx.
    case delivered
    /// Given up after the last attempt.
    case failed
}

/// One line of a subscription's delivery log, as administrators read it.
public struct WebhookDeliveryRecord: Sendable, Equatable {
    public var id: UUID
    public var eventID: UUID
    public var eventType: String
    public var status: WebhookDeliveryStatus
    public var attempts: Int
    public var lastStatusCode: Int?
    public var lastError: String?
    public var createdAt: Date
    public var lastAttemptAt: Date?
    /// When the next attempt is due; nil once delivered or failed.
    public var nextAttemptAt: Date?
    public var deliveredAt: Date?
    /// The position of this entry in the newest-first log, for `cursor`.
    public var cursor: ConversationCursor?

    public init(
        id: UUID,
        eventID: UUID,
        eventType: String,
        status: WebhookDeliveryStatus,
        attempts: Int,
        lastStatusCode: Int?,
        lastError: String?,
        createdAt: Date,
        lastAttemptAt: Date?,
        nextAttemptAt: Date?,
        deliveredAt: Date?,
        cursor: ConversationCursor? = nil
    ) {
        self.id = id
        self.eventID = eventID
        self.eventType = eventType
        self.status = status
        self.attempts = attempts
        self.lastStatusCode = lastStatusCode
        self.lastError = lastError
        self.createdAt = createdAt
        self.lastAttemptAt = lastAttemptAt
        self.nextAttemptAt = nextAttemptAt
        self.deliveredAt = deliveredAt
        self.cursor = cursor
    }
}
