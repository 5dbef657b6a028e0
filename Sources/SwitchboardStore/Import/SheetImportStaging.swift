import Foundation
import PostgresClient
import SwitchboardDomain

/// The tables a sheet import fills, and a batch of imported conversations encoded as COPY text
/// for their staging twins.
///
/// `COPY FROM` is refused on tables with row-level security (forced here for every role), so
/// rows are copied into temporary staging tables and moved with one `INSERT … SELECT` per table,
/// as the app role under the organisation's tenant: every row still passes the policies, foreign
/// keys and checks. The staging tables are created once per connection and empty themselves at
/// every commit (`ON COMMIT DELETE ROWS`).
struct SheetImportBatch {
    struct Table {
        let name: String
        /// Columns after `org_id`, as (name, SQL type); code constants.
        let columns: [(name: String, type: String)]

        var staging: String { "sheet_import_\(name)" }
        var names: [String] { columns.map(\.name) }
        var createSQL: String {
            let definitions = columns.map { "\($0.name) \($0.type)" }.joined(separator: ", ")
            return "CREATE TEMPORARY TABLE IF NOT EXISTS \(staging) (\(definitions)) ON COMMIT DELETE ROWS;"
        }
        /// Moves the staged rows into the real table for the transaction's tenant.
        var moveSQL: String {
            let names = self.names.joined(separator: ", ")
            return """
                INSERT INTO switchboard.\(name) (org_id, \(names))
                SELECT current_setting('app.org_id')::uuid, \(names) FROM pg_temp.\(staging);
                """
        }
    }

    static let tables = [
        Table(
            name: "contacts",
            columns: [("contact_id", "uuid"), ("name", "text"), ("email", "text"), ("phone", "text"), ("created_at", "timestamptz")]
        ),
        Table(
            name: "conversations",
            columns: [
                ("conversation_id", "uuid"), ("external_id", "text"), ("external_fingerprint", "text"), ("contact_id", "uuid"),
                ("mode", "text"), ("owner_agent_id", "uuid"), ("page_url", "text"), ("handoff_requested", "boolean"),
                ("handoff_reason", "text"), ("handoff_requested_at", "timestamptz"), ("status", "text"), ("name_provided", "text"),
                ("email_provided", "text"), ("owner_changes", "integer"), ("last_seq", "bigint"), ("message_count", "integer"),
                ("started_at", "timestamptz"), ("updated_at", "timestamptz"), ("last_message_at", "timestamptz"),
                ("closed_at", "timestamptz"), ("archived_at", "timestamptz"), ("contact_reachable", "boolean"),
                ("ai_flagged_incorrect", "boolean"), ("followup_open", "boolean"),
            ]
        ),
        Table(
            name: "messages",
            columns: [
                ("conversation_id", "uuid"), ("seq", "bigint"), ("author_kind", "text"), ("agent_id", "uuid"), ("body", "text"),
                ("created_at", "timestamptz"),
            ]
        ),
        Table(
            name: "ownership_events",
            columns: [("conversation_id", "uuid"), ("kind", "text"), ("from_agent_id", "uuid"), ("to_agent_id", "uuid"), ("at", "timestamptz")]
        ),
        Table(
            name: "qa_reviews",
            columns: [
                ("conversation_id", "uuid"), ("flagged_incorrect", "boolean"), ("correction_note", "text"),
                ("correction_reviewed", "boolean"), ("reviewed_by_agent_id", "uuid"), ("reviewed_at", "timestamptz"),
                ("updated_at", "timestamptz"),
            ]
        ),
        Table(name: "kb_updates", columns: [("conversation_id", "uuid"), ("update_needed", "boolean"), ("updated", "boolean")]),
        Table(
            name: "followups",
            columns: [
                ("conversation_id", "uuid"), ("needed", "boolean"), ("note", "text"), ("done", "boolean"), ("done_note", "text"),
                ("done_by_agent_id", "uuid"), ("done_at", "timestamptz"),
            ]
        ),
    ]

    /// Creates the staging tables (once per connection).
    static let createSQL = tables.map(\.createSQL).joined(separator: "\n")

