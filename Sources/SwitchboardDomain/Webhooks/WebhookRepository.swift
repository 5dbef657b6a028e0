import Foundation

/// Subscriptions and their delivery logs, one organisation at a time. Creating and deleting
/// write their audit entries in the same transaction.
public protocol WebhookRepository: Sendable {
    func subscriptions(orgID: UUID) async throws -> [WebhookSubscription]
    /// Oldest first, after `cursor` (created_at, id); at most `limit`.
    func subscriptionPage(orgID: UUID, after cursor: ConversationCursor?, limit: Int) async throws -> [PagedWebhookSubscription]
    /// Nil when the organisation has no such subscription.
    func subscription(orgID: UUID, subscriptionID: UUID) async throws -> WebhookSubscription?
    func create(orgID: UUID, _ subscription: NewWebhookSubscription, by actor: AuditActor) async throws -> WebhookSubscription
    /// Applies the fields the change sets; nil when the organisation has no such subscription.
    func update(
        orgID: UUID,
        subscriptionID: UUID,
        _ change: WebhookSubscriptionChange,
        by actor: AuditActor
    ) async throws
        -> WebhookSubscription?
    /// Replaces the sealed signing secret; false when the organisation has no such subscription.
    func replaceSecret(orgID: UUID, subscriptionID: UUID, sealedSecret: Data, by actor: AuditActor) async throws -> Bool
    /// False when the organisation has no such subscription.
    func delete(orgID: UUID, subscriptionID: UUID, by actor: AuditActor) async throws -> Bool
    /// Queues a `ping` event for the subscription; nil when the organisation has no such subscription.
    func enqueuePing(orgID: UUID, subscriptionID: UUID) async throws -> UUID?
    /// The newest deliveries first, before `cursor` (created_at, id); nil when the organisation
    /// has no such subscription.
    func deliveries(
        orgID: UUID,
        subscriptionID: UUID,
        before cursor: ConversationCursor?,
        limit: Int
    ) async throws
        -> [WebhookDeliveryRecord]?
    /// Queues the event of a finished delivery again as a new delivery (same event id and payload).
    func redeliver(orgID: UUID, subscriptionID: UUID, deliveryID: UUID, by actor: AuditActor) async throws -> WebhookRedelivery
}

/// What asking for a redelivery came to.
public enum WebhookRedelivery: Sendable, Equatable {
    case queued(WebhookDeliveryRecord)
    /// The delivery is still being tried; a second copy would reach the receiver twice.
    case stillPending
    case notFound
}

/// The webhook deliveries' outbox (`webhook_deliveries`) as the delivery worker sees it.
public protocol WebhookOutbox: DeliveryOutbox where Claim == ClaimedWebhookDelivery, Outcome == WebhookAttemptOutcome {}

/// A delivery a worker holds: what to send, where, and the claim that lets it record the outcome.
public struct ClaimedWebhookDelivery: Sendable, Equatable, Identifiable {
    public var orgID: UUID
    public var id: UUID
    public var subscriptionID: UUID
    public var claimID: UUID
    public var eventType: String
    /// The JSON body, exactly the bytes that are signed and sent.
    public var payload: String
    public var url: String
    public var sealedSecret: Data
    /// Attempts including this one.
    public var attempt: Int

    public init(
        orgID: UUID,
        id: UUID,
        subscriptionID: UUID,
        claimID: UUID,
        eventType: String,
        payload: String,
        url: String,
        sealedSecret: Data,
        attempt: Int
    ) {
        self.orgID = orgID
        self.id = id
        self.subscriptionID = subscriptionID
        self.claimID = claimID
        self.eventType = eventType
        self.payload = payload
        self.url = url
        self.sealedSecret = sealedSecret
        self.attempt = attempt
    }
}

/// What one attempt came to.
public enum WebhookAttemptOutcome: Sendable, Equatable {
    /// The receiver answered 2xx.
    case delivered(statusCode: Int)
    /// Try again at `retryAt`; `statusCode` is nil when no answer came (refused, timed out).
    case retry(statusCode: Int?, error: String, retryAt: Date)
    /// No more attempts.
    case failed(statusCode: Int?, error: String)
}
