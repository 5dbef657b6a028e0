import Foundation
import PostgresClient
import SwitchboardDemo
import SwitchboardDomain
import SwitchboardStore
import TestSupport
import Testing

/// The console's repositories read the demo seeder's data as the reporting views define it, so
/// the queues, the test plan and the playbook agree with an analyst's SQL.
@Suite("Console repositories on demo data")
struct ConsoleRepositoriesOnDemoDataTests {
    @Test func queuesTestPlanPlaybookAndSettingsAgreeWithTheReportingViews() async throws {
        let urls = try await TestDatabase.makeDatabase()
        try await TestDatabase.withPool(urls.app) { pool in
            let summary = try await DemoSeeder(pool: pool, logger: TestDatabase.quietLogger).seed()
            let orgID = try #require(summary["careerlearning"]).id
            let reviews = PostgresReviewRepository(pool: pool)

            func count(_ sql: String) async throws -> Int {
                try await pool.withTenant(orgID) { session in
                    try await session.query(sql, [orgID]).singleRow()!.decode("n", as: Int.self)
                }
            }
            let corrections = try await reviews.correctionQueue(orgID: orgID, limit: 1000)
            #expect(!corrections.isEmpty)
            #expect(
                corrections.count
                    == (try await count(
                        "SELECT count(*) AS n FROM reporting.chat_log WHERE org_id = $1 AND ai_flagged_incorrect AND NOT correction_reviewed"
                    ))
            )
            #expect(corrections.allSatisfy { $0.flaggedBy != nil && $0.flaggedAt != nil })

            let knowledgeBase = try await reviews.knowledgeBaseQueue(orgID: orgID, limit: 1000)
            #expect(
                knowledgeBase.count
                    == (try await count(
                        "SELECT count(*) AS n FROM reporting.chat_log WHERE org_id = $1 AND kb_update_needed AND NOT kb_updated"
                    ))
            )

            let workload = try await reviews.followUpWorkload(orgID: orgID, limit: 1000)
            let openFollowUps = try await count(
                "SELECT count(*) AS n FROM reporting.chat_log WHERE org_id = $1 AND followup_needed AND NOT followup_done"
            )
            #expect(workload.items.count == openFollowUps)
            #expect(workload.byAgent.map(\.open).reduce(0, +) == openFollowUps)

            let (items, passed) = try await TestPlanService(
                plan: PostgresTestPlanRepository(pool: pool),
                articles: PostgresArticleRepository(pool: pool)
            ).overview(orgID: orgID)
            #expect(!items.isEmpty)
            #expect(
                passed
                    == (try await count(
                        """
                        SELECT count(*) AS n FROM test_plan_items i
                        WHERE i.org_id = $1 AND (SELECT outcome FROM test_results r WHERE r.org_id = i.org_id AND r.item_id = i.item_id
                                                 ORDER BY tested_at DESC, result_id DESC LIMIT 1) = 'pass'
                        """
                    ))
            )

            let sections = try await PlaybookService(playbook: PostgresPlaybookRepository(pool: pool)).sections(orgID: orgID, query: nil)
            #expect(sections.flatMap(\.entries).count == (try await count("SELECT count(*) AS n FROM playbook_entries WHERE org_id = $1")))
            #expect(Set(sections.map(\.name)).count == sections.count)

            let settings = try await PostgresSettingsRepository(pool: pool).settings(orgID: orgID)
            #expect(settings.timeZone == "America/New_York")
            #expect(try SettingsRules.businessHours(settings.businessHours) == settings.businessHours)
        }
    }
}
