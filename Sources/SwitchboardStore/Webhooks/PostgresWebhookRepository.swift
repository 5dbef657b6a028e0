import Foundation
import PostgresClient
import SwitchboardDomain

/// Webhook subscriptions and their delivery logs in PostgreSQL, under the organisation's
/// row-level security. Creating and deleting commit together with their audit entries.
public struct PostgresWebhookRepository: WebhookRepository {
    private let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    static let subscriptionColumns =
        "subscription_id, url, event_types, description, active, created_by_agent_id, created_at"

    public func subscriptions(orgID: UUID) async throws -> [WebhookSubscription] {
        try await pool.withTenant(orgID) { session in
            try await session.query(
                "SELECT \(Self.subscriptionColumns) FROM webhook_subscriptions WHERE org_id = $1 ORDER BY created_at, subscription_id",
                [orgID]
            ).map(Self.subscription(from:))
        }
    }

    public func subscriptionPage(orgID: UUID, after cursor: ConversationCursor?, limit: Int) async throws -> [PagedWebhookSubscription] {
        try await pool.withTenant(orgID) { session in
            try await session.query(
                """
                SELECT \(Self.subscriptionColumns), (extract(epoch FROM created_at) * 1000000)::bigint AS cursor_us
                FROM webhook_subscriptions
                WHERE org_id = $1
                  AND ($2::bigint IS NULL
                       OR (created_at, subscription_id) > (timestamptz 'epoch' + $2::bigint * interval '1 microsecond', $3::uuid))
                ORDER BY created_at, subscription_id
                LIMIT $4
                """,
                [orgID, cursor?.startedAtMicroseconds, cursor?.id, max(1, min(limit, 1000))]
            ).map { row in
                let subscription = try Self.subscription(from: row)
                return PagedWebhookSubscription(
                    subscription: subscription,
                    cursor: ConversationCursor(startedAtMicroseconds: try row.decode("cursor_us"), id: subscription.id)
                )
            }
        }
    }

    public func subscription(orgID: UUID, subscriptionID: UUID) async throws -> WebhookSubscription? {
        try await pool.withTenant(orgID) { session in
            try await session.query(
                "SELECT \(Self.subscriptionColumns) FROM webhook_subscriptions WHERE org_id = $1 AND subscription_id = $2",
                [orgID, subscriptionID]
            ).singleRow().map(Self.subscription(from:))
        }
    }

    public func create(orgID: UUID, _ new: NewWebhookSubscription, by actor: AuditActor) async throws -> WebhookSubscription {
        try await pool.withTenant(orgID) { session in
            let agentID: UUID? = if case .agent(let id) = actor { id } else { nil }
            let row = try await session.query(
                """
                INSERT INTO webhook_subscriptions (org_id, url, event_types, description, secret_sealed, created_by_agent_id)
                VALUES ($1, $2, $3, $4, $5, $6)
                RETURNING \(Self.subscriptionColumns)
                """,
                [orgID, new.url, new.eventTypes.map(\.rawValue), new.description, new.sealedSecret, agentID]
            ).singleRow()
            let created = try Self.subscription(from: try row.orThrow())
            try await AuditTrail.record(
                session,
                orgID: orgID,
                actor: actor,
                action: "webhook.created",
                targetKind: "webhook_subscription",
                targetID: created.id.uuidString.lowercased(),
                details: ["url": created.url, "event_types": created.eventTypes.map(\.rawValue).joined(separator: ",")]
            )
            return created
        }
    }

