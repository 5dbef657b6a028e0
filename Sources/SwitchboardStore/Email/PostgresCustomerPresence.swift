import Foundation
import PostgresClient
import SwitchboardDomain

/// Whether customers have the widget open (`customer_presence`), written by the instance that
/// holds their socket and read by whichever instance handles an agent's reply.
public struct PostgresCustomerPresence: CustomerPresenceRepository {
    private let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    public func seen(orgID: UUID, conversationIDs: [UUID]) async throws {
        guard !conversationIDs.isEmpty else { return }
        try await pool.withTenant(orgID) { session in
            // Conversations deleted meanwhile are skipped by the join, not refused by the foreign key.
            // A row seen in the last few seconds is left as it is: a polling widget reports on every
            // poll, and presence only needs to be fresher than `staleAfter` (90 s by default).
            _ = try await session.execute(
                """
                INSERT INTO customer_presence (org_id, conversation_id, seen_at, left_at)
                SELECT c.org_id, c.conversation_id, now(), NULL
                FROM conversations c WHERE c.org_id = $1 AND c.conversation_id = ANY($2::uuid[])
                ON CONFLICT (org_id, conversation_id) DO UPDATE SET seen_at = now(), left_at = NULL
                WHERE customer_presence.left_at IS NOT NULL OR customer_presence.seen_at < now() - interval '10 seconds'
                """,
                [orgID, conversationIDs]
            )
        }
    }

    public func left(orgID: UUID, conversationID: UUID) async throws {
        try await pool.withTenant(orgID) { session in
            _ = try await session.execute(
                "UPDATE customer_presence SET left_at = now() WHERE org_id = $1 AND conversation_id = $2",
                [orgID, conversationID]
            )
        }
    }

    public func isAway(orgID: UUID, conversationID: UUID, staleAfter: Duration) async throws -> Bool {
        try await pool.withTenant(orgID) { session in
            let row = try await session.query(
                """
                SELECT left_at IS NULL AND seen_at > now() - make_interval(secs => $3) AS present
                FROM customer_presence WHERE org_id = $1 AND conversation_id = $2
                """,
                [orgID, conversationID, staleAfter.seconds]
            ).singleRow()
            guard let row else { return true }
            return !(try row.decode("present", as: Bool.self))
        }
    }
}
