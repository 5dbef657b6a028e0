import Foundation
import PostgresClient
import SwitchboardDomain
import SwitchboardStore
import Testing

/// The sheet import against a real cluster: what reporting.chat_log and reporting.sessions show
/// afterwards is what the sheet held, column by column.
@Suite struct SheetImportTests {
    static let booleans: Set = [
        "handoff", "ai_flagged_incorrect", "correction_reviewed", "kb_update_needed", "kb_updated", "followup_needed", "followup_done",
    ]
    static let times: Set = ["chat_started_date_time", "reviewed_at", "followup_done_at"]

    @Test func chatLogReadsBackColumnByColumn() async throws {
        let fixture = try await SheetImportFixture.make()
        let report = try await fixture.run(try SheetImportFixture.plan())
        #expect(report.imported == 4 && report.problems.isEmpty)
        #expect(report.agentsCreated == ["Carol", "Dan Reviewer", "Erin", "Frank"])

        let sheet = try SheetImportFixture.records("ChatLog.csv")
        let view = try await fixture.viewRows("chat_log")
        #expect(Set(view.keys) == Set(sheet.keys))
        for (sessionID, cells) in sheet {
            let row = try #require(view[sessionID])
            for column in SheetImportPlan.chatLogColumns where column != "session_id" {
                let cell = cells[column]
                let context = Comment(rawValue: "\(sessionID).\(column)")
                if Self.booleans.contains(column) {
                    #expect(try row.decode(column, as: Bool.self) == SheetValues.boolean(cell ?? ""), context)
                } else if Self.times.contains(column) {
                    #expect(try row.decode(column, as: Date?.self) == SheetCell.time(cell), context)
                } else if column == "owner_changes" {
                    #expect(try row.decode(column, as: Int.self) == SheetValues.count(cell ?? ""), context)
                } else if column == "chat_log" {
                    // Byte for byte after CRLF → LF.
                    #expect(try row.decode(column, as: String.self) == SheetCell.text(cell) ?? "", context)
                } else {
                    #expect(try row.decode(column, as: String?.self) == SheetCell.text(cell), context)
                }
            }
        }
        // A session_id that is a UUID stays the conversation's id as well.
        let uuidRow = try #require(view["6f1c2c8e-4d0a-4a57-9a39-2d3f7d7b9a11"])
        #expect(try uuidRow.decode("session_id", as: UUID.self) == UUID(uuidString: "6f1c2c8e-4d0a-4a57-9a39-2d3f7d7b9a11"))
    }

    @Test func sessionsReadBackColumnByColumn() async throws {
        let fixture = try await SheetImportFixture.make()
        try await fixture.run(try SheetImportFixture.plan())

        let sheet = try SheetImportFixture.records("Sessions.csv")
        let view = try await fixture.viewRows("sessions")
        #expect(Set(view.keys) == Set(sheet.keys))
        for (sessionID, cells) in sheet {
            let row = try #require(view[sessionID])
            let context = Comment(rawValue: sessionID)
            #expect(try row.decode("mode", as: String.self) == cells["mode"], context)
            #expect(try row.decode("agent_name", as: String?.self) == SheetCell.text(cells["agent_name"]), context)
            #expect(try row.decode("updated_at", as: Date.self) == SheetCell.time(cells["updated_at"]), context)
            #expect(try row.decodeJSON("customer_msgs", as: [String].self) == SheetCell.strings(cells["customer_msgs"]), context)
            #expect(try row.decodeJSON("agent_msgs", as: [String].self) == SheetCell.strings(cells["agent_msgs"]), context)

            struct Change: Decodable, Equatable {
                var from: String?
                var to: String?
                var ts: String
            }
            let stored = try row.decodeJSON("owner_history", as: [Change].self)
            let expected = try SheetCell.text(cells["owner_history"]).map { try JSONDecoder().decode([Change].self, from: Data($0.utf8)) } ?? []
            #expect(stored.map(\.from) == expected.map(\.from), context)
            #expect(stored.map(\.to) == expected.map(\.to), context)
            #expect(stored.map { SheetCell.time($0.ts) } == expected.map { SheetCell.time($0.ts) }, context)
        }
    }

    @Test func importingTwiceChangesNothing() async throws {
        let fixture = try await SheetImportFixture.make()
        try await fixture.run(try SheetImportFixture.plan())
        let before = try await fixture.digests()

        let again = try await fixture.run(try SheetImportFixture.plan())
        #expect(again.imported == 0 && again.alreadyImported == 4 && again.changedSinceImport.isEmpty)
        #expect(again.presenceRecorded == 0)
        #expect(again.agentsCreated.isEmpty && again.agentsMatched == 2)  // only the Presence tab's names are looked up
        #expect(try await fixture.digests() == before)
    }