    public func update(
        orgID: UUID,
        subscriptionID: UUID,
        _ change: WebhookSubscriptionChange,
        by actor: AuditActor
    ) async throws -> WebhookSubscription? {
        try await pool.withTenant(orgID) { session in
            let row = try await session.query(
                """
                UPDATE webhook_subscriptions
                SET url = COALESCE($3, url), event_types = COALESCE($4, event_types),
                    description = CASE WHEN $5::text IS NULL THEN description ELSE NULLIF($5, '') END,
                    active = COALESCE($6, active)
                WHERE org_id = $1 AND subscription_id = $2
                RETURNING \(Self.subscriptionColumns)
                """,
                [orgID, subscriptionID, change.url, change.eventTypes.map { $0.map(\.rawValue) }, change.description, change.active]
            ).singleRow()
            guard let row else { return nil }
            let updated = try Self.subscription(from: row)
            var details: [String: String] = [:]
            if let url = change.url { details["url"] = url }
            if let types = change.eventTypes { details["event_types"] = types.map(\.rawValue).joined(separator: ",") }
            if change.description != nil { details["description"] = updated.description ?? "" }
            if let active = change.active { details["active"] = String(active) }
            try await AuditTrail.record(
                session,
                orgID: orgID,
                actor: actor,
                action: "webhook.updated",
                targetKind: "webhook_subscription",
                targetID: subscriptionID.uuidString.lowercased(),
                details: details
            )
            return updated
        }
    }

    public func replaceSecret(orgID: UUID, subscriptionID: UUID, sealedSecret: Data, by actor: AuditActor) async throws -> Bool {
        try await pool.withTenant(orgID) { session in
            let changed = try await session.execute(
                "UPDATE webhook_subscriptions SET secret_sealed = $3 WHERE org_id = $1 AND subscription_id = $2",
                [orgID, subscriptionID, sealedSecret]
            )
            guard changed > 0 else { return false }
            try await AuditTrail.record(
                session,
                orgID: orgID,
                actor: actor,
                action: "webhook.secret_rotated",
                targetKind: "webhook_subscription",
                targetID: subscriptionID.uuidString.lowercased()
            )
            return true
        }
    }

    public func delete(orgID: UUID, subscriptionID: UUID, by actor: AuditActor) async throws -> Bool {
        try await pool.withTenant(orgID) { session in
            let row = try await session.query(
                "DELETE FROM webhook_subscriptions WHERE org_id = $1 AND subscription_id = $2 RETURNING url",
                [orgID, subscriptionID]
            ).singleRow()
            guard let row else { return false }
            try await AuditTrail.record(
                session,
                orgID: orgID,
                actor: actor,
                action: "webhook.deleted",
                targetKind: "webhook_subscription",
                targetID: subscriptionID.uuidString.lowercased(),
                details: ["url": try row.decode("url")]
            )
            return true
        }
    }

    public func enqueuePing(orgID: UUID, subscriptionID: UUID) async throws -> UUID? {
        try await pool.withTenant(orgID) { session in
            let row = try await session.query(
                """
                WITH event AS (SELECT gen_random_uuid() AS id)
                INSERT INTO webhook_deliveries (org_id, subscription_id, event_id, event_type, payload)
                SELECT s.org_id, s.subscription_id, event.id, 'ping',
                       jsonb_build_object('id', event.id, 'type', 'ping', 'created_at', webhook_time(now()),
                                          'organisation_id', s.org_id,
                                          'data', jsonb_build_object('subscription_id', s.subscription_id))
                FROM webhook_subscriptions s, event
                WHERE s.org_id = $1 AND s.subscription_id = $2
                RETURNING delivery_id, pg_notify('switchboard_webhooks', org_id::text)::text AS woken
                """,
                [orgID, subscriptionID]
            ).singleRow()
            return try row?.decode("delivery_id", as: UUID.self)
        }
    }

    static let deliveryColumns = """
        delivery_id, event_id, event_type, status, attempts, last_status_code, last_error, created_at, last_attempt_at,
        CASE WHEN status = 'pending' THEN next_attempt_at END AS next_attempt_at, delivered_at,
        (extract(epoch FROM created_at) * 1000000)::bigint AS cursor_us
        """

