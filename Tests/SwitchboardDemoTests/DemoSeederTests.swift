import Foundation
import PostgresClient
import SwitchboardDemo
import SwitchboardDomain
import TestSupport
import Testing

@Suite("Demo seeder")
struct DemoSeederTests {
    @Test func contentLoadsForBothOrganisations() throws {
        for slug in DemoContent.organisationSlugs {
            let content = try DemoContent.load(slug: slug)
            #expect(!content.articles.isEmpty)
            #expect(content.articles.allSatisfy { !$0.questions.isEmpty })
            #expect(Set(content.articles.map(\.externalId)).count == content.articles.count)
        }
    }

    @Test func seedingAFreshDatabaseFillsBothOrganisationsInEveryModeAndFlag() async throws {
        let urls = try await TestDatabase.makeDatabase()
        try await TestDatabase.withPool(urls.app) { pool in
            // How long seeding takes is a benchmark's question (BENCHMARKS.md), not a test's.
            let summary = try await DemoSeeder(pool: pool, logger: TestDatabase.quietLogger).seed()
            print(summary)

            #expect(!summary.alreadySeeded)
            #expect(summary.organisations.map(\.slug) == ["careerlearning", "harbourbikes"])
            let careerLearning = try #require(summary["careerlearning"])
            let harbourBikes = try #require(summary["harbourbikes"])
            #expect(careerLearning.articles >= 25)
            #expect(careerLearning.conversations >= 300)
            #expect((50...70).contains(harbourBikes.conversations))

            let modes = try await modeCounts(pool, careerLearning.id)
            print("careerlearning modes: \(modes.sorted { $0.key < $1.key })")
            #expect(Set(modes.keys) == Set(Conversation.Mode.allCases.map(\.rawValue)))
            #expect(modes == Dictionary(uniqueKeysWithValues: careerLearning.modes.map { ($0.key.rawValue, $0.value) }))

            let flags = try await flagCounts(pool, careerLearning.id)
            print("careerlearning flags: \(flags.sorted { $0.key < $1.key })")
            for (flag, count) in flags where flag != "open_followup_not_in_followup_mode" {
                #expect(count > 0, "no conversation with \(flag)")
            }
            #expect(flags["open_followup_not_in_followup_mode"] == 0)

            for organisation in summary.organisations {
                try await expectMessagesNumberedWithoutGaps(pool, organisation.id)
                try await expectTranscriptsStartWithTheCustomer(pool, organisation)
            }
            try await expectEachOrganisationSeesOnlyItsOwnArticles(pool, summary)

            let again = try await DemoSeeder(pool: pool, logger: TestDatabase.quietLogger).seed()
            #expect(again.alreadySeeded)
            #expect(again.organisations.isEmpty)
            #expect(try await modeCounts(pool, careerLearning.id) == modes)
        }
        try await TestDatabase.withPool(urls.admin) { admin in
            let rows = try await admin.withConnection { session in
                try await session.query(
                    """
                    SELECT o.slug, o.is_demo, s.time_zone, s.widget_allowed_origins,
                           (SELECT count(*) FROM switchboard.audit_log l
                            WHERE l.org_id = o.org_id AND l.action = 'demo.seeded' AND l.actor_kind = 'cli') AS audits
                    FROM switchboard.organisations o JOIN switchboard.organisation_settings s USING (org_id)
                    ORDER BY o.slug
                    """
                )
            }
            #expect(try rows.map { try $0.decode("slug", as: String.self) } == ["careerlearning", "harbourbikes"])
            #expect(try rows.map { try $0.decode("time_zone", as: String.self) } == ["America/New_York", "Europe/London"])
            #expect(try rows.allSatisfy { try $0.decode("is_demo", as: Bool.self) && $0.decode("audits", as: Int.self) == 1 })
            let origins = try rows[0].decode("widget_allowed_origins", as: [String].self)
            #expect(origins.contains("http://127.0.0.1:8080") && origins.contains("http://localhost:8080"))
        }
    }

    @Test func theSameSeedAndTimeGiveTheSameConversations() async throws {
        let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        var fingerprints: [[String]] = []
        for _ in 0..<2 {
            let urls = try await TestDatabase.makeDatabase()
            try await TestDatabase.withPool(urls.app) { pool in
                _ = try await DemoSeeder(pool: pool, logger: TestDatabase.quietLogger, now: now, seed: 7).seed()
            }
            let rows = try await TestDatabase.withPool(urls.admin) { admin in
                try await admin.withConnection { session in
                    try await session.query(
                        """
                        SELECT o.slug || ' ' || c.mode || ' ' || count(*) || ' '
                               || md5(string_agg(c.conversation_id::text || c.last_seq || c.updated_at, ',' ORDER BY c.conversation_id))
                               AS line
                        FROM switchboard.conversations c JOIN switchboard.organisations o USING (org_id)
                        GROUP BY o.slug, c.mode ORDER BY o.slug, c.mode
                        """
                    )
                }
            }
            fingerprints.append(try rows.map { try $0.decode("line", as: String.self) })
        }
        #expect(fingerprints[0].count >= 7)
        #expect(fingerprints[0] == fingerprints[1])
    }

    // MARK: - Checks

