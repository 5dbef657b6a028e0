import Foundation
import PostgresClient
import SwitchboardDomain

extension PostgresConversationRepository {
    /// The list's filters, as each part of a search repeats them ($1 org, $2 modes, $3 owner, $9 label).
    private static let searchScope = """
        c.org_id = $1 AND c.mode = ANY ($2::text[]) AND ($3::uuid IS NULL OR c.owner_agent_id = $3)
          AND ($9::text IS NULL OR EXISTS (SELECT 1 FROM conversation_labels l
               WHERE l.org_id = c.org_id AND l.conversation_id = c.conversation_id AND l.label = $9))
        """

    /// How many of the newest conversations a search reads first, one by one (see `search`).
    static let searchWindow = 2000

    /// The conversations a search finds, newest change first: customer text by word prefix, contact
    /// name and email contained, phone digits, the name and email given in the chat, id prefix.
    ///
    /// First the newest `searchWindow` conversations of the list (index 0027) are checked one by one:
    /// when they hold enough matches, those are the answer, since every other match is older, and a
    /// common word costs no more than a rare one. Only otherwise is every way searched in full, each
    /// with its own `ORDER BY … LIMIT` (id prefix through a range of the primary key). Under the forced
    /// row-level security no full-text or trigram index serves that full search (0027), so a rare
    /// word still reads every customer message. Plans are made for each search's own values (a
    /// generic plan cannot know that a word is rare), without JIT (compiling costs more than they run).
    func search(orgID: UUID, query: ConversationQuery, search: ConversationSearch) async throws -> [ConversationSummary] {
        let scope = Self.searchScope
        let newest = "ORDER BY c.updated_at DESC LIMIT $4"
        // Every id whose text starts with the prefix lies in this range of the primary key (dashes
        // dropped, padded with 0s and fs); LIKE keeps exactly those.
        let idMatch = """
            c.conversation_id BETWEEN rpad(replace($8, '-', ''), 32, '0')::uuid AND rpad(replace($8, '-', ''), 32, 'f')::uuid
            AND c.conversation_id::text LIKE $8 || '%'
            """
        let few = "(SELECT count(*) FROM near) < $4"
        return try await pool.withTenant(orgID, settings: [("plan_cache_mode", "force_custom_plan"), ("jit", "off")]) { session in
            try await session.query(
                """
                WITH near AS MATERIALIZED (
                    SELECT c.conversation_id FROM (
                        SELECT c.* FROM conversations c WHERE \(scope) ORDER BY c.updated_at DESC LIMIT \(Self.searchWindow)
                    ) c LEFT JOIN LATERAL (
                        SELECT ct.* FROM contacts ct WHERE ct.org_id = c.org_id AND ct.contact_id = c.contact_id OFFSET 0
                    ) ct ON true
                    WHERE lower(c.name_provided) LIKE $6 OR lower(c.email_provided) LIKE $6
                       OR lower(ct.name) LIKE $6 OR lower(ct.email) LIKE $6
                       OR regexp_replace(ct.phone, '[^0-9]', '', 'g') = $7 OR (\(idMatch))
                       -- One conversation's messages at a time (OFFSET 0 keeps the planner from
                       -- reading every match of a common word through 0018 instead).
                       OR EXISTS (SELECT FROM messages m
                                  WHERE m.org_id = c.org_id AND m.conversation_id = c.conversation_id AND m.author_kind = 'customer'
                                    AND to_tsvector('simple', m.body) @@ to_tsquery('simple', $5) OFFSET 0)
                    \(newest)
                ), written AS MATERIALIZED (
                    SELECT DISTINCT m.conversation_id FROM messages m
                    WHERE \(few) AND m.org_id = $1 AND m.author_kind = 'customer'
                      AND to_tsvector('simple', m.body) @@ to_tsquery('simple', $5)
                ), found AS (
                    SELECT conversation_id FROM near
                    UNION
                    (SELECT c.conversation_id FROM written w CROSS JOIN LATERAL (
                         SELECT c.* FROM conversations c WHERE c.org_id = $1 AND c.conversation_id = w.conversation_id OFFSET 0
                     ) c WHERE \(scope) \(newest))
                    UNION
                    (SELECT c.conversation_id FROM conversations c
                     JOIN contacts ct ON ct.org_id = c.org_id AND ct.contact_id = c.contact_id
                     WHERE \(few) AND \(scope) AND (lower(ct.name) LIKE $6 OR lower(ct.email) LIKE $6) \(newest))
                    UNION
                    (SELECT c.conversation_id FROM conversations c
                     JOIN contacts ct ON ct.org_id = c.org_id AND ct.contact_id = c.contact_id
                     WHERE \(few) AND \(scope) AND regexp_replace(ct.phone, '[^0-9]', '', 'g') = $7 \(newest))
                    UNION
                    (SELECT c.conversation_id FROM conversations c
                     WHERE \(few) AND \(scope) AND (lower(c.name_provided) LIKE $6 OR lower(c.email_provided) LIKE $6) \(newest))
                    UNION
                    (SELECT c.conversation_id FROM conversations c WHERE \(few) AND \(scope) AND \(idMatch) \(newest))
                )
                SELECT \(ConversationSQL.summaryColumns) \(ConversationSQL.summaryJoins)
                JOIN found f ON f.conversation_id = c.conversation_id
                WHERE c.org_id = $1
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