    public func deliveries(
        orgID: UUID,
        subscriptionID: UUID,
        before cursor: ConversationCursor?,
        limit: Int
    ) async throws -> [WebhookDeliveryRecord]? {
        try await pool.withTenant(orgID) { session in
            let exists = try await session.query(
                "SELECT 1 FROM webhook_subscriptions WHERE org_id = $1 AND subscription_id = $2",
                [orgID, subscriptionID]
            )
            guard !exists.isEmpty else { return nil }
            return try await session.query(
                """
                SELECT \(Self.deliveryColumns)
                FROM webhook_deliveries
                WHERE org_id = $1 AND subscription_id = $2
                  AND ($4::bigint IS NULL
                       OR (created_at, delivery_id) < (timestamptz 'epoch' + $4::bigint * interval '1 microsecond', $5::uuid))
                ORDER BY created_at DESC, delivery_id DESC
                LIMIT $3
                """,
                [orgID, subscriptionID, limit, cursor?.startedAtMicroseconds, cursor?.id]
            ).map(Self.delivery(from:))
        }
    }

    public func redeliver(orgID: UUID, subscriptionID: UUID, deliveryID: UUID, by actor: AuditActor) async throws -> WebhookRedelivery {
        try await pool.withTenant(orgID) { session in
            // Locks the original so two redelivery requests for it cannot both see it finished.
            let original = try await session.query(
                """
                SELECT status FROM webhook_deliveries
                WHERE org_id = $1 AND subscription_id = $2 AND delivery_id = $3
                FOR UPDATE
                """,
                [orgID, subscriptionID, deliveryID]
            ).singleRow()
            guard let original else { return .notFound }
            guard try original.decode("status", as: String.self) != "pending" else { return .stillPending }
            let row = try await session.query(
                """
                INSERT INTO webhook_deliveries (org_id, subscription_id, event_id, event_type, payload)
                SELECT org_id, subscription_id, event_id, event_type, payload FROM webhook_deliveries
                WHERE org_id = $1 AND delivery_id = $2
                RETURNING \(Self.deliveryColumns), pg_notify('switchboard_webhooks', org_id::text)::text AS woken
                """,
                [orgID, deliveryID]
            ).singleRow()
            let queued = try Self.delivery(from: try row.orThrow())
            try await AuditTrail.record(
                session,
                orgID: orgID,
                actor: actor,
                action: "webhook.redelivered",
                targetKind: "webhook_subscription",
                targetID: subscriptionID.uuidString.lowercased(),
                details: ["delivery_id": deliveryID.uuidString.lowercased(), "new_delivery_id": queued.id.uuidString.lowercased()]
            )
            return .queued(queued)
        }
    }

    static func delivery(from row: PostgresRow) throws -> WebhookDeliveryRecord {
        let id: UUID = try row.decode("delivery_id")
        return WebhookDeliveryRecord(
            id: id,
            eventID: try row.decode("event_id"),
            eventType: try row.decode("event_type"),
            status: WebhookDeliveryStatus(rawValue: try row.decode("status")) ?? .pending,
            attempts: try row.decode("attempts"),
            lastStatusCode: try row.decode("last_status_code"),
            lastError: try row.decode("last_error"),
            createdAt: try row.decode("created_at"),
            lastAttemptAt: try row.decode("last_attempt_at"),
            nextAttemptAt: try row.decode("next_attempt_at"),
            deliveredAt: try row.decode("delivered_at"),
            cursor: ConversationCursor(startedAtMicroseconds: try row.decode("cursor_us"), id: id)
        )
    }

    static func subscription(from row: PostgresRow) throws -> WebhookSubscription {
        WebhookSubscription(
            id: try row.decode("subscription_id"),
            url: try row.decode("url"),
            eventTypes: try row.decode("event_types", as: [String].self).compactMap(WebhookEventType.init(rawValue:)),
            description: try row.decode("description"),
            active: try row.decode("active"),
            createdByAgentID: try row.decode("created_by_agent_id"),
            createdAt: try row.decode("created_at")
        )
    }
}

extension Optional where Wrapped == PostgresRow {
    /// The row a statement with RETURNING must produce.
    func orThrow() throws -> PostgresRow {
        guard let self else { throw WebhookStoreError.missingRow }
        return self
    }
}

/// A statement that must return a row returned none.
struct WebhookStoreError: Error, CustomStringConvertible {
    static let missingRow = WebhookStoreError()
    var description: String { "the webhook statement returned no row" }
}
