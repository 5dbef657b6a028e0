import Foundation
import PostgresClient
import SwitchboardDomain
import TestSupport
import Testing

/// The dashboard's numbers (reporting.analytics_*) equal the hand count of `AnalyticsFixture` and
/// an analyst's plain SQL over reporting.chat_log / sessions / conversation_facts.
@Suite struct AnalyticsDefinitionTests {
    /// `[from, to)` of a day range in the fixture's time zone, as the server computes them.
    static let bounds = """
        SELECT ($1::date)::timestamp AT TIME ZONE 'America/New_York' AS f,
               ($2::date + 1)::timestamp AT TIME ZONE 'America/New_York' AS t
        """

    /// The KPIs written the way an analyst would, without the analytics functions.
    static let plainKPIs = """
        WITH r AS (\(bounds)),
        log AS (
            SELECT l.*, s.mode, x.ai_not_sure, x.ai_answered, x.message_count
            FROM reporting.chat_log l
            JOIN reporting.sessions s ON s.org_id = l.org_id AND s.session_id = l.session_id
            JOIN reporting.conversation_facts x ON x.org_id = l.org_id AND x.session_id = l.session_id, r
            WHERE l.org_id = $3 AND l.chat_started_date_time >= r.f AND l.chat_started_date_time < r.t
        )
        SELECT 'total' AS metric, count(*)::float8 AS value FROM log
        UNION ALL SELECT 'active', count(*) FILTER (WHERE mode IN ('ai', 'needs', 'live')) FROM log
        UNION ALL SELECT 'resolved', count(*) FILTER (WHERE mode IN ('closed', 'archived')) FROM log
        UNION ALL SELECT 'followup', count(*) FILTER (WHERE mode = 'followup') FROM log
        UNION ALL SELECT 'review', count(*) FILTER (WHERE mode = 'review') FROM log
        UNION ALL SELECT 'ai_not_sure', count(*) FILTER (WHERE ai_not_sure) FROM log
        UNION ALL SELECT 'ai_accuracy', round(count(*) FILTER (WHERE ai_answered AND NOT ai_flagged_incorrect)::numeric
                                              / NULLIF(count(*) FILTER (WHERE ai_answered), 0), 4)::float8 FROM log
        UNION ALL SELECT 'contact_capture', round(count(*) FILTER (WHERE customer_email IS NOT NULL OR customer_phone IS NOT NULL
                                                                   OR email_provided IS NOT NULL)::numeric / NULLIF(count(*), 0), 4)::float8 FROM log
        UNION ALL SELECT 'avg_messages', round(sum(message_count)::numeric / NULLIF(count(*), 0), 2)::float8 FROM log
        UNION ALL SELECT 'satisfaction', round(avg(s.satisfaction), 2)::float8
                  FROM log JOIN reporting.satisfaction s ON s.org_id = log.org_id AND s.session_id = log.session_id
        """

    static func kpis(_ session: PostgresSession, orgID: UUID, from: String, to: String) async throws -> [String: (Double?, Double?)] {
        let rows = try await session.query(
            """
            WITH r AS (\(bounds))
            SELECT k.metric, k.value::float8 AS value, k.previous::float8 AS previous
            FROM r, reporting.analytics_kpis($3, r.f, r.t) k
            """,
            [from, to, orgID]
        )
        return try Dictionary(
            uniqueKeysWithValues: rows.map {
                (try $0.decode("metric", as: String.self), (try $0.decode("value", as: Double?.self), try $0.decode("previous", as: Double?.self)))
            }
        )
    }

    static func plain(_ session: PostgresSession, orgID: UUID, from: String, to: String) async throws -> [String: Double?] {
        let rows = try await session.query(plainKPIs, [from, to, orgID])
        return try Dictionary(
            uniqueKeysWithValues: rows.map {
                (try $0.decode("metric", as: String.self), try $0.decode("value", as: Double?.self))
            }
        )
    }

