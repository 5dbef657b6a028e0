import Foundation
import PostgresClient
import SwitchboardDomain

/// Removes old resolved conversations of one organisation in PostgreSQL.
public struct PostgresCleanupRepository: CleanupRepository {
    private let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    public func count(orgID: UUID, closedBefore cutoff: Date) async throws -> Int {
        try await pool.withTenant(orgID) { session in
            try await session.query(
                """
                SELECT count(*) AS n FROM conversations
                WHERE org_id = $1 AND mode IN ('closed', 'archived') AND closed_at < $2
                """,
                [orgID, cutoff]
            ).singleRow()!.decode("n", as: Int.self)
        }
    }

    public func delete(orgID: UUID, closedBefore cutoff: Date, confirm: @Sendable (Int) throws -> AuditRecord) async throws -> Int {
        try await pool.withTenant(orgID) { session in
            // Locked, so the count confirmed is exactly what is deleted.
            let ids = try await session.query(
                """
                SELECT conversation_id FROM conversations
                WHERE org_id = $1 AND mode IN ('closed', 'archived') AND closed_at < $2
                FOR UPDATE
                """,
                [orgID, cutoff]
            ).map { try $0.decode("conversation_id", as: UUID.self) }
            let record = try confirm(ids.count)
            guard !ids.isEmpty else {
                try await AuditSQL.insert(session, orgID: orgID, record)
                return 0
            }
            // Messages, ownership history and review flags go with the conversation (ON DELETE CASCADE);
            // its contact goes too unless another conversation still uses it.
            let removed = try await session.query(
                """
                WITH gone AS (
                    DELETE FROM conversations WHERE org_id = $1 AND conversation_id = ANY ($2::uuid[])
                    RETURNING contact_id
                ), contacts_gone AS (
                    DELETE FROM contacts ct
                    WHERE ct.org_id = $1 AND ct.contact_id IN (SELECT contact_id FROM gone WHERE contact_id IS NOT NULL)
                      AND NOT EXISTS (
                          SELECT 1 FROM conversations c
                          WHERE c.org_id = $1 AND c.contact_id = ct.contact_id AND c.conversation_id <> ALL ($2::uuid[]))
                )
                SELECT count(*) AS n FROM gone
                """,
                [orgID, ids]
            ).singleRow()!.decode("n", as: Int.self)
            try await AuditSQL.insert(session, orgID: orgID, record)
            return removed
        }
    }
}