    private func modeCounts(_ pool: PostgresPool, _ orgID: UUID) async throws -> [String: Int] {
        let rows = try await pool.withTenant(orgID) { session in
            try await session.query("SELECT mode, count(*) AS n FROM conversations GROUP BY mode")
        }
        var counts: [String: Int] = [:]
        for row in rows { counts[try row.decode("mode")] = try row.decode("n", as: Int.self) }
        return counts
    }

    private func flagCounts(_ pool: PostgresPool, _ orgID: UUID) async throws -> [String: Int] {
        let rows = try await pool.withTenant(orgID) { session in
            try await session.query(
                """
                SELECT
                    (SELECT count(*) FROM qa_reviews WHERE flagged_incorrect) AS flagged_incorrect,
                    (SELECT count(*) FROM qa_reviews WHERE correction_reviewed) AS correction_reviewed,
                    (SELECT count(*) FROM qa_reviews q JOIN conversations c USING (org_id, conversation_id)
                     WHERE q.flagged_incorrect AND c.mode = 'review') AS ai_qa_review,
                    (SELECT count(*) FROM kb_updates WHERE update_needed) AS kb_update_needed,
                    (SELECT count(*) FROM kb_updates WHERE updated) AS kb_updated,
                    (SELECT count(*) FROM followups WHERE needed AND NOT done) AS followup_open,
                    (SELECT count(*) FROM followups WHERE done) AS followup_done,
                    (SELECT count(*) FROM followups f JOIN conversations c USING (org_id, conversation_id)
                     WHERE f.needed AND NOT f.done AND c.mode <> 'followup') AS open_followup_not_in_followup_mode,
                    (SELECT count(*) FROM conversations WHERE status = 'after-hours') AS after_hours,
                    (SELECT count(*) FROM conversations WHERE status = 'agent-handled') AS agent_handled,
                    (SELECT count(*) FROM conversations WHERE handoff_requested) AS handoff_requested,
                    (SELECT count(*) FROM conversations WHERE ai_unanswered_count > 0) AS ai_not_sure,
                    (SELECT count(*) FROM conversations WHERE owner_changes >= 1) AS transferred,
                    (SELECT count(*) FROM ownership_events WHERE kind = 'transfer') AS transfer_events,
                    (SELECT count(*) FROM contacts WHERE email IS NOT NULL) AS captured_email,
                    (SELECT count(*) FROM test_results WHERE outcome = 'fail' AND note IS NOT NULL) AS failed_tests,
                    (SELECT count(*) FROM presence WHERE agent_is_online(last_heartbeat_at, open_sockets)) AS agents_online
                """
            )
        }
        let result = try #require(rows.first)
        var counts: [String: Int] = [:]
        for (index, column) in rows.columns.enumerated() { counts[column] = try result.decode(index, as: Int.self) }
        return counts
    }

    private func expectMessagesNumberedWithoutGaps(_ pool: PostgresPool, _ orgID: UUID) async throws {
        let row = try await pool.withTenant(orgID) { session in
            try await session.query(
                """
                SELECT count(*) AS conversations,
                       count(*) FILTER (WHERE c.last_seq <> COALESCE(m.n, 0) OR c.last_seq <> COALESCE(m.top, 0)
                                           OR COALESCE(m.bottom, 1) <> 1 OR c.message_count <> c.last_seq
                                           OR c.last_message_at IS DISTINCT FROM m.newest) AS wrong,
                       (SELECT count(*) FROM messages a JOIN messages b
                          ON b.conversation_id = a.conversation_id AND b.seq = a.seq + 1
                        WHERE b.created_at < a.created_at) AS out_of_order
                FROM conversations c
                LEFT JOIN (SELECT conversation_id, count(*) AS n, min(seq) AS bottom, max(seq) AS top,
                                  max(created_at) AS newest
                           FROM messages GROUP BY conversation_id) m USING (conversation_id)
                """
            ).singleRow()
        }
        let result = try #require(row)
        #expect(try result.decode("conversations", as: Int.self) > 0)
        #expect(try result.decode("wrong", as: Int.self) == 0)
        #expect(try result.decode("out_of_order", as: Int.self) == 0)
    }

    private func expectTranscriptsStartWithTheCustomer(_ pool: PostgresPool, _ organisation: DemoSeedSummary.Organisation) async throws {
        let transcripts = try await pool.withTenant(organisation.id) { session in
            try await session.query("SELECT chat_log FROM reporting.chat_log").map { try $0.decode("chat_log", as: String.self) }
        }
        #expect(transcripts.count == organisation.conversations)
        #expect(transcripts.allSatisfy { $0.hasPrefix("Customer: ") })
    }

    private func expectEachOrganisationSeesOnlyItsOwnArticles(_ pool: PostgresPool, _ summary: DemoSeedSummary) async throws {
        for organisation in summary.organisations {
            let own = try DemoContent.load(slug: organisation.slug).articles.map(\.externalId).sorted()
            let visible = try await pool.withTenant(organisation.id) { session in
                try await session.query("SELECT external_id FROM kb_articles")
                    .map { try $0.decode("external_id", as: String.self) }
            }
            #expect(visible.sorted() == own)
        }
    }
}
