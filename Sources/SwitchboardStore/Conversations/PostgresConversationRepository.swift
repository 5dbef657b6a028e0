import Foundation
import PostgresClient
import SwitchboardDomain

/// Conversations and messages in PostgreSQL; every call is one tenant transaction.
public struct PostgresConversationRepository: ConversationRepository {
    let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    public func start(orgID: UUID, pageURL: String?, contextJSON: String, position: LifecyclePosition) async throws -> ConversationSummary {
        try await pool.withTenant(orgID) { session in
            let row = try await session.query(
                """
                WITH contact AS (INSERT INTO contacts (org_id) VALUES ($1) RETURNING contact_id)
                INSERT INTO conversations (org_id, contact_id, mode, owner_agent_id, page_url, context)
                SELECT $1, contact.contact_id, $2, $3, $4, $5::jsonb FROM contact
                RETURNING conversation_id
                """,
                [orgID, position.mode.rawValue, position.ownerAgentID, pageURL, contextJSON]
            ).singleRow()
            let id: UUID = try row!.decode("conversation_id")
            try await ConversationSQL.notify(session, RealtimeEvent(kind: .created, orgID: orgID, conversationID: id))
            return try await Self.summary(session, orgID: orgID, conversationID: id)!
        }
    }

    public func find(orgID: UUID, conversationID: UUID) async throws -> ConversationSummary? {
        try await pool.withTenant(orgID) { session in
            try await Self.summary(session, orgID: orgID, conversationID: conversationID)
        }
    }

    public func list(orgID: UUID, query: ConversationQuery) async throws -> [ConversationSummary] {
        if let search = query.search { return try await self.search(orgID: orgID, query: query, search: search) }
        return try await pool.withTenant(orgID) { session in
            try await session.query(
                """
                SELECT \(ConversationSQL.summaryColumns) \(ConversationSQL.summaryJoins)
                WHERE c.org_id = $1 AND c.mode = ANY ($2::text[])
                  AND ($3::uuid IS NULL OR c.owner_agent_id = $3)
                  AND ($5::text IS NULL OR EXISTS (SELECT 1 FROM conversation_labels l
                       WHERE l.org_id = c.org_id AND l.conversation_id = c.conversation_id AND l.label = $5))
                ORDER BY c.updated_at DESC LIMIT $4
                """,
                [orgID, query.modes.map(\.rawValue).sorted(), query.ownerAgentID, max(1, min(query.limit, 500)), query.label]
            ).map(ConversationSQL.summary(from:))
        }
    }

    public func countByMode(orgID: UUID) async throws -> [Conversation.Mode: Int] {
        try await pool.withTenant(orgID) { session in
            let rows = try await session.query(
                "SELECT mode, count(*) AS n FROM conversations WHERE org_id = $1 GROUP BY mode",
                [orgID]
            )
            var counts: [Conversation.Mode: Int] = [:]
            for row in rows {
                guard let mode = Conversation.Mode(rawValue: try row.decode("mode", as: String.self)) else { continue }
                counts[mode] = try row.decode("n", as: Int.self)
            }
            return counts
        }
    }

    public func messages(orgID: UUID, conversationID: UUID, afterSeq: Int64, limit: Int) async throws -> [ChatMessage] {
        try await pool.withTenant(orgID) { session in
            try await session.query(
                """
                SELECT \(ConversationSQL.messageColumns) \(ConversationSQL.messageJoins)
                WHERE m.org_id = $1 AND m.conversation_id = $2 AND m.seq > $3
                ORDER BY m.seq LIMIT $4
                """,
                [orgID, conversationID, afterSeq, max(1, min(limit, 1000))]
            ).map(ConversationSQL.message(from:))
        }
    }

    public func latestMessages(orgID: UUID, conversationID: UUID, limit: Int) async throws -> [ChatMessage] {
        try await pool.withTenant(orgID) { session in
            let newestFirst = try await session.query(
                """
                SELECT \(ConversationSQL.messageColumns) \(ConversationSQL.messageJoins)
                WHERE m.org_id = $1 AND m.conversation_id = $2
                ORDER BY m.seq DESC LIMIT $3
                """,
                [orgID, conversationID, max(1, min(limit, 1000))]
            ).map(ConversationSQL.message(from:))
            return Array(newestFirst.reversed())
        }
    }

