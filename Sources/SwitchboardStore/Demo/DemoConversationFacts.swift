import Foundation
import PostgresClient

/// The analytics facts bulk-written conversations need from their messages (`ai_answered`,
/// `ai_article_ids`, `first_question`): the message path keeps them as it appends, bulk
/// writers ask PostgreSQL once per batch so the definition stays in one SQL function.
enum DemoConversationFacts {
    /// Recomputes the facts of the conversations `idsSQL` selects (a subquery of uuids) for `orgID`.
    static func refresh(_ session: PostgresSession, orgID: UUID, idsSQL: String) async throws {
        try await session.execute(
            "SELECT switchboard.refresh_conversation_facts($1, ARRAY(\(idsSQL)))", [orgID])
    }

    /// Recomputes the facts of the given conversations for `orgID`.
    static func refresh(_ session: PostgresSession, orgID: UUID, conversationIDs: [UUID]) async throws {
        try await session.execute(
            "SELECT switchboard.refresh_conversation_facts($1, $2::uuid[])", [orgID, conversationIDs])
    }
}
