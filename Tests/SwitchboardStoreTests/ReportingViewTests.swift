import Foundation
import PostgresClient
import TestSupport
import Testing

/// A reporting view and the columns analysts rely on, in order.
struct ReportingView: Sendable, CustomTestStringConvertible {
    let name: String
    let columns: [String]
    var testDescription: String { "reporting.\(name)" }
}

/// The reporting views keep the old spreadsheet's shape and say what the database holds.
@Suite struct ReportingViewTests {
    /// `org_id` + the ChatLog columns of shared/reference/sheet-structure.md, in its order.
    static let chatLog = ReportingView(
        name: "chat_log",
        columns: [
            "org_id",
            "session_id", "chat_started_date_time", "customer_name", "customer_email", "customer_phone", "page",
            "chat_log", "handoff", "handoff_reason", "status", "agent_name", "reply", "email_provided",
            "name_provided", "ai_flagged_incorrect", "correction_note", "correction_reviewed", "reviewed_by",
            "reviewed_at", "kb_update_needed", "kb_updated", "followup_needed", "followup_note", "followup_done",
            "followup_done_note", "followup_done_by", "followup_done_at", "owner_changes",
        ]
    )
    /// `org_id` + the Sessions columns of sheet-structure.md, in its order.
    static let sessions = ReportingView(
        name: "sessions",
        columns: [
            "org_id",
            "session_id", "mode", "agent_name", "customer_msgs", "agent_msgs", "updated_at", "owner_history",
        ]
    )
    static let presence = ReportingView(name: "presence", columns: ["org_id", "agent_name", "online", "updated_at"])
    static let settings = ReportingView(name: "settings", columns: ["org_id", "key", "value"])
    static let views = [chatLog, sessions, presence, settings]
    static let viewNames = views.map(\.name)
    /// The analytics views of 0011 (the dashboard's definitions), 0016's satisfaction and 0023's labels, beside the spreadsheet's tabs.
    static let analyticsViewNames = ["agents", "articles", "conversation_facts", "labels", "ownership_changes", "satisfaction"]

    // MARK: Shape

    @Test func reportingSchemaHoldsExactlyTheSpreadsheetAndAnalyticsViews() async throws {
        let db = try await StoreDatabase.shared()
        let rows = try await db.admin.withConnection { session in
            try await session.query(
                "SELECT relname, relkind FROM pg_class WHERE relnamespace = 'reporting'::regnamespace ORDER BY relname"
            )
        }
        #expect(try rows.map { try $0.decode("relname", as: String.self) } == (Self.viewNames + Self.analyticsViewNames).sorted())
        #expect(try rows.allSatisfy { try $0.decode("relkind", as: String.self) == "v" })
    }

    @Test(arguments: views)
    func columnsAreTheSpreadsheetsColumnsInOrder(of view: ReportingView) async throws {
        let db = try await StoreDatabase.shared()
        let rows = try await db.admin.withConnection { session in
            try await session.query(
                """
                SELECT column_name FROM information_schema.columns
                WHERE table_schema = 'reporting' AND table_name = $1
                ORDER BY ordinal_position
                """,
                [view.name]
            )
        }
        #expect(try rows.map { try $0.decode("column_name", as: String.self) } == view.columns)
    }

    @Test(arguments: views)
    func everyColumnHasAComment(of view: ReportingView) async throws {
        let db = try await StoreDatabase.shared()
        let rows = try await db.admin.withConnection { session in
            try await session.query(
                """
                SELECT a.attname, col_description(a.attrelid, a.attnum) AS comment
                FROM pg_attribute a
                WHERE a.attrelid = to_regclass('reporting.' || quote_ident($1)) AND a.attnum > 0 AND NOT a.attisdropped
                ORDER BY a.attnum
                """,
                [view.name]
            )
        }
        #expect(rows.count == view.columns.count)
        for row in rows {
            let column = try row.decode("attname", as: String.self)
            let comment = try row.decode("comment", as: String?.self) ?? ""
            #expect(!comment.trimmingCharacters(in: .whitespaces).isEmpty, "reporting.\(view.name).\(column)")
        }
    }

