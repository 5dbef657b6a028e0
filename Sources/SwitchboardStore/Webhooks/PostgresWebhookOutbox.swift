import Foundation
import PostgresClient
import SwitchboardDomain

/// The delivery worker's view of `webhook_deliveries`. Claims move a row's `next_attempt_at` a
/// lease ahead and stamp a claim id, in a short transaction of their own: no transaction stays
/// open across the HTTP call, and a worker that dies mid-delivery releases the row when the lease
/// runs out. Only the holder of the current claim id can record the outcome.
public struct PostgresWebhookOutbox: WebhookOutbox {
    /// The channel the enqueueing triggers notify (payload: the organisation's id).
    public static let channel = "switchboard_webhooks"

    private let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    public func organisationsWithDueRows() async throws -> [UUID] {
        try await pool.withConnection { session in
            try await session.query("SELECT id FROM switchboard.org_ids_with_due_webhooks() AS id")
                .map { try $0.decode("id", as: UUID.self) }
        }
    }

    public func claim(orgID: UUID, limit: Int, lease: Duration) async throws -> [ClaimedWebhookDelivery] {
        let claimID = UUID()
        return try await pool.withTenant(orgID) { session in
            try await session.query(
                """
                WITH due AS (
                    SELECT delivery_id FROM webhook_deliveries
                    WHERE org_id = $1 AND status = 'pending' AND next_attempt_at <= now()
                    ORDER BY next_attempt_at, created_at
                    LIMIT $2
                    FOR UPDATE SKIP LOCKED
                )
                UPDATE webhook_deliveries d
                SET attempts = d.attempts + 1, claim_id = $3, last_attempt_at = now(),
                    next_attempt_at = now() + make_interval(secs => $4)
                FROM due, webhook_subscriptions s
                WHERE d.org_id = $1 AND d.delivery_id = due.delivery_id
                  AND s.org_id = d.org_id AND s.subscription_id = d.subscription_id
                RETURNING d.delivery_id, d.subscription_id, d.event_type, d.payload::text AS payload, d.attempts,
                          s.url, s.secret_sealed
                """,
                [orgID, limit, claimID, lease.seconds]
            ).map { row in
                ClaimedWebhookDelivery(
                    orgID: orgID,
                    id: try row.decode("delivery_id"),
                    subscriptionID: try row.decode("subscription_id"),
                    claimID: claimID,
                    eventType: try row.decode("event_type"),
                    payload: try row.decode("payload"),
                    url: try row.decode("url"),
                    sealedSecret: try row.decode("secret_sealed"),
                    attempt: try row.decode("attempts")
                )
            }
        }
    }

    public func purgeFinished(olderThan age: Duration) async throws -> Int {
        try await pool.sumOverOrganisations { orgID, session in
            try await session.execute(
                """
                DELETE FROM webhook_deliveries
                WHERE org_id = $1 AND status <> 'pending' AND created_at < now() - make_interval(secs => $2)
                """,
                [orgID, age.seconds]
            )
        }
    }

    public func settle(_ delivery: ClaimedWebhookDelivery, outcome: WebhookAttemptOutcome) async throws {
        let status: String
        let code: Int?
        let error: String?
        let retryAt: Date?
        switch outcome {
        case .delivered(let statusCode):
            (status, code, error, retryAt) = ("delivered", statusCode, nil, nil)
        case .retry(let statusCode, let reason, let at):
            (status, code, error, retryAt) = ("pending", statusCode, reason, at)
        case .failed(let statusCode, let reason):
            (status, code, error, retryAt) = ("failed", statusCode, reason, nil)
        }
        try await pool.withTenant(delivery.orgID) { session in
            try await session.execute(
                """
                UPDATE webhook_deliveries
                SET status = $4, last_status_code = $5, last_error = left($6, 300), claim_id = NULL,
                    next_attempt_at = COALESCE($7, next_attempt_at),
                    delivered_at = CASE WHEN $4 = 'delivered' THEN now() END
                WHERE org_id = $1 AND delivery_id = $2 AND claim_id = $3
                """,
                [delivery.orgID, delivery.id, delivery.claimID, status, code, error, retryAt]
            )
        }
    }
}
