import Foundation
import PostgresClient

/// The analytics facts bulk-written conversations need from their messages, contact and flags
/// (see `switchboard.refresh_conversation_facts`): the message path and the side tables' triggers
/// keep them as they write; bulk writers ask PostgreSQL once per batch, so the definition stays
/// in one SQL function.
enum DemoConversationFacts {
    /// Recomputes the facts of the given conversations for `orgID`.
    static func refresh(_ session: PostgresSession, orgID: UUID, conversationIDs: [UUID]) async throws {
        try await session.execute(
            "SELECT switchboard.refresh_conversation_facts($1, $2::uuid[])",
            [orgID, conversationIDs]
        )
    }
}
