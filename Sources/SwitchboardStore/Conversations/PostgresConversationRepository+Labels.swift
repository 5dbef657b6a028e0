import Foundation
import PostgresClient
import SwitchboardDomain

extension PostgresConversationRepository {
    public func setLabels(orgID: UUID, conversationID: UUID, labels: [String], agentID: UUID) async throws -> [String]? {
        try await pool.withTenant(orgID) { session in
            // The conversation row is locked so two agents' edits apply one after the other.
            guard
                try await session.query(
                    "SELECT 1 FROM conversations WHERE org_id = $1 AND conversation_id = $2 FOR UPDATE",
                    [orgID, conversationID]
                ).first != nil
            else { return nil }
            try await session.execute(
                "DELETE FROM conversation_labels WHERE org_id = $1 AND conversation_id = $2 AND label <> ALL ($3::text[])",
                [orgID, conversationID, labels]
            )
            try await session.execute(
                """
                INSERT INTO conversation_labels (org_id, conversation_id, label, added_by_agent_id)
                SELECT $1, $2, label, $4 FROM unnest($3::text[]) AS label
                ON CONFLICT DO NOTHING
                """,
                [orgID, conversationID, labels, agentID]
            )
            try await ConversationSQL.notify(session, RealtimeEvent(kind: .state, orgID: orgID, conversationID: conversationID))
            return labels.sorted()
        }
    }

    public func labelCounts(orgID: UUID, startedIn range: Range<Date>?) async throws -> [LabelCount] {
        try await pool.withTenant(orgID) { session in
            try await session.query(
                """
                SELECT l.label, count(*)::int AS conversations
                FROM conversation_labels l
                JOIN conversations c ON c.org_id = l.org_id AND c.conversation_id = l.conversation_id
                WHERE l.org_id = $1 AND ($2::timestamptz IS NULL OR (c.started_at >= $2 AND c.started_at < $3))
                GROUP BY l.label ORDER BY conversations DESC, l.label LIMIT 200
                """,
                [orgID, range?.lowerBound, range?.upperBound]
            ).map { LabelCount(label: try $0.decode("label"), conversations: try $0.decode("conversations")) }
        }
    }
}
