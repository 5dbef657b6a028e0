import Foundation
import PostgresClient
import SwitchboardDomain

extension PostgresConversationRepository {
    public func rate(orgID: UUID, conversationID: UUID, rating: Int, comment: String?) async throws -> SatisfactionRating? {
        try await pool.withTenant(orgID) { session in
            // Only a chat that has ended is rated; the mode is read in the same statement.
            let rows = try await session.query(
                """
                INSERT INTO satisfaction_ratings (org_id, conversation_id, rating, comment)
                SELECT c.org_id, c.conversation_id, $3, $4 FROM conversations c
                WHERE c.org_id = $1 AND c.conversation_id = $2 AND c.mode = ANY($5::text[])
                ON CONFLICT (org_id, conversation_id)
                    DO UPDATE SET rating = EXCLUDED.rating, comment = EXCLUDED.comment, rated_at = now()
                RETURNING rating::int AS rating, comment, rated_at
                """,
                [orgID, conversationID, rating, comment, SatisfactionRating.ratableModes.map(\.rawValue).sorted()]
            )
            guard let row = rows.first else { return nil }
            try await ConversationSQL.notify(session, RealtimeEvent(kind: .state, orgID: orgID, conversationID: conversationID))
            return try Self.rating(row)
        }
    }

    public func satisfaction(orgID: UUID, conversationID: UUID) async throws -> SatisfactionRating? {
        try await pool.withTenant(orgID) { session in
            try await session.query(
                """
                SELECT rating::int AS rating, comment, rated_at FROM satisfaction_ratings
                WHERE org_id = $1 AND conversation_id = $2
                """,
                [orgID, conversationID]
            ).first.map(Self.rating)
        }
    }

    static func rating(_ row: PostgresRow) throws -> SatisfactionRating {
        SatisfactionRating(rating: try row.decode("rating"), comment: try row.decode("comment"), ratedAt: try row.decode("rated_at"))
    }
}
