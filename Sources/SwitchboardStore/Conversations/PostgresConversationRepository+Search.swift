import Foundation
import PostgresClient
import SwitchboardDomain

extension PostgresConversationRepository {
    /// The conversations a search finds, each way through its own index (0018), then filtered
    /// like the list: customer text by prefix, contact name and email contained, phone digits, id prefix.
    func search(orgID: UUID, query: ConversationQuery, search: ConversationSearch) async throws -> [ConversationSummary] {
        try await pool.withTenant(orgID) { session in
            try await session.query(
                """
                WITH found AS (
                    SELECT m.conversation_id FROM messages m
                    WHERE m.org_id = $1 AND m.author_kind = 'customer'
                      AND to_tsvector('simple', m.body) @@ to_tsquery('simple', $5)
                    UNION
                    SELECT c.conversation_id FROM conversations c
                    JOIN contacts ct ON ct.org_id = c.org_id AND ct.contact_id = c.contact_id
                    WHERE c.org_id = $1 AND (lower(ct.name) LIKE $6 OR lower(ct.email) LIKE $6
                          OR ($7::text IS NOT NULL AND regexp_replace(ct.phone, '[^0-9]', '', 'g') = $7))
                    UNION
                    SELECT c.conversation_id FROM conversations c
                    WHERE c.org_id = $1 AND (lower(c.name_provided) LIKE $6 OR lower(c.email_provided) LIKE $6
                          OR ($8::text IS NOT NULL AND c.conversation_id::text LIKE $8 || '%'))
                )
                SELECT \(ConversationSQL.summaryColumns) \(ConversationSQL.summaryJoins)
                JOIN found f ON f.conversation_id = c.conversation_id
                WHERE c.org_id = $1 AND c.mode = ANY ($2::text[]) AND ($3::uuid IS NULL OR c.owner_agent_id = $3)
                  AND ($9::text IS NULL OR EXISTS (SELECT 1 FROM conversation_labels l
                       WHERE l.org_id = c.org_id AND l.conversation_id = c.conversation_id AND l.label = $9))
                ORDER BY c.updated_at DESC LIMIT $4
                """,
                [
                    orgID, query.modes.map(\.rawValue).sorted(), query.ownerAgentID, max(1, min(query.limit, 200)),
                    search.prefixQuery, search.containsPattern, search.phoneDigits, search.idPrefix, query.label,
                ]
            ).map(ConversationSQL.summary(from:))
        }
    }

    public func history(orgID: UUID, conversationID: UUID, limit: Int) async throws -> [ConversationSummary] {
        try await pool.withTenant(orgID) { session in
            try await session.query(
                """
                WITH me AS (
                    SELECT lower(ct.email) AS email, lower(c.email_provided) AS provided,
                           NULLIF(regexp_replace(ct.phone, '[^0-9]', '', 'g'), '') AS phone
                    FROM conversations c LEFT JOIN contacts ct ON ct.org_id = c.org_id AND ct.contact_id = c.contact_id
                    WHERE c.org_id = $1 AND c.conversation_id = $2
                ), emails AS (
                    SELECT e FROM me, unnest(ARRAY[me.email, me.provided]) AS e WHERE e IS NOT NULL
                ), same AS (
                    SELECT c.conversation_id FROM conversations c
                    JOIN contacts ct ON ct.org_id = c.org_id AND ct.contact_id = c.contact_id
                    WHERE c.org_id = $1 AND lower(ct.email) IN (SELECT e FROM emails)
                    UNION
                    SELECT c.conversation_id FROM conversations c
                    WHERE c.org_id = $1 AND lower(c.email_provided) IN (SELECT e FROM emails)
                    UNION
                    SELECT c.conversation_id FROM conversations c
                    JOIN contacts ct ON ct.org_id = c.org_id AND ct.contact_id = c.contact_id, me
                    WHERE c.org_id = $1 AND me.phone IS NOT NULL AND regexp_replace(ct.phone, '[^0-9]', '', 'g') = me.phone
                )
                SELECT \(ConversationSQL.summaryColumns) \(ConversationSQL.summaryJoins)
                JOIN same s ON s.conversation_id = c.conversation_id
                WHERE c.org_id = $1 AND c.conversation_id <> $2
                ORDER BY c.started_at DESC LIMIT $3
                """,
                [orgID, conversationID, max(1, min(limit, 200))]
            ).map(ConversationSQL.summary(from:))
        }
    }
}