    /// Moves the staged rows in foreign-key order: constant SQL, one round trip.
    ///
    /// The analytics facts are written with each conversation rather than by a second pass of
    /// `switchboard.refresh_conversation_facts` (which would rewrite every row just inserted): the
    /// sheet has no AI outcomes or articles, contact_reachable, ai_flagged_incorrect and
    /// followup_open come from the row, and first_question is derived here exactly as that
    /// function derives it (SheetImportTests checks that it would change nothing).
    static let moveSQL: String = {
        var statements = tables.map(\.moveSQL)
        let conversations = tables[1]
        let names = conversations.names.joined(separator: ", ")
        let selected = conversations.names.map { "s.\($0)" }.joined(separator: ", ")
        statements[1] = """
            INSERT INTO switchboard.conversations (org_id, \(names), first_question)
            SELECT current_setting('app.org_id')::uuid, \(selected), fq.question
            FROM pg_temp.\(conversations.staging) s
            LEFT JOIN (
                SELECT DISTINCT ON (conversation_id) conversation_id, question
                FROM (SELECT conversation_id, seq, reporting.normalise_question(body) AS question
                      FROM pg_temp.sheet_import_messages WHERE author_kind = 'customer') m
                WHERE question IS NOT NULL
                ORDER BY conversation_id, seq
            ) fq ON fq.conversation_id = s.conversation_id;
            """
        return statements.joined(separator: "\n")
    }()

    private(set) var data = tables.map { _ in PostgresCopyData() }

    /// Encodes one conversation. Agent names must all be in `agents`.
    mutating func append(_ c: ImportedConversation, agents: [String: UUID]) throws {
        func uuid(_ value: UUID?) -> String? { value.map { $0.uuidString.lowercased() } }
        func time(_ value: Date?) -> String? { value.map(PostgresTimestamp.format) }
        func bool(_ value: Bool) -> String { value ? "t" : "f" }
        func agent(_ name: String?) throws -> String? {
            guard let name else { return nil }
            guard let id = agents[name] else { throw PostgresError(kind: .other, serverMessage: "agent \(name) was not resolved") }
            return uuid(id)
        }
        let id = uuid(c.conversationID)
        var contactID: String?
        if c.customerName != nil || c.customerEmail != nil || c.customerPhone != nil {
            contactID = uuid(UUID())
            try data[0].append(row: [contactID, c.customerName, c.customerEmail, c.customerPhone, time(c.startedAt)])
        }
        try data[1].append(row: [
            id, c.sessionID, c.fingerprint, contactID, c.mode.rawValue, try agent(c.owner), c.page, bool(c.handoff), c.handoffReason,
            time(c.handoff ? c.startedAt : nil), c.status, c.nameProvided, c.emailProvided, String(c.ownerChanges),
            String(c.messages.count), String(c.messages.count), time(c.startedAt), time(c.updatedAt),
            time(c.messages.isEmpty ? nil : c.startedAt), time(c.closedAt), time(c.mode == .archived ? c.updatedAt : nil),
            bool(c.customerEmail != nil || c.customerPhone != nil), bool(c.review?.flaggedIncorrect ?? false),
            bool(c.followup.map { $0.needed && !$0.done } ?? false),
        ])
        for (index, message) in c.messages.enumerated() {
            let (kind, agentID): (String, String?) =
                switch message.author {
                case .customer: ("customer", nil)
                case .ai: ("ai", nil)
                case .agent(let name): ("agent", try agent(name))
                }
            try data[2].append(row: [id, String(index + 1), kind, agentID, message.body, time(c.startedAt)])
        }
        for change in c.ownerHistory {
            let kind = change.to == nil ? "hand_back" : change.from == nil ? "take_over" : "transfer"
            try data[3].append(row: [id, kind, try agent(change.from), try agent(change.to), time(change.at)])
        }
        if let r = c.review {
            try data[4].append(row: [
                id, bool(r.flaggedIncorrect), r.correctionNote, bool(r.correctionReviewed), try agent(r.reviewedBy), time(r.reviewedAt),
                time(r.reviewedAt ?? c.updatedAt),
            ])
        }
        if let k = c.knowledgeBase { try data[5].append(row: [id, bool(k.updateNeeded), bool(k.updated)]) }
        if let f = c.followup {
            try data[6].append(row: [id, bool(f.needed), f.note, bool(f.done), f.doneNote, try agent(f.doneBy), time(f.doneAt)])
        }
    }

    /// Copies the batch into the staging tables and moves it into the real ones, inside the
    /// caller's tenant transaction.
    func write(in session: PostgresSession) async throws {
        try await session.runScript(Self.createSQL)
        for (table, rows) in zip(Self.tables, data) where rows.rowCount > 0 {
            try await session.copy(into: "pg_temp." + table.staging, columns: table.names, data: rows)
        }
        try await session.runScript(Self.moveSQL)
    }
}