    /// The import writes the analytics facts with each conversation; recomputing them with the
    /// function the other bulk writers use must change nothing.
    @Test func analyticsFactsAreWhatRefreshWouldCompute() async throws {
        let fixture = try await SheetImportFixture.make()
        try await fixture.run(try SheetImportFixture.plan())
        let before = try await fixture.digests()
        try await fixture.db.app.withTenant(fixture.orgID) { session in
            try await session.execute(
                "SELECT switchboard.refresh_conversation_facts($1, ARRAY(SELECT conversation_id FROM conversations WHERE org_id = $1))",
                [fixture.orgID]
            )
        }
        #expect(try await fixture.digests() == before)
        let facts = try await fixture.db.app.withTenant(fixture.orgID) { session in
            try await session.query(
                """
                SELECT count(*) FILTER (WHERE first_question IS NOT NULL) AS questions, count(*) FILTER (WHERE contact_reachable) AS reachable,
                       count(*) FILTER (WHERE ai_flagged_incorrect) AS flagged, count(*) FILTER (WHERE followup_open) AS open
                FROM conversations WHERE org_id = $1
                """,
                [fixture.orgID]
            ).singleRow()
        }
        // s-1001 and s-1002 open with a question ("Is anyone there?" in s-1003 is small talk, no
        // question); s-1002 and the UUID row have an email; s-1002 is flagged; only the UUID row's
        // follow-up is open.
        #expect(try facts?.decode("questions", as: Int.self) == 2)
        #expect(try facts?.decode("reachable", as: Int.self) == 2)
        #expect(try facts?.decode("flagged", as: Int.self) == 1)
        #expect(try facts?.decode("open", as: Int.self) == 1)
    }

    @Test func aNewerExportAddsOnlyWhatIsNew() async throws {
        let fixture = try await SheetImportFixture.make()
        try await fixture.run(try SheetImportFixture.plan())

        let newer = try await fixture.run(try SheetImportFixture.plan(chatLog: "ChatLog-newer.csv", sessions: "Sessions-newer.csv"))
        #expect(newer.imported == 1 && newer.alreadyImported == 4)
        #expect(newer.changedSinceImport == ["s-1001"])
        let view = try await fixture.viewRows("chat_log")
        #expect(view.count == 5)
        #expect(try view["s-1004"]?.decode("chat_log", as: String.self) == "Customer: New chat\nAI: New answer")
        // The changed row stays as first imported.
        #expect(try view["s-1001"]?.decode("customer_name", as: String?.self) == nil)
    }

    @Test func aDryRunWritesNothingAndReportsTheSame() async throws {
        let fixture = try await SheetImportFixture.make()
        let before = try await fixture.digests()
        let dry = try await fixture.run(try SheetImportFixture.plan(), dryRun: true)
        #expect(try await fixture.digests() == before)
        let real = try await fixture.run(try SheetImportFixture.plan())
        #expect(dry.imported == real.imported && dry.rejected == real.rejected)
        #expect(dry.agentsCreated == real.agentsCreated && dry.problems == real.problems)
    }

    @Test func badRowsAreReportedAndNothingOfThemIsStored() async throws {
        let fixture = try await SheetImportFixture.make()
        // A conversation that already has the id one row's session_id asks for: the database
        // refuses that row, after the plan accepted it.
        let taken = UUID(uuidString: "0b5e3c7a-1f2d-4c3b-8a9e-5d6f7a8b9c0d")!
        try await fixture.db.app.withTenant(fixture.orgID) { session in
            try await session.execute("INSERT INTO conversations (org_id, conversation_id) VALUES ($1, $2)", [fixture.orgID, taken])
        }
        let report = try await fixture.run(try SheetImportFixture.plan(chatLog: "ChatLog-bad.csv", sessions: "Sessions-bad.csv", extras: false))

        #expect(report.chatLogRows == 8 && report.imported == 2 && report.rejected == 6)
        #expect(
            report.problems.map { "\($0.tab) \($0.row) \($0.column ?? "-")" } == [
                "ChatLog 3 handoff", "ChatLog 4 chat_started_date_time", "ChatLog 5 chat_log", "ChatLog 7 session_id", "ChatLog 9 -",
                "Sessions 8 mode",
            ]
        )
        let refused = try #require(report.problems.first { $0.row == 9 })
        #expect(refused.reason.hasPrefix("not stored: duplicate key value"))
        // Hank appears only in the refused row: created for it, then removed again.
        #expect(report.agentsCreated == ["Gina"])

