import Foundation
import PostgresClient
import SwitchboardDomain
import SwitchboardStore

/// Writes what a demo organisation has before any chat: opening hours, agents and their presence,
/// knowledge base, playbook, and the test plan with some results — in one tenant transaction.
struct DemoOrganisationWriter {
    static let ssoIssuer = "urn:switchboard:demo"

    /// Notes testers left on failed checks.
    static let failNotes = [
        "Answered correctly, but cited a different article than the one we expected.",
        "The reply took about 12 seconds; it should come within a few.",
        "Worked on desktop; on a phone the widget covered the send button.",
        "The form did not appear on the first try; it showed after a reload.",
    ]

    let pool: PostgresPool
    let orgID: UUID
    let now: Date

    /// Creates a demo organisation for `profile`, with agents and articles drawn from `rng`, and
    /// writes what it has before any chat (the seeder and the scale generator both start so).
    static func create(
        _ profile: DemoOrganisationProfile,
        content: DemoContent,
        pool: PostgresPool,
        now: Date,
        rng: inout SplitMix64
    ) async throws -> (organisation: Organisation, agents: [DemoAgent], articles: [DemoArticle]) {
        let organisation = try await PostgresOrganisationRepository(pool: pool).create(
            slug: profile.slug,
            name: profile.name,
            isDemo: true,
            settings: OrganisationSettings(
                aiChatEnabled: true,
                timeZone: profile.timeZone,
                widgetAllowedOrigins: profile.widgetAllowedOrigins
            )
        )
        let agents = content.agents.enumerated().map { index, agent in
            DemoAgent(id: rng.uuid(), name: agent.name, email: agent.email, role: agent.role, online: index % 2 == 0)
        }
        let articles = content.articles.map { DemoArticle(id: rng.uuid(), content: $0) }
        try await DemoOrganisationWriter(pool: pool, orgID: organisation.id, now: now)
            .write(profile: profile, content: content, agents: agents, articles: articles, rng: &rng)
        return (organisation, agents, articles)
    }

    func write(
        profile: DemoOrganisationProfile,
        content: DemoContent,
        agents: [DemoAgent],
        articles: [DemoArticle],
        rng: inout SplitMix64
    ) async throws {
        let statements = try statements(content: content, agents: agents, articles: articles, rng: &rng)
        let orgID = self.orgID
        let now = self.now
        let hours = PostgresJSON(profile.businessHoursJSON)
        try await pool.withTenant(orgID) { session in
            try await session.execute(
                "UPDATE organisation_settings SET business_hours = $2, updated_at = $3 WHERE org_id = $1",
                [orgID, hours, now]
            )
            for statement in statements {
                try await statement.run(in: session, orgID: orgID)
            }
        }
    }

    private func statements(
        content: DemoContent,
        agents: [DemoAgent],
        articles: [DemoArticle],
        rng: inout SplitMix64
    ) throws -> [DemoBulkInsert] {
        let day: TimeInterval = 86_400
        var agentRows = DemoBulkInsert(
            "agents",
            [
                ("agent_id", "uuid"), ("sso_issuer", "text"), ("sso_subject", "text"), ("email", "text"),
                ("sign_in_name", "text"), ("role", "text"), ("created_at", "timestamptz"), ("last_sign_in_at", "timestamptz"),
            ]
        )
        var presence = DemoBulkInsert(
            "presence",
            [
                ("agent_id", "uuid"), ("last_heartbeat_at", "timestamptz"), ("open_sockets", "integer"), ("updated_at", "timestamptz"),
            ]
        )
        for agent in agents {
            let heartbeat = agent.online ? now - rng.seconds(5...100) : now - rng.seconds(3 * 3600...(3 * day))
            let signedIn = heartbeat - rng.seconds(3600...(8 * 3600))
            try agentRows.append([
                agent.id, Self.ssoIssuer, agent.email, agent.email, agent.name, agent.role, now - 90 * day, signedIn,
            ])
            try presence.append([agent.id, heartbeat, 0, heartbeat])
        }

        var articleRows = DemoBulkInsert(
            "kb_articles",
            [
                ("article_id", "uuid"), ("external_id", "text"), ("title", "text"), ("body", "text"), ("section", "text"),
                ("url", "text"), ("created_at", "timestamptz"), ("updated_at", "timestamptz"),
            ]
        )
        for (index, article) in articles.enumerated() {
            let created = now - 60 * day + Double(index) * 600
            try articleRows.append([
                article.id, article.content.externalId, article.content.title, article.content.body,
                article.content.section, article.content.url, created, created,
            ])
        }

        var playbook = DemoBulkInsert(
            "playbook_entries",
            [
                ("entry_id", "uuid"), ("section", "text"), ("phrase", "text"), ("answer", "text"), ("owner", "text"),
                ("position", "integer"), ("updated_at", "timestamptz"),
            ]
        )
        for (index, entry) in content.playbook.enumerated() {
            try playbook.append([rng.uuid(), entry.section, entry.phrase, entry.answer, entry.owner, index, now - 20 * day])
        }

        var items = DemoBulkInsert(
            "test_plan_items",
            [
                ("item_id", "uuid"), ("position", "integer"), ("title", "text"), ("steps", "text"),
                ("expected_result", "text"), ("created_at", "timestamptz"), ("updated_at", "timestamptz"),
                ("question", "text"), ("expectation", "text"), ("expected_article_id", "uuid"),
            ]
        )
        var results = DemoBulkInsert(
            "test_results",
            [
                ("result_id", "uuid"), ("item_id", "uuid"), ("outcome", "text"), ("note", "text"),
                ("tester_agent_id", "uuid"), ("tested_at", "timestamptz"),
            ]
        )
        let testers = agents.filter(\.canReviewCorrections).isEmpty ? agents : agents.filter(\.canReviewCorrections)
        // Checks with a question take their ids from a generator of their own and get no results
        // (they are run, not marked), so adding one leaves every other demo row as it was.
        var runnable = SplitMix64(seed: orgID.uuidString.utf8.reduce(0xC0FFEE) { $0 &* 31 &+ UInt64($1) })
        let articleIDs = Dictionary(articles.map { ($0.content.externalId, $0.id) }, uniquingKeysWith: { first, _ in first })
        for (index, item) in content.testPlan.enumerated() {
            if let question = item.question {
                try items.append([
                    runnable.uuid(), index, item.title, item.steps, item.expectedResult, now - 30 * day, now - 30 * day,
                    question, item.expect, item.article.flatMap { articleIDs[$0] },
                ])
                continue
            }
            let itemID = rng.uuid()
            try items.append([
                itemID, index, item.title, item.steps, item.expectedResult, now - 30 * day, now - 30 * day,
                String?.none, String?.none, UUID?.none,
            ])
            // Most checks have been run over the last days; some failed, and some of those passed on a retest.
            guard rng.chance(0.75) else { continue }
            let testedAt = now - rng.seconds(3600...(10 * day))
            if rng.chance(0.3) {
                try results.append([rng.uuid(), itemID, "fail", rng.pick(Self.failNotes), rng.pick(testers).id, testedAt])
                if rng.chance(0.4) {
                    let retest = testedAt + rng.seconds(1800...(testedAt.distance(to: now) * 0.9))
                    try results.append([rng.uuid(), itemID, "pass", String?.none, rng.pick(testers).id, retest])
                }
            } else {
                try results.append([rng.uuid(), itemID, "pass", String?.none, rng.pick(testers).id, testedAt])
            }
        }
        return [agentRows, presence, articleRows, playbook, items, results]
    }
}
