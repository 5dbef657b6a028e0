import Foundation
import PostgresClient
import SwitchboardDomain

extension PostgresConversationRepository {
    public func addNote(orgID: UUID, conversationID: UUID, agentID: UUID, body: String, mentions: [UUID]) async throws -> ConversationNote? {
        try await pool.withTenant(orgID) { session in
            let rows = try await session.query(
                """
                WITH note AS (
                    INSERT INTO conversation_notes (org_id, conversation_id, agent_id, body, mentions)
                    SELECT c.org_id, c.conversation_id, $3, $4, $5::uuid[] FROM conversations c
                    WHERE c.org_id = $1 AND c.conversation_id = $2
                    RETURNING *
                )
                SELECT \(Self.noteColumns) FROM note n
                LEFT JOIN agents a ON a.org_id = n.org_id AND a.agent_id = n.agent_id
                """,
                [orgID, conversationID, agentID, body, mentions]
            )
            guard let row = rows.first else { return nil }
            let note = try Self.note(row)
            try await ConversationSQL.notify(
                session,
                RealtimeEvent(kind: .note, orgID: orgID, conversationID: conversationID, noteID: note.id)
            )
            return note
        }
    }

    public func notes(orgID: UUID, conversationID: UUID) async throws -> [ConversationNote] {
        try await pool.withTenant(orgID) { session in
            try await session.query(
                """
                SELECT \(Self.noteColumns) FROM conversation_notes n
                LEFT JOIN agents a ON a.org_id = n.org_id AND a.agent_id = n.agent_id
                WHERE n.org_id = $1 AND n.conversation_id = $2
                ORDER BY n.created_at, n.note_id
                """,
                [orgID, conversationID]
            ).map(Self.note)
        }
    }

    public func notes(orgID: UUID, ids: [UUID]) async throws -> [ConversationNote] {
        guard !ids.isEmpty else { return [] }
        return try await pool.withTenant(orgID) { session in
            try await session.query(
                """
                SELECT \(Self.noteColumns) FROM conversation_notes n
                LEFT JOIN agents a ON a.org_id = n.org_id AND a.agent_id = n.agent_id
                WHERE n.org_id = $1 AND n.note_id = ANY($2::uuid[])
                """,
                [orgID, ids]
            ).map(Self.note)
        }
    }

    static let noteColumns = "n.note_id, n.conversation_id, n.agent_id, a.display_name AS agent_name, n.body, n.mentions, n.created_at"

    static func note(_ row: PostgresRow) throws -> ConversationNote {
        ConversationNote(
            id: try row.decode("note_id"),
            conversationID: try row.decode("conversation_id"),
            agentID: try row.decode("agent_id"),
            agentName: try row.decode("agent_name"),
            body: try row.decode("body"),
            mentions: try row.decode("mentions"),
            createdAt: try row.decode("created_at")
        )
    }
}
