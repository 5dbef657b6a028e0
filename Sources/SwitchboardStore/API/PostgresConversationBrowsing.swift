import Foundation
import PostgresClient
import SwitchboardDomain

/// The REST API's conversation list and `reporting.chat_log` export, filtered in SQL with bound
/// parameters and paged by (started_at, conversation_id), newest first.
public struct PostgresConversationBrowsing: ConversationBrowsing {
    private let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// Conditions on `c` (conversations) and the flag tables `q`, `k`, `f`; parameters $1–$11.
    static let filterSQL = """
        c.org_id = $1
          AND ($2::text[] IS NULL OR c.mode = ANY ($2::text[]))
          AND ($3::boolean IS NULL OR COALESCE(q.flagged_incorrect, false) = $3)
          AND ($4::boolean IS NULL OR COALESCE(k.update_needed, false) = $4)
          AND ($5::boolean IS NULL OR COALESCE(f.needed, false) = $5)
          AND ($6::timestamptz IS NULL OR c.started_at >= $6)
          AND ($7::timestamptz IS NULL OR c.started_at < $7)
          AND ($8::uuid IS NULL OR c.owner_agent_id = $8 OR EXISTS (
                SELECT 1 FROM messages am WHERE am.org_id = c.org_id AND am.conversation_id = c.conversation_id AND am.agent_id = $8))
          AND ($9::bigint IS NULL
               OR (c.started_at, c.conversation_id) < (timestamptz 'epoch' + $9::bigint * interval '1 microsecond', $10::uuid))
          AND ($11::text IS NULL OR EXISTS (
                SELECT 1 FROM conversation_labels l
                WHERE l.org_id = c.org_id AND l.conversation_id = c.conversation_id AND l.label = $11))
        """

    static let flagJoins = """
        LEFT JOIN qa_reviews q ON q.org_id = c.org_id AND q.conversation_id = c.conversation_id
        LEFT JOIN kb_updates k ON k.org_id = c.org_id AND k.conversation_id = c.conversation_id
        LEFT JOIN followups f ON f.org_id = c.org_id AND f.conversation_id = c.conversation_id
        """

    static let cursorColumn = "(extract(epoch FROM c.started_at) * 1000000)::bigint AS cursor_us"

    static func parameters(_ orgID: UUID, _ filter: ConversationFilter, _ after: ConversationCursor?) -> [any PostgresEncodable] {
        [
            orgID, filter.modes.map { $0.map(\.rawValue).sorted() }, filter.flaggedIncorrect, filter.kbUpdateNeeded,
            filter.followupNeeded, filter.startedAfter, filter.startedBefore, filter.agentID, after?.startedAtMicroseconds, after?.id,
            filter.label,
        ]
    }

    public func page(orgID: UUID, filter: ConversationFilter, after: ConversationCursor?, limit: Int) async throws -> [ListedConversation] {
        try await pool.withTenant(orgID) { session in
            try await session.query(
                """
                SELECT \(ConversationSQL.summaryColumns), \(Self.cursorColumn),
                       COALESCE(q.flagged_incorrect, false) AS flagged_incorrect,
                       COALESCE(k.update_needed, false) AS kb_update_needed,
                       COALESCE(f.needed, false) AS followup_needed
                \(ConversationSQL.summaryJoins)
                \(Self.flagJoins)
                WHERE \(Self.filterSQL)
                ORDER BY c.started_at DESC, c.conversation_id DESC
                LIMIT $12
                """,
                Self.parameters(orgID, filter, after) + [max(1, min(limit, 1000))]
            ).map { row in
                let summary = try ConversationSQL.summary(from: row)
                return ListedConversation(
                    summary: summary,
                    flaggedIncorrect: try row.decode("flagged_incorrect"),
                    kbUpdateNeeded: try row.decode("kb_update_needed"),
                    followupNeeded: try row.decode("followup_needed"),
                    cursor: ConversationCursor(startedAtMicroseconds: try row.decode("cursor_us"), id: summary.id)
                )
            }
        }
    }

    public func chatLog(orgID: UUID, filter: ConversationFilter, after: ConversationCursor?, limit: Int) async throws -> [ChatLogRow] {
        try await pool.withTenant(orgID) { session in
            // The view computes every column; the filter picks and orders the conversations.
            try await session.query(
                """
                WITH picked AS (
                    SELECT c.conversation_id, c.started_at, \(Self.cursorColumn)
                    FROM conversations c
                    \(Self.flagJoins)
                    WHERE \(Self.filterSQL)
                    ORDER BY c.started_at DESC, c.conversation_id DESC
                    LIMIT $12
                )
                SELECT row_to_json(l)::text AS row, p.cursor_us, p.conversation_id
                FROM picked p
                JOIN reporting.chat_log l ON l.org_id = $1 AND l.session_id = p.conversation_id
                ORDER BY p.started_at DESC, p.conversation_id DESC
                """,
                Self.parameters(orgID, filter, after) + [max(1, min(limit, 1000))]
            ).map { row in
                ChatLogRow(
                    json: try row.decode("row"),
                    cursor: ConversationCursor(startedAtMicroseconds: try row.decode("cursor_us"), id: try row.decode("conversation_id"))
                )
            }
        }
    }
}