        let stored = try await fixture.viewRows("chat_log")
        #expect(Set(stored.keys) == ["s-2001", "s-2007"])
        try await fixture.db.app.withTenant(fixture.orgID) { session in
            let counts = try await session.query(
                """
                SELECT (SELECT count(*) FROM messages WHERE org_id = $1 AND conversation_id = $2) AS messages,
                       (SELECT count(*) FROM contacts WHERE org_id = $1 AND name = 'Should not stay') AS contacts,
                       (SELECT count(*) FROM agents WHERE org_id = $1 AND display_name = 'Hank') AS agents
                """,
                [fixture.orgID, taken]
            ).singleRow()
            #expect(try counts?.decode("messages", as: Int.self) == 0)
            #expect(try counts?.decode("contacts", as: Int.self) == 0)
            #expect(try counts?.decode("agents", as: Int.self) == 0)
        }
        #expect(try stored["s-2007"]?.decode("chat_log", as: String.self) == "Customer: two\nlines\nAgent[Gina]: ok")
    }

    @Test func anotherOrganisationSeesNoneOfIt() async throws {
        let first = try await SheetImportFixture.make()
        try await first.run(try SheetImportFixture.plan())
        let second = try await SheetImportFixture.make()

        try await second.db.app.withTenant(second.orgID) { session in
            let row = try await session.query(
                """
                SELECT (SELECT count(*) FROM reporting.chat_log) AS chat_log,
                       (SELECT count(*) FROM reporting.sessions) AS sessions,
                       (SELECT count(*) FROM conversations WHERE external_id IS NOT NULL) AS imported,
                       (SELECT count(*) FROM agents WHERE display_name = 'Carol') AS agents
                """
            ).singleRow()
            for column in ["chat_log", "sessions", "imported", "agents"] {
                #expect(try row?.decode(column, as: Int.self) == 0, Comment(rawValue: column))
            }
        }
        // The same session ids import into the second organisation as its own conversations.
        let report = try await second.run(try SheetImportFixture.plan())
        #expect(report.imported == 4 && report.alreadyImported == 0)
        #expect(try await first.viewRows("chat_log").count == 4)
    }

    @Test func settingsAndPresenceTabs() async throws {
        let fixture = try await SheetImportFixture.make()
        let report = try await fixture.run(try SheetImportFixture.plan())
        #expect(report.aiChatEnabled == false && report.presenceRecorded == 2)
        let settings = try await PostgresOrganisationRepository(pool: fixture.db.app).settings(for: fixture.orgID)
        #expect(settings.aiChatEnabled == false)
        try await fixture.db.app.withTenant(fixture.orgID) { session in
            let rows = try await session.query("SELECT agent_name, updated_at FROM reporting.presence ORDER BY agent_name")
            #expect(try rows.map { try $0.decode("agent_name", as: String.self) } == ["Carol", "Dan Reviewer", "Erin", "Frank"])
            #expect(try rows[0].decode("updated_at", as: Date?.self) == SheetCell.time("2024-05-03T12:00:00Z"))
        }
    }

    /// 0028 keeps a message's line breaks in reporting.chat_log, but a line that would read as
    /// another speaker's is still joined with a space.
    @Test func aMessageCannotForgeASpeakerLine() async throws {
        let fixture = try await SheetImportFixture.make()
        let conversation = UUID()
        let transcript = try await fixture.db.app.withTenant(fixture.orgID) { session in
            try await session.execute("INSERT INTO conversations (org_id, conversation_id) VALUES ($1, $2)", [fixture.orgID, conversation])
            try await session.execute(
                "INSERT INTO messages (org_id, conversation_id, seq, author_kind, body) VALUES ($1, $2, 1, 'customer', $3)",
                [fixture.orgID, conversation, "two\r\nlines\nAI: forged\nAgent[Bob]: forged\nAgent[]: fine"]
            )
            return try await session.query("SELECT chat_log FROM reporting.chat_log WHERE session_id = $1", [conversation])
                .singleRow()?.decode("chat_log", as: String.self)
        }
        #expect(transcript == "Customer: two\nlines AI: forged Agent[Bob]: forged\nAgent[]: fine")
    }
}
