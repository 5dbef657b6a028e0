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

    public func create(orgID: UUID, _ new: NewWebhookSubscription, by agentID: UUID) async throws -> WebhookSubscription {
        try await pool.withTenant(orgID) { session in
            let row = try await session.query(
                """
                INSERT INTO webhook_subscriptions (org_id, url, event_types, description, secret_sealed, created_by_agent_id)
                VALUES ($1, $2, $3, $4, $5, $6)
                RETURNING \(Self.subscriptionColumns)
                """, [orgID, new.url, new.eventTypes.map(\.rawValue), new.description, new.sealedSecret, agentID]
            ).singleRow()
            let created = try Self.subscription(from: try row.orThrow())
            try await AuditTrail.record(
                session, orgID: orgID, actor: .agent(agentID), action: "webhook.created", targetKind: "webhook_subscription",
                targetID: created.id.uuidString.lowercased(),
                details: ["url": created.url, "event_types": created.eventTypes.map(\.rawValue).joined(separator: ",")])
            return created
        }
    }

    public func delete(orgID: UUID, subscriptionID: UUID, by agentID: UUID) async throws -> Bool {
        try await pool.withTenant(orgID) { session in
            let row = try await session.query(
                "DELETE FROM webhook_subscriptions WHERE org_id = $1 AND subscription_id = $2 RETURNING url",
                [orgID, subscriptionID]
            ).singleRow()
            guard let row else { return false }
            try await AuditTrail.record(
                session, orgID: orgID, actor: .agent(agentID), action: "webhook.deleted", targetKind: "webhook_subscription",
                targetID: subscriptionID.uuidString.lowercased(), details: ["url": try row.decode("url")])
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
                """, [orgID, subscriptionID]
            ).singleRow()
            return try row?.decode("delivery_id", as: UUID.self)
        }
    }

    public func deliveries(orgID: UUID, subscriptionID: UUID, limit: Int) async throws -> [WebhookDeliveryRecord]? {
        try await pool.withTenant(orgID) { session in
            let exists = try await session.query(
                "SELECT 1 FROM webhook_subscriptions WHERE org_id = $1 AND subscription_id = $2", [orgID, subscriptionID])
            guard !exists.isEmpty else { return nil }
            return try await session.query(
                """
                SELECT delivery_id, event_id, event_type, status, attempts, last_status_code, last_error, created_at,
                       last_attempt_at, CASE WHEN status = 'pending' THEN next_attempt_at END AS next_attempt_at, delivered_at
                FROM webhook_deliveries
                WHERE org_id = $1 AND subscription_id = $2
                ORDER BY created_at DESC, delivery_id
                LIMIT $3
                """, [orgID, subscriptionID, limit]
            ).map { row in
                WebhookDeliveryRecord(
                    id: try row.decode("delivery_id"), eventID: try row.decode("event_id"),
                    eventType: try row.decode("event_type"),
                    status: WebhookDeliveryStatus(rawValue: try row.decode("status")) ?? .pending,
                    attempts: try row.decode("attempts"), lastStatusCode: try row.decode("last_status_code"),
                    lastError: try row.decode("last_error"), createdAt: try row.decode("created_at"),
                    lastAttemptAt: try row.decode("last_attempt_at"), nextAttemptAt: try row.decode("next_attempt_at"),
                    deliveredAt: try row.decode("delivered_at"))
            }
        }
    }

    static func subscription(from row: PostgresRow) throws -> WebhookSubscription {
        WebhookSubscription(
            id: try row.decode("subscription_id"), url: try row.decode("url"),
            eventTypes: try row.decode("event_types", as: [String].self).compactMap(WebhookEventType.init(rawValue:)),
            description: try row.decode("description"), active: try row.decode("active"),
            createdByAgentID: try row.decode("created_by_agent_id"), createdAt: try row.decode("created_at"))
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
