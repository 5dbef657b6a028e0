import Foundation
import PostgresClient
import SwitchboardDemo
import SwitchboardDomain
import TestSupport
import Testing

@Suite("Demo bulk generator")
struct DemoScaleGeneratorTests {
    private static let now = Date(timeIntervalSince1970: 1_795_000_000)

    private func options(_ count: Int, slug: String, seed: UInt64 = 11) -> DemoScaleGenerator.Options {
        var options = DemoScaleGenerator.Options(conversations: count)
        options.slug = slug
        options.seed = seed
        options.now = Self.now
        options.sliceSize = 300
        options.transactionSize = 900
        options.progressInterval = .zero
        return options
    }

    @Test func twoThousandConversationsAreConsistentAndLeaveOtherOrganisationsAlone() async throws {
        let urls = try await TestDatabase.makeDatabase()
        try await TestDatabase.withPool(urls.app) { pool in
            let seeded = try await DemoSeeder(pool: pool, logger: TestDatabase.quietLogger, now: Self.now).seed()
            let others = seeded.organisations.map(\.id)
            let before = try await fingerprint(urls.admin, orgs: others)

            let reports = ProgressLog()
            let summary = try await DemoScaleGenerator(
                pool: pool,
                logger: TestDatabase.quietLogger,
                options: options(2_000, slug: "scale-test")
            ).generate { reports.append($0) }
            print(summary)

            #expect(summary.conversations == 2_000)
            #expect(summary.createdOrganisation)
            #expect(reports.count >= 2)
            #expect(reports.last?.conversations == 2_000)
            let orgID = summary.organisationID
            #expect(!others.contains(orgID))

            let modes = try await pool.withTenant(orgID) { session in
                try await session.query("SELECT mode, count(*) AS n FROM conversations GROUP BY mode")
            }
            var counts: [String: Int] = [:]
            for row in modes { counts[try row.decode("mode")] = try row.decode("n", as: Int.self) }
            #expect(counts.values.reduce(0, +) == 2_000)
            #expect(Set(counts.keys) == Set(Conversation.Mode.allCases.map(\.rawValue)), "\(counts)")
            #expect(counts == Dictionary(uniqueKeysWithValues: summary.modes.map { ($0.key.rawValue, $0.value) }))

            let check = try #require(
                try await pool.withTenant(orgID) { session in
                    try await session.query(Self.consistencySQL).singleRow()
                }
            )
            #expect(try check.decode("messages", as: Int.self) == summary.messages)
            let perConversation = Double(summary.messages) / 2_000
            #expect((7.0...13.0).contains(perConversation), "\(perConversation) messages per conversation")
            for column in ["wrong_counters", "wrong_owner_changes", "wrong_unanswered", "out_of_order"] {
                #expect(try check.decode(column, as: Int.self) == 0, "\(column)")
            }
            for column in ["not_sure", "cited", "transfers", "after_hours", "captured", "qa_flags", "kb_flags", "followups"] {
                #expect(try check.decode(column, as: Int.self) > 0, "no \(column)")
            }
            #expect(try await fingerprint(urls.admin, orgs: others) == before)
        }
    }

    @Test func theSameSeedGivesTheSameHistory() async throws {
        var prints: [[String]] = []
        for _ in 0..<2 {
            let urls = try await TestDatabase.makeDatabase()
            let orgID = try await TestDatabase.withPool(urls.app) { pool in
                try await DemoScaleGenerator(pool: pool, logger: TestDatabase.quietLogger, options: options(400, slug: "scale-same"))
                    .generate().organisationID
            }
            prints.append(try await fingerprint(urls.admin, orgs: [orgID]))
        }
        #expect(prints[0].count >= 5)
        #expect(prints[0] == prints[1])
    }

    @Test func anExistingOrganisationKeepsItsAgentsAndArticles() async throws {
        let urls = try await TestDatabase.makeDatabase()
        try await TestDatabase.withPool(urls.app) { pool in
            let seeded = try await DemoSeeder(pool: pool, logger: TestDatabase.quietLogger, now: Self.now).seed()
            let harbour = try #require(seeded["harbourbikes"])
            let summary = try await DemoScaleGenerator(
                pool: pool,
                logger: TestDatabase.quietLogger,
                options: options(150, slug: "harbourbikes")
            ).generate()
            #expect(!summary.createdOrganisation)
            #expect(summary.organisationID == harbour.id)
            let row = try #require(
                try await pool.withTenant(harbour.id) { session in
                    try await session.query(
                        """
                        SELECT (SELECT count(*) FROM conversations) AS conversations,
                               (SELECT count(*) FROM agents) AS agents,
                               (SELECT count(*) FROM messages m WHERE m.agent_id IS NOT NULL
                                  AND NOT EXISTS (SELECT 1 FROM agents a WHERE a.agent_id = m.agent_id)) AS strangers
                        """
                    ).singleRow()
                }
            )
            #expect(try row.decode("conversations", as: Int.self) == harbour.conversations + 150)
            #expect(try row.decode("agents", as: Int.self) == harbour.agents)
            #expect(try row.decode("strangers", as: Int.self) == 0)
        }
    }

    // MARK: - Checks

    private static let consistencySQL = """
        SELECT
            (SELECT count(*) FROM messages) AS messages,
            (SELECT count(*) FROM conversations c
             LEFT JOIN (SELECT conversation_id, count(*) AS n, min(seq) AS bottom, max(seq) AS top,
                               max(created_at) AS newest,
                               count(*) FILTER (WHERE ai_outcome = 'not_sure') AS not_sure
                        FROM messages GROUP BY conversation_id) m USING (conversation_id)
             WHERE c.message_count <> COALESCE(m.n, 0) OR c.last_seq <> COALESCE(m.top, 0)
                OR c.last_seq <> c.message_count OR COALESCE(m.bottom, 1) <> 1
                OR c.last_message_at IS DISTINCT FROM m.newest) AS wrong_counters,
            (SELECT count(*) FROM conversations c
             WHERE c.owner_changes <> (SELECT count(*) FROM ownership_events e
                                       WHERE e.conversation_id = c.conversation_id AND e.kind = 'transfer')
                OR (c.owner_agent_id IS NOT NULL) <> EXISTS (SELECT 1 FROM ownership_events e
                                       WHERE e.conversation_id = c.conversation_id AND e.kind = 'take_over'))
                AS wrong_owner_changes,
            (SELECT count(*) FROM conversations c
             WHERE c.ai_unanswered_count <> (SELECT count(*) FROM messages m
                                             WHERE m.conversation_id = c.conversation_id AND m.ai_outcome = 'not_sure'))
                AS wrong_unanswered,
            (SELECT count(*) FROM messages a JOIN messages b ON b.conversation_id = a.conversation_id AND b.seq = a.seq + 1
             WHERE b.created_at < a.created_at) AS out_of_order,
            (SELECT count(*) FROM messages WHERE ai_outcome = 'not_sure') AS not_sure,
            (SELECT count(*) FROM messages WHERE ai_outcome = 'answered' AND cardinality(ai_article_ids) = 1) AS cited,
            (SELECT count(*) FROM ownership_events WHERE kind = 'transfer') AS transfers,
            (SELECT count(*) FROM conversations WHERE status = 'after-hours') AS after_hours,
            (SELECT count(*) FROM contacts WHERE email IS NOT NULL) AS captured,
            (SELECT count(*) FROM qa_reviews WHERE flagged_incorrect) AS qa_flags,
            (SELECT count(*) FROM kb_updates WHERE update_needed) AS kb_flags,
            (SELECT count(*) FROM followups WHERE needed) AS followups
        """

    /// Per organisation and mode: count and a hash of ids, counters and times of conversations,
    /// messages and owner history.
    private func fingerprint(_ adminURL: String, orgs: [UUID]) async throws -> [String] {
        try await TestDatabase.withPool(adminURL) { admin in
            try await admin.withConnection { session in
                try await session.query(
                    """
                    SELECT c.mode || ' ' || count(*) || ' '
                           || md5(string_agg(c.conversation_id::text || c.last_seq || c.updated_at || c.owner_changes
                                             || c.ai_unanswered_count, ',' ORDER BY c.conversation_id))
                           || ' ' || (SELECT md5(string_agg(m.conversation_id::text || m.seq || m.body || m.created_at,
                                                            ',' ORDER BY m.conversation_id, m.seq))
                                      FROM switchboard.messages m WHERE m.org_id = ANY($1)) AS line
                    FROM switchboard.conversations c WHERE c.org_id = ANY($1)
                    GROUP BY c.mode ORDER BY c.mode
                    """,
                    [orgs]
                ).map { try $0.decode("line", as: String.self) }
            }
        }
    }
}

/// Progress reports collected from the generator's callback.
private final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var reports: [DemoScaleProgress] = []

    func append(_ report: DemoScaleProgress) {
        lock.withLock { reports.append(report) }
    }

    var count: Int { lock.withLock { reports.count } }
    var last: DemoScaleProgress? { lock.withLock { reports.last } }
}