    @Test func everyKPIEqualsTheHandCountAndTheAnalystsPlainSQL() async throws {
        let db = try await StoreDatabase.shared()
        let org = try await AnalyticsFixture.shared()
        try await db.app.withTenant(org.orgID) { session in
            let kpis = try await Self.kpis(session, orgID: org.orgID, from: AnalyticsFixture.from, to: AnalyticsFixture.to)
            let plain = try await Self.plain(session, orgID: org.orgID, from: AnalyticsFixture.from, to: AnalyticsFixture.to)
            let plainPrevious = try await Self.plain(session, orgID: org.orgID, from: "2026-02-19", to: "2026-02-28")
            #expect(Set(kpis.keys) == Set(AnalyticsFixture.Expected.kpis.keys))
            for (metric, expected) in AnalyticsFixture.Expected.kpis {
                #expect(kpis[metric]?.0 == expected, "\(metric)")
                #expect(plain[metric] == expected, "\(metric) (plain SQL)")
            }
            for (metric, expected) in AnalyticsFixture.Expected.previous {
                #expect(kpis[metric]?.1 == expected, "previous \(metric)")
                #expect(plainPrevious[metric] == expected, "previous \(metric) (plain SQL)")
            }
        }
    }

    @Test func seriesAndListsMatchTheHandCount() async throws {
        let db = try await StoreDatabase.shared()
        let org = try await AnalyticsFixture.shared()
        let c = org.conversations
        try await db.app.withTenant(org.orgID) { session in
            let range = "WITH r AS (\(Self.bounds))"
            let args: [any PostgresEncodable] = [AnalyticsFixture.from, AnalyticsFixture.to, org.orgID]
            let daily = try await session.query(
                "\(range) SELECT d.day::text AS day, d.ai_only, d.escalated FROM r, reporting.analytics_daily($3, r.f, r.t, 'America/New_York') d",
                args
            ).map { "\(try $0.decode("day", as: String.self)) \(try $0.decode("ai_only", as: Int.self)) \(try $0.decode("escalated", as: Int.self))" }
            #expect(
                daily == [
                    "2026-03-01 0 0", "2026-03-02 2 0", "2026-03-03 0 1", "2026-03-04 0 1", "2026-03-05 1 0",
                    "2026-03-06 0 1", "2026-03-07 0 2", "2026-03-08 0 0", "2026-03-09 0 0", "2026-03-10 0 0",
                ]
            )
            let split = try await session.query(
                "\(range) SELECT s.resolved_by, s.conversations FROM r, reporting.analytics_resolution_split($3, r.f, r.t) s",
                args
            ).map { "\(try $0.decode("resolved_by", as: String.self))=\(try $0.decode("conversations", as: Int.self))" }
            #expect(split == ["ai=1", "human=1"])
            let articles = try await session.query(
                "\(range) SELECT a.title, a.conversations FROM r, reporting.analytics_top_articles($3, r.f, r.t, 10) a",
                args
            ).map { "\(try $0.decode("title", as: String.self))=\(try $0.decode("conversations", as: Int.self))" }
            #expect(articles == ["Fees=3", "Opening hours=1"])
            let questions = try await session.query(
                "\(range) SELECT q.question, q.conversations FROM r, reporting.analytics_top_questions($3, r.f, r.t, 10) q",
                args
            ).map { "\(try $0.decode("question", as: String.self))=\(try $0.decode("conversations", as: Int.self))" }
            #expect(questions == ["what are your fees=2"])
            let takeovers = try await session.query(
                "\(range) SELECT t.kind, t.handoffs, t.conversations FROM r, reporting.analytics_takeovers($3, r.f, r.t) t",
                args
            ).map {
                "\(try $0.decode("kind", as: String.self)) \(try $0.decode("handoffs", as: Int.self)) \(try $0.decode("conversations", as: Int.self))"
            }
            #expect(takeovers == ["ai_to_agent 2 2", "agent_to_agent 1 1"])
            let workload = try await session.query(
                "SELECT agent_name, open_followups FROM reporting.analytics_followup_workload($1)",
                [org.orgID]
            ).map { "\(try $0.decode("agent_name", as: String.self))=\(try $0.decode("open_followups", as: Int.self))" }
            #expect(workload == ["Alice=1"])
            let recent = try await session.query(
                "\(range) SELECT a.kind, a.session_id FROM r, reporting.analytics_recent_activity($3, r.f, r.t, 20) a",
                args
            ).map { "\(try $0.decode("kind", as: String.self)) \(try $0.decode("session_id", as: UUID.self))" }
            #expect(
                Set(recent)
                    == Set(
                        ["c3", "c4", "c6", "c7", "c8"].map { "escalation \(c[$0]!)" } + ["c3", "c5", "c7"].map { "contact_capture \(c[$0]!)" }
                            + ["c5", "c6"].map { "resolved \(c[$0]!)" }
                    )
            )
        }
    }

    @Test(arguments: [
        ("total", ["c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8"]), ("active", ["c1", "c2", "c3", "c4"]),
        ("ai_not_sure", ["c2", "c3"]), ("ai_incorrect", ["c4"]), ("contact_capture", ["c3", "c5", "c7"]),
        ("escalated", ["c3", "c4", "c6", "c7", "c8"]), ("resolved_ai", ["c5"]), ("resolved_human", ["c6"]),
        ("ai_to_agent", ["c4", "c6"]), ("agent_to_agent", ["c4"]), ("followup_open", ["c7"]), ("needs_correction", ["c4"]),
        ("no_such_metric", []),
    ])
    func conversationsBehindANumber(metric: String, names: [String]) async throws {
        let db = try await StoreDatabase.shared()
        let org = try await AnalyticsFixture.shared()
        let ids = try await db.app.withTenant(org.orgID) { session in
            try await session.query(
                "WITH r AS (\(Self.bounds)) SELECT c.session_id FROM r, reporting.analytics_conversations($3, r.f, r.t, $4, 200) c",
                [AnalyticsFixture.from, AnalyticsFixture.to, org.orgID, metric]
            ).map { try $0.decode("session_id", as: UUID.self) }
        }
        #expect(Set(ids) == Set(names.map { org.conversations[$0]! }))
        #expect(ids.count == names.count)
    }

    @Test func theTimeZoneShiftsBusiestHours() async throws {
        let db = try await StoreDatabase.shared()
        let org = try await AnalyticsFixture.shared()
        func cells(_ zone: String) async throws -> [String] {
            try await db.app.withTenant(org.orgID) { session in
                try await session.query(
                    """
                    SELECT h.weekday, h.hour, h.chats
                    FROM reporting.analytics_busiest_hours($1, '2026-03-08T00:00:00Z', '2026-03-09T00:00:00Z', $2) h
                    """,
                    [org.orgID, zone]
                ).map { "\(try $0.decode("weekday", as: Int.self))/\(try $0.decode("hour", as: Int.self))=\(try $0.decode("chats", as: Int.self))" }
            }
        }
        // c8 started 2026-03-08 03:00 UTC: Sunday 3 am in UTC, Saturday 10 pm in New York.
        #expect(try await cells("UTC") == ["7/3=1"])
        #expect(try await cells("America/New_York") == ["6/22=1"])
    }

    @Test func appendingMessagesKeepsTheConversationFactsAsTheBulkFunctionComputesThem() async throws {
        try await ConversationFixture.with { chat in
            let id = try await chat.start().id
            let first = UUID()
            let second = UUID()
            let lines: [NewMessage] = [
                NewMessage(author: .customer, body: "  ?? "),
                // Greetings and small talk are no question: the first real message is.
                NewMessage(author: .customer, body: "Hi there!"),
                NewMessage(author: .customer, body: "Good morning, team :)"),
                NewMessage(author: .customer, body: "What are your Opening-hours?"),
                NewMessage(author: .ai, body: "Not sure", aiOutcome: .notSure),
                NewMessage(author: .ai, body: "We open at nine", aiOutcome: .answered, articleIDs: [second, first]),
                NewMessage(author: .customer, body: "And on Sundays?"),
                NewMessage(author: .ai, body: "Closed", aiOutcome: .answered, articleIDs: [first]),
            ]
            for line in lines {
                _ = try await chat.conversations.append(
                    orgID: chat.orgID,
                    conversationID: id,
                    message: line,
                    requiredModes: nil,
                    requiredOwner: nil
                )
            }
            let facts =
                "SELECT ai_answered, ai_article_ids::text AS articles, first_question FROM conversations WHERE org_id = $1 AND conversation_id = $2"
            let (kept, recomputed) = try await chat.pool.withTenant(chat.orgID) { session in
                let kept = try #require(try await session.query(facts, [chat.orgID, id]).singleRow())
                try await session.execute("SELECT switchboard.refresh_conversation_facts($1, ARRAY[$2::uuid])", [chat.orgID, id])
                let recomputed = try #require(try await session.query(facts, [chat.orgID, id]).singleRow())
                return (kept, recomputed)
            }
            let sorted = [first, second].map { $0.uuidString.lowercased() }.sorted()
            #expect(try kept.decode("ai_answered", as: Bool.self))
            #expect(try kept.decode("articles", as: String.self) == "{\(sorted.joined(separator: ","))}")
            #expect(try kept.decode("first_question", as: String?.self) == "what are your openinghours")
            for column in ["articles", "first_question"] {
                #expect(try kept.decode(column, as: String?.self) == recomputed.decode(column, as: String?.self))
            }
            #expect(try kept.decode("ai_answered", as: Bool.self) == recomputed.decode("ai_answered", as: Bool.self))
        }
    }

    @Test func labelsCountTheRangesChatsPerLabel() async throws {
        let db = try await StoreDatabase.shared()
        let org = try await AnalyticsFixture.shared()
        let counts = try await db.app.withTenant(org.orgID) { session in
            try await session.query(
                """
                WITH r AS (\(Self.bounds))
                SELECT l.label, l.conversations::int AS n FROM r, reporting.analytics_labels($3, r.f, r.t, 10) l
                """,
                [AnalyticsFixture.from, AnalyticsFixture.to, org.orgID]
            ).map { "\(try $0.decode("label", as: String.self))=\(try $0.decode("n", as: Int.self))" }
        }
        #expect(counts == ["billing=2", "vip=1"])
    }

    @Test(
        arguments: [
            ("Hi there!", nil), ("hello", nil), ("Thanks!!", nil), ("ok thank you", nil), ("Good evening all", nil), ("anyone there?", nil),
            ("Hello, how do refunds work?", "hello how do refunds work"), ("hi i need help with my order", "hi i need help with my order"),
            ("Is there parking?", "is there parking"),
        ] as [(String, String?)]
    )
    func smallTalkIsNoQuestion(message: String, key: String?) async throws {
        let db = try await StoreDatabase.shared()
        let rows = try await db.admin.withConnection { session in
            try await session.query("SELECT reporting.normalise_question($1) AS key", [message])
        }
        #expect(try rows.first?.decode("key", as: String?.self) == key)
    }

    @Test func flagsAndContactsKeepTheConversationFactsThroughTheirTriggers() async throws {
        try await ConversationFixture.with { chat in
            let id = try await chat.start().id
            func facts() async throws -> [Bool] {
                try await chat.pool.withTenant(chat.orgID) { session in
                    let row = try #require(
                        try await session.query(
                            "SELECT contact_reachable, ai_flagged_incorrect, followup_open FROM conversations WHERE org_id = $1 AND conversation_id = $2",
                            [chat.orgID, id]
                        ).singleRow()
                    )
                    return [try row.decode("contact_reachable"), try row.decode("ai_flagged_incorrect"), try row.decode("followup_open")]
                }
            }
            func run(_ sql: String) async throws {
                try await chat.pool.withTenant(chat.orgID) { session in try await session.execute(sql, [chat.orgID, id]) }
            }
            #expect(try await facts() == [false, false, false])
            try await chat.conversations.captureContact(
                orgID: chat.orgID,
                conversationID: id,
                contact: ContactDetails(email: "ann@example.com", name: "Ann")
            )
            try await run("INSERT INTO qa_reviews (org_id, conversation_id, flagged_incorrect, correction_note) VALUES ($1, $2, true, 'Wrong')")
            try await run("INSERT INTO followups (org_id, conversation_id, needed, note) VALUES ($1, $2, true, 'Call back')")
            #expect(try await facts() == [true, true, true])
            try await run("UPDATE qa_reviews SET flagged_incorrect = false WHERE org_id = $1 AND conversation_id = $2")
            try await run("UPDATE followups SET done = true WHERE org_id = $1 AND conversation_id = $2")
            #expect(try await facts() == [true, false, false])
            try await run("UPDATE followups SET done = false WHERE org_id = $1 AND conversation_id = $2")
            try await run("UPDATE qa_reviews SET flagged_incorrect = true WHERE org_id = $1 AND conversation_id = $2")
            #expect(try await facts() == [true, true, true])
            try await run("DELETE FROM qa_reviews WHERE org_id = $1 AND conversation_id = $2")
            try await run("DELETE FROM followups WHERE org_id = $1 AND conversation_id = $2")
            try await run(
                "DELETE FROM contacts ct USING conversations c WHERE c.org_id = $1 AND c.conversation_id = $2 AND ct.org_id = c.org_id AND ct.contact_id = c.contact_id"
            )
            #expect(try await facts() == [false, false, false])
        }
    }

    @Test func everyAnalyticsViewColumnAndFunctionIsCommentedAndRunsWithTheReadersRights() async throws {
        let db = try await StoreDatabase.shared()
        try await db.admin.withConnection { session in
            let uncommented = try await session.query(
                """
                SELECT c.relname || '.' || a.attname AS name
                FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                WHERE c.relnamespace = 'reporting'::regnamespace AND c.relname = ANY ($1)
                  AND COALESCE(col_description(c.oid, a.attnum), '') = ''
                UNION ALL
                SELECT p.proname FROM pg_proc p
                WHERE p.pronamespace = 'reporting'::regnamespace AND COALESCE(obj_description(p.oid, 'pg_proc'), '') = ''
                """,
                [ReportingViewTests.analyticsViewNames]
            ).map { try $0.decode("name", as: String.self) }
            #expect(uncommented.isEmpty)
            let definers = try await session.query(
                "SELECT proname FROM pg_proc WHERE pronamespace = 'reporting'::regnamespace AND prosecdef"
            ).map { try $0.decode("proname", as: String.self) }
            #expect(definers.isEmpty)
            let invokers = try await session.query(
                """
                SELECT count(*) AS n FROM pg_class
                WHERE relnamespace = 'reporting'::regnamespace AND relname = ANY ($1)
                  AND 'security_invoker=true' = ANY (COALESCE(reloptions, '{}'))
                """,
                [ReportingViewTests.analyticsViewNames]
            ).singleRow()!.decode("n", as: Int.self)
            #expect(invokers == ReportingViewTests.analyticsViewNames.count)
        }
    }

    @Test func anAnalystOfOrganisationAGetsNothingOfB() async throws {
        let db = try await StoreDatabase.shared()
        let a = try await AnalyticsFixture.shared()
        let b = try await AnalyticsFixture.seed(using: db.app)
        let helper = AnalystTests()
        try await helper.withAnalyst(db: db) { role in
            try await helper.grant([a.orgID], to: role, db: db)
            try await TestDatabase.withPool(db.urls.url(as: role), size: 1, searchPath: []) { pool in
                try await pool.withConnection { session in
                    let own = try await Self.kpis(session, orgID: a.orgID, from: AnalyticsFixture.from, to: AnalyticsFixture.to)
                    #expect(own["total"]?.0 == 8)
                    let other = try await Self.kpis(session, orgID: b.orgID, from: AnalyticsFixture.from, to: AnalyticsFixture.to)
                    #expect(other["total"]?.0 == 0)
                    #expect(other["ai_accuracy"]?.0 == nil)
                    for function in [
                        "SELECT count(*) AS n FROM reporting.analytics_conversations($1, '2000-01-01', '2100-01-01', 'total', 1000)",
                        "SELECT count(*) AS n FROM reporting.analytics_top_articles($1, '2000-01-01', '2100-01-01', 100)",
                        "SELECT count(*) AS n FROM reporting.analytics_busiest_hours($1, '2000-01-01', '2100-01-01', 'UTC')",
                        "SELECT count(*) AS n FROM reporting.analytics_followup_workload($1)",
                        "SELECT coalesce(sum(handoffs), 0)::int AS n FROM reporting.analytics_takeovers($1, '2000-01-01', '2100-01-01')",
                        "SELECT count(*) AS n FROM reporting.conversation_facts WHERE org_id = $1",
                        "SELECT count(*) AS n FROM reporting.ownership_changes WHERE org_id = $1",
                        "SELECT count(*) AS n FROM reporting.articles WHERE org_id = $1",
                    ] {
                        let seenOfA = try await session.query(function, [a.orgID]).singleRow()!.decode("n", as: Int.self)
                        let seenOfB = try await session.query(function, [b.orgID]).singleRow()!.decode("n", as: Int.self)
                        #expect(seenOfA > 0, "\(function) of A")
                        #expect(seenOfB == 0, "\(function) of B")
                    }
                }
            }
        }
    }
}