    public func messages(orgID: UUID, after cursors: [UUID: Int64], limit: Int) async throws -> [ChatMessage] {
        guard !cursors.isEmpty else { return [] }
        let ids = Array(cursors.keys)
        return try await pool.withTenant(orgID) { session in
            try await session.query(
                """
                SELECT \(ConversationSQL.messageColumns) \(ConversationSQL.messageJoins)
                JOIN unnest($2::uuid[], $3::bigint[]) AS cursor(conversation_id, after_seq)
                  ON m.conversation_id = cursor.conversation_id AND m.seq > cursor.after_seq
                WHERE m.org_id = $1
                ORDER BY m.conversation_id, m.seq LIMIT $4
                """,
                [orgID, ids, ids.map { String(cursors[$0]!) }, max(1, min(limit, 5000))]
            ).map(ConversationSQL.message(from:))
        }
    }

    public func messages(orgID: UUID, keys: [(conversationID: UUID, seq: Int64)]) async throws -> [ChatMessage] {
        guard !keys.isEmpty else { return [] }
        return try await pool.withTenant(orgID) { session in
            try await session.query(
                """
                SELECT \(ConversationSQL.messageColumns) \(ConversationSQL.messageJoins)
                JOIN unnest($2::uuid[], $3::bigint[]) AS wanted(conversation_id, seq)
                  ON m.conversation_id = wanted.conversation_id AND m.seq = wanted.seq
                WHERE m.org_id = $1
                ORDER BY m.conversation_id, m.seq
                """,
                [orgID, keys.map(\.conversationID), keys.map { String($0.seq) }]
            ).map(ConversationSQL.message(from:))
        }
    }

    public func find(orgID: UUID, conversationIDs: [UUID]) async throws -> [ConversationSummary] {
        guard !conversationIDs.isEmpty else { return [] }
        return try await pool.withTenant(orgID) { session in
            try await session.query(
                """
                SELECT \(ConversationSQL.summaryColumns) \(ConversationSQL.summaryJoins)
                WHERE c.org_id = $1 AND c.conversation_id = ANY ($2::uuid[])
                """,
                [orgID, conversationIDs]
            ).map(ConversationSQL.summary(from:))
        }
    }

    public func captureContact(orgID: UUID, conversationID: UUID, contact: ContactDetails) async throws {
        guard !contact.isEmpty else { return }
        try await pool.withTenant(orgID) { session in
            try await session.execute(
                """
                UPDATE contacts ct SET name = COALESCE(ct.name, $3), email = COALESCE(ct.email, $4),
                       phone = COALESCE(ct.phone, $5), updated_at = now()
                FROM conversations c
                WHERE c.org_id = $1 AND c.conversation_id = $2 AND ct.org_id = c.org_id AND ct.contact_id = c.contact_id
                """,
                [orgID, conversationID, contact.name, contact.email, contact.phone]
            )
            try await ConversationSQL.notify(session, RealtimeEvent(kind: .state, orgID: orgID, conversationID: conversationID))
        }
    }

    public func recordAfterHoursForm(orgID: UUID, conversationID: UUID, name: String, email: String, reason: String) async throws {
        try await pool.withTenant(orgID) { session in
            let updated = try await session.execute(
                """
                UPDATE conversations SET name_provided = $3, email_provided = $4, handoff_reason = $5
                WHERE org_id = $1 AND conversation_id = $2 AND mode = 'review' AND status = 'after-hours'
                """,
                [orgID, conversationID, name, email, reason]
            )
            guard updated == 1 else {
                throw SimpleDomainError.notWaitingForAfterHoursForm
            }
            try await ConversationSQL.notify(session, RealtimeEvent(kind: .state, orgID: orgID, conversationID: conversationID))
        }
    }

    public func idleAIConversations(orgID: UUID, inactiveSince cutoff: Date, limit: Int) async throws -> [UUID] {
        try await pool.withTenant(orgID) { session in
            try await session.query(
                """
                SELECT conversation_id FROM conversations
                WHERE org_id = $1 AND mode = 'ai' AND COALESCE(last_message_at, started_at) < $2
                ORDER BY COALESCE(last_message_at, started_at) LIMIT $3
                """,
                [orgID, cutoff, limit]
            ).map { try $0.decode("conversation_id", as: UUID.self) }
        }
    }

    static func summary(_ session: PostgresSession, orgID: UUID, conversationID: UUID) async throws -> ConversationSummary? {
        try await session.query(
            """
            SELECT \(ConversationSQL.summaryColumns) \(ConversationSQL.summaryJoins)
            WHERE c.org_id = $1 AND c.conversation_id = $2
            """,
            [orgID, conversationID]
        ).singleRow().map(ConversationSQL.summary(from:))
    }
}