    @Test(arguments: views)
    func viewRunsWithTheReadersRights(_ view: ReportingView) async throws {
        let db = try await StoreDatabase.shared()
        let rows = try await db.admin.withConnection { session in
            try await session.query(
                """
                SELECT 'security_invoker=true' = ANY (COALESCE(reloptions, '{}')) AS invoker
                FROM pg_class WHERE oid = to_regclass('reporting.' || quote_ident($1))
                """,
                [view.name]
            )
        }
        #expect(try rows[0].decode("invoker", as: Bool.self))
    }

    // MARK: ChatLog values

    @Test func chatLogShowsAHandledConversation() async throws {
        let db = try await StoreDatabase.shared()
        let org = try await SeededOrganisation.seed(using: db.app)
        let row = try await chatLogRow(org.handledConversation, of: org, app: db.app)

        #expect(try row.decode("org_id", as: UUID.self) == org.orgID)
        #expect(try row.decode("chat_started_date_time", as: Date.self) == date(Seed.handledStartedAt))
        #expect(try row.decode("customer_name", as: String?.self) == Seed.customerName)
        #expect(try row.decode("customer_email", as: String?.self) == Seed.customerEmail)
        #expect(try row.decode("customer_phone", as: String?.self) == Seed.customerPhone)
        #expect(try row.decode("page", as: String?.self) == Seed.page)
        #expect(try row.decode("handoff", as: Bool.self))
        #expect(try row.decode("handoff_reason", as: String?.self) == Seed.handoffReason)
        #expect(try row.decode("status", as: String?.self) == "agent-handled")
        #expect(try row.decode("agent_name", as: String?.self) == Seed.bobName)
        #expect(try row.decode("reply", as: String?.self) == "Bob here: the fee is 100 EUR.")
        #expect(try row.decode("email_provided", as: String?.self) == Seed.emailProvided)
        #expect(try row.decode("name_provided", as: String?.self) == Seed.nameProvided)
        #expect(try row.decode("owner_changes", as: Int.self) == 1)
    }

