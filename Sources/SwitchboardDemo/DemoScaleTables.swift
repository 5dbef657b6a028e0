import Foundation
import PostgresClient

/// The conversation tables the demo fills, with their columns: the seeder inserts into them with
/// `DemoBulkInsert`, the scale generator copies into a temporary staging twin of each.
///
/// `COPY FROM` is refused on tables with row-level security, and ours is forced for every role.
/// So rows are copied into session-private staging tables (temporary, dropped at commit) and
/// moved on with one `INSERT … SELECT` per table: that insert runs as the app role under the
/// organisation's tenant, so every row still passes the policies, foreign keys and checks.
struct DemoScaleTable: Sendable {
    /// The target table in the `switchboard` schema.
    let name: String
    /// Columns after `org_id`, as `(name, SQL type)`; names and types are code constants.
    let columns: [(name: String, type: String)]

    var staging: String { "demo_scale_\(name)" }
    var columnNames: [String] { columns.map(\.name) }

    /// Creates the staging table for this transaction.
    var createStagingSQL: String {
        let definitions = columns.map { "\($0.name) \($0.type)" }.joined(separator: ", ")
        return "CREATE TEMPORARY TABLE \(staging) (\(definitions)) ON COMMIT DROP"
    }

    /// Moves the staged rows into the real table for organisation `$1`.
    var moveSQL: String {
        let names = columnNames.joined(separator: ", ")
        return "INSERT INTO switchboard.\(name) (org_id, \(names)) SELECT $1, \(names) FROM pg_temp.\(staging)"
    }

    static let contacts = DemoScaleTable(
        name: "contacts",
        columns: [
            ("contact_id", "uuid"), ("name", "text"), ("email", "text"), ("phone", "text"),
            ("created_at", "timestamptz"), ("updated_at", "timestamptz"),
        ]
    )
    static let conversations = DemoScaleTable(
        name: "conversations",
        columns: [
            ("conversation_id", "uuid"), ("contact_id", "uuid"), ("mode", "text"), ("owner_agent_id", "uuid"),
            ("page_url", "text"), ("context", "jsonb"), ("handoff_requested", "boolean"), ("handoff_reason", "text"),
            ("handoff_requested_at", "timestamptz"), ("status", "text"), ("name_provided", "text"),
            ("email_provided", "text"), ("owner_changes", "integer"), ("last_seq", "bigint"), ("message_count", "integer"),
            ("ai_unanswered_count", "integer"), ("started_at", "timestamptz"), ("updated_at", "timestamptz"),
            ("last_message_at", "timestamptz"), ("closed_at", "timestamptz"), ("archived_at", "timestamptz"),
            ("closed_by_agent_id", "uuid"), ("close_reviewed", "boolean"),
        ]
    )
    static let messages = DemoScaleTable(
        name: "messages",
        columns: [
            ("conversation_id", "uuid"), ("seq", "bigint"), ("author_kind", "text"), ("agent_id", "uuid"),
            ("body", "text"), ("ai_outcome", "text"), ("ai_article_ids", "uuid[]"), ("ai_confidence", "real"),
            ("created_at", "timestamptz"),
        ]
    )
    static let ownershipEvents = DemoScaleTable(
        name: "ownership_events",
        columns: [
            ("event_id", "uuid"), ("conversation_id", "uuid"), ("kind", "text"), ("from_agent_id", "uuid"),
            ("to_agent_id", "uuid"), ("at", "timestamptz"),
        ]
    )
    static let qaReviews = DemoScaleTable(
        name: "qa_reviews",
        columns: [
            ("conversation_id", "uuid"), ("flagged_incorrect", "boolean"), ("correction_note", "text"),
            ("flagged_by_agent_id", "uuid"), ("flagged_at", "timestamptz"), ("correction_reviewed", "boolean"),
            ("reviewed_by_agent_id", "uuid"), ("reviewed_at", "timestamptz"), ("updated_at", "timestamptz"),
        ]
    )
    static let kbUpdates = DemoScaleTable(
        name: "kb_updates",
        columns: [
            ("conversation_id", "uuid"), ("update_needed", "boolean"), ("note", "text"), ("flagged_by_agent_id", "uuid"),
            ("flagged_at", "timestamptz"), ("updated", "boolean"), ("updated_by_agent_id", "uuid"),
            ("updated_at", "timestamptz"),
        ]
    )
    static let followups = DemoScaleTable(
        name: "followups",
        columns: [
            ("conversation_id", "uuid"), ("needed", "boolean"), ("note", "text"), ("flagged_by_agent_id", "uuid"),
            ("flagged_at", "timestamptz"), ("done", "boolean"), ("done_note", "text"), ("done_by_agent_id", "uuid"),
            ("done_at", "timestamptz"),
        ]
    )

    /// In foreign-key order: contacts before conversations before everything that points at them.
    static let all = [contacts, conversations, messages, ownershipEvents, qaReviews, kbUpdates, followups]
}