    @Test func chatLogTranscriptLabelsSpeakersInSequenceAndLeavesOutSystemNotices() async throws {
        let db = try await StoreDatabase.shared()
        let org = try await SeededOrganisation.seed(using: db.app)
        let row = try await chatLogRow(org.handledConversation, of: org, app: db.app)
        let transcript = try row.decode("chat_log", as: String.self)
        #expect(
            transcript.split(separator: "\n", omittingEmptySubsequences: false) == [
                "Customer: Hi, what are your fees?",
                "AI: Our fees are on the pricing page.",
                // A multi-line message continues on lines without a prefix, as in the sheet (0028);
                // CRLF becomes LF.
                "Customer: I would like to talk to a person,", "please.", "Now.",
                "Agent[\(Seed.aliceName)]: Hello, Alice here.",
                "Agent[\(Seed.bobName)]: Bob here: the fee is 100 EUR.",
                "Customer: Thanks!",
            ]
        )
    }

    @Test func chatLogShowsReviewFlagsWithWhoAndWhen() async throws {
        let db = try await StoreDatabase.shared()
        let org = try await SeededOrganisation.seed(using: db.app)
        let row = try await chatLogRow(org.handledConversation, of: org, app: db.app)

        #expect(try row.decode("ai_flagged_incorrect", as: Bool.self))
        #expect(try row.decode("correction_note", as: String?.self) == Seed.correctionNote)
        #expect(try row.decode("correction_reviewed", as: Bool.self))
        #expect(try row.decode("reviewed_by", as: String?.self) == Seed.bobName)
        #expect(try row.decode("reviewed_at", as: Date?.self) == date(Seed.reviewedAt))
        #expect(try row.decode("kb_update_needed", as: Bool.self))
        #expect(try row.decode("kb_updated", as: Bool.self) == false)
        #expect(try row.decode("followup_needed", as: Bool.self))
        #expect(try row.decode("followup_note", as: String?.self) == Seed.followupNote)
        #expect(try row.decode("followup_done", as: Bool.self))
        #expect(try row.decode("followup_done_note", as: String?.self) == Seed.followupDoneNote)
        #expect(try row.decode("followup_done_by", as: String?.self) == Seed.aliceName)
        #expect(try row.decode("followup_done_at", as: Date?.self) == date(Seed.followupDoneAt))
    }

    @Test func chatLogOfAnAIOnlyConversationHasNoStatusAndNoFlags() async throws {
        let db = try await StoreDatabase.shared()
        let org = try await SeededOrganisation.seed(using: db.app)
        let row = try await chatLogRow(org.aiOnlyConversation, of: org, app: db.app)

        #expect(
            try row.decode("chat_log", as: String.self)
                == "Customer: Are you open on Sundays?\nAI: No, we are closed on Sundays."
        )
        #expect(row.isNull("status"))
        #expect(row.isNull("agent_name"))
        #expect(row.isNull("reply"))
        #expect(row.isNull("customer_name"))
        #expect(try row.decode("handoff", as: Bool.self) == false)
        for flag in [
            "ai_flagged_incorrect", "correction_reviewed", "kb_update_needed", "kb_updated",
            "followup_needed", "followup_done",
        ] {
            #expect(try row.decode(flag, as: Bool.self) == false, "\(flag)")
        }
        for column in [
            "correction_note", "reviewed_by", "reviewed_at", "followup_note", "followup_done_by",
            "followup_done_at",
        ] {
            #expect(row.isNull(column), "\(column)")
        }
        #expect(try row.decode("owner_changes", as: Int.self) == 0)
    }

    @Test func chatLogOfAnAfterHoursRequestWithoutMessagesHasAnEmptyTranscript() async throws {
        let db = try await StoreDatabase.shared()
        let org = try await SeededOrganisation.seed(using: db.app)
        let row = try await chatLogRow(org.afterHoursConversation, of: org, app: db.app)

        #expect(try row.decode("chat_log", as: String.self) == "")
        #expect(try row.decode("status", as: String?.self) == "after-hours")
        #expect(try row.decode("handoff", as: Bool.self))
        #expect(try row.decode("handoff_reason", as: String?.self) == Seed.afterHoursReason)
        #expect(try row.decode("name_provided", as: String?.self) == "Eve")
        #expect(try row.decode("email_provided", as: String?.self) == "eve@example.com")
    }

    // MARK: Sessions values

    @Test func sessionsShowOwnerMessagesAndOwnerHistory() async throws {
        let db = try await StoreDatabase.shared()
        let org = try await SeededOrganisation.seed(using: db.app)
        let row = try await sessionsRow(org.handledConversation, of: org, app: db.app)

        #expect(try row.decode("mode", as: String.self) == "live")
        #expect(try row.decode("agent_name", as: String?.self) == Seed.bobName)
        #expect(
            try row.decodeJSON("customer_msgs", as: [String].self)
                == Seed.handledMessages.filter { $0.author == .customer }.map(\.body)
        )
        #expect(
            try row.decodeJSON("agent_msgs", as: [String].self)
                == ["Hello, Alice here.", "Bob here: the fee is 100 EUR."]
        )
        #expect(try row.decode("updated_at", as: Date.self) == date(Seed.transferAt))
        #expect(
            try row.decodeJSON("owner_history", as: [OwnerChange].self) == [
                OwnerChange(from: nil, to: Seed.aliceName, ts: "2024-05-01T14:02:00.123Z"),
                OwnerChange(from: Seed.aliceName, to: Seed.bobName, ts: "2024-05-01T14:05:30.000Z"),
            ]
        )
    }

    @Test func ownerHistoryTimesAreUTCWhateverTheSessionTimeZone() async throws {
        let db = try await StoreDatabase.shared()
        let org = try await SeededOrganisation.seed(using: db.app)
        let history = try await db.app.withTenant(org.orgID) { session in
            try await session.execute("SET LOCAL TimeZone = 'America/New_York'")
            let rows = try await session.query(
                "SELECT owner_history FROM reporting.sessions WHERE session_id = $1",
                [org.handledConversation]
            )
            return try #require(rows.first).decodeJSON("owner_history", as: [OwnerChange].self)
        }
        #expect(history.map(\.ts) == ["2024-05-01T14:02:00.123Z", "2024-05-01T14:05:30.000Z"])
    }

    @Test func sessionsOfAnAIOnlyConversationHaveNoAgentAndNoHistory() async throws {
        let db = try await StoreDatabase.shared()
        let org = try await SeededOrganisation.seed(using: db.app)
        let row = try await sessionsRow(org.aiOnlyConversation, of: org, app: db.app)

        #expect(try row.decode("mode", as: String.self) == "ai")
        #expect(row.isNull("agent_name"))
        #expect(try row.decodeJSON("customer_msgs", as: [String].self) == ["Are you open on Sundays?"])
        #expect(try row.decodeJSON("agent_msgs", as: [String].self) == [])
        #expect(try row.decodeJSON("owner_history", as: [OwnerChange].self) == [])
    }

    // MARK: Presence and settings values

    @Test func presenceListsEnabledAgentsWithTheirOnlineState() async throws {
        let db = try await StoreDatabase.shared()
        let org = try await SeededOrganisation.seed(using: db.app)
        let rows = try await db.app.withTenant(org.orgID) { session in
            try await session.query("SELECT agent_name, online, updated_at FROM reporting.presence ORDER BY agent_name")
        }
        let byName = try Dictionary(
            uniqueKeysWithValues: rows.map {
                (try $0.decode("agent_name", as: String.self), $0)
            }
        )
        // Carol is disabled: she is left out although her console is connected.
        #expect(byName.keys.sorted() == [Seed.aliceName, Seed.bobName, Seed.danName].sorted())
        #expect(try byName[Seed.aliceName]?.decode("online", as: Bool.self) == true)
        #expect(try byName[Seed.bobName]?.decode("online", as: Bool.self) == false)
        #expect(try byName[Seed.bobName]?.decode("updated_at", as: Date?.self) == date(Seed.bobPresenceUpdatedAt))
        #expect(try byName[Seed.danName]?.decode("online", as: Bool.self) == false)
        #expect(byName[Seed.danName]?.isNull("updated_at") == true)
    }

    @Test func settingsListEveryOrganisationSettingAsText() async throws {
        let db = try await StoreDatabase.shared()
        let org = try await SeededOrganisation.seed(using: db.app)
        let rows = try await db.app.withTenant(org.orgID) { session in
            try await session.query("SELECT org_id, key, value FROM reporting.settings")
        }
        #expect(try rows.allSatisfy { try $0.decode("org_id", as: UUID.self) == org.orgID })
        let settings = try Dictionary(
            uniqueKeysWithValues: rows.map {
                (try $0.decode("key", as: String.self), try $0.decode("value", as: String.self))
            }
        )
        #expect(
            settings.keys.sorted() == [
                "ai_chat_enabled", "answer_threshold", "business_hours", "idle_close_minutes", "time_zone",
                "widget_allowed_origins",
            ]
        )
        #expect(settings["ai_chat_enabled"] == "false")
        #expect(settings["time_zone"] == Seed.timeZone)
        #expect(settings["widget_allowed_origins"] == Seed.allowedOrigins.joined(separator: ","))
        #expect(settings["idle_close_minutes"] == "\(Seed.idleCloseMinutes)")
        #expect(settings["answer_threshold"] == "0.25")
        let hours = try JSONDecoder().decode(
            [String: [[String]]].self,
            from: Data(try #require(settings["business_hours"]).utf8)
        )
        #expect(hours["mon"] == [["09:00", "17:00"]])
        #expect(hours["sun"] == [])
        #expect(hours.count == 7)
    }

    // MARK: Helpers

    private func chatLogRow(_ conversation: UUID, of org: SeededOrganisation, app: PostgresPool) async throws -> PostgresRow {
        let rows = try await app.withTenant(org.orgID) { session in
            try await session.query("SELECT * FROM reporting.chat_log WHERE session_id = $1", [conversation])
        }
        return try #require(try rows.singleRow())
    }

    private func sessionsRow(_ conversation: UUID, of org: SeededOrganisation, app: PostgresPool) async throws -> PostgresRow {
        let rows = try await app.withTenant(org.orgID) { session in
            try await session.query("SELECT * FROM reporting.sessions WHERE session_id = $1", [conversation])
        }
        return try #require(try rows.singleRow())
    }

    private func date(_ text: String) throws -> Date {
        try #require(PostgresTimestamp.parse(text))
    }
}

/// One element of reporting.sessions.owner_history.
struct OwnerChange: Decodable, Equatable {
    let from: String?
    let to: String?
    let ts: String
}
