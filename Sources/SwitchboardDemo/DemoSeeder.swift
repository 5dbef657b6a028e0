import Foundation
import Logging
import PostgresClient
import SwitchboardDomain
import SwitchboardStore

/// Fills a database with the two demo organisations, CareerLearning and Harbour Bikes: agents,
/// knowledge base, playbook, test plan and a month of realistic conversations in every mode.
///
/// The same `seed` and `now` always produce the same data. Organisations are created through
/// `PostgresOrganisationRepository`; everything else is written as the app role inside
/// `withTenant`, so row-level security checks every row.
public struct DemoSeeder: Sendable {
    private let pool: PostgresPool
    private let logger: Logger
    private let now: Date
    private let seedValue: UInt64

    public init(pool: PostgresPool, logger: Logger, now: Date = Date(), seed: UInt64 = 2026) {
        self.pool = pool
        self.logger = logger
        self.now = now
        self.seedValue = seed
    }

    /// Seeds both organisations, or nothing when `careerlearning` already exists.
    public func seed() async throws -> DemoSeedSummary {
        let repository = PostgresOrganisationRepository(pool: pool)
        if try await repository.find(slug: DemoOrganisationProfile.careerLearning.slug) != nil {
            logger.info("demo data already present; nothing seeded")
            return DemoSeedSummary(alreadySeeded: true, organisations: [])
        }
        var seeded: [DemoSeedSummary.Organisation] = []
        for profile in DemoOrganisationProfile.all {
            if try await repository.find(slug: profile.slug) != nil {
                logger.notice("demo organisation already exists; skipped", metadata: ["slug": "\(profile.slug)"])
                continue
            }
            let content = try DemoContent.load(slug: profile.slug)
            let started = ContinuousClock.now
            let summary = try await seed(profile, content: content)
            logger.info(
                "seeded demo organisation",
                metadata: [
                    "slug": "\(profile.slug)", "conversations": "\(summary.conversations)",
                    "messages": "\(summary.messages)", "duration": "\(ContinuousClock.now - started)",
                ]
            )
            seeded.append(summary)
        }
        return DemoSeedSummary(alreadySeeded: false, organisations: seeded)
    }

    private func seed(_ profile: DemoOrganisationProfile, content: DemoContent) async throws -> DemoSeedSummary.Organisation {
        // Each organisation draws from its own stream, so one's content never shifts the other's data.
        var rng = SplitMix64(seed: seedValue ^ SplitMix64.fnv1a(profile.slug))
        let (organisation, agents, articles) = try await DemoOrganisationWriter.create(profile, content: content, pool: pool, now: now, rng: &rng)

        let conversations = makeConversations(profile, content: content, agents: agents, articles: articles, rng: &rng)
        try await DemoConversationWriter(pool: pool, orgID: organisation.id).write(conversations)

        let messages = conversations.reduce(0) { $0 + $1.messages.count }
        let details: [String: String] = [
            "seed": "\(seedValue)", "conversations": "\(conversations.count)", "messages": "\(messages)",
        ]
        let orgID = organisation.id
        let now = self.now
        try await pool.withTenant(orgID) { session in
            try await session.execute(
                """
                INSERT INTO audit_log (org_id, actor_kind, actor_id, action, target_kind, target_id, details, at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                """,
                [
                    orgID, "cli", "switchboard demo", "demo.seeded", "organisation", orgID.uuidString.lowercased(),
                    PostgresJSON(details), now,
                ]
            )
        }

        var modes: [Conversation.Mode: Int] = [:]
        for conversation in conversations { modes[conversation.mode, default: 0] += 1 }
        return DemoSeedSummary.Organisation(
            id: organisation.id,
            slug: profile.slug,
            name: profile.name,
            articles: articles.count,
            agents: agents.count,
            conversations: conversations.count,
            messages: messages,
            playbookEntries: content.playbook.count,
            testPlanItems: content.testPlan.count,
            modes: modes
        )
    }

    /// A month of conversations plus the fixed recent ones, oldest first, with their review flags.
    private func makeConversations(
        _ profile: DemoOrganisationProfile,
        content: DemoContent,
        agents: [DemoAgent],
        articles: [DemoArticle],
        rng: inout SplitMix64
    ) -> [DemoConversation] {
        let calendar = profile.calendar
        let scripter = DemoConversationScripter(
            profile: profile,
            calendar: calendar,
            scripts: content.scripts,
            agents: agents,
            articles: articles,
            now: now
        )
        let flags = DemoReviewFlags(scripts: content.scripts, agents: agents, articles: articles, now: now)

        var conversations: [DemoConversation] = []
        let starts = DemoStartTimes.sample(count: profile.conversationCount, now: now, calendar: calendar, rng: &rng)
        for start in starts {
            let plan = DemoScenarioMix.plan(startedAt: start, now: now, rng: &rng)
            var conversation = scripter.conversation(startingAt: start, plan: plan, rng: &rng)
            flags.apply(to: &conversation, rng: &rng)
            conversations.append(conversation)
        }
        let full = profile.slug == DemoOrganisationProfile.careerLearning.slug
        for recent in DemoScenarioMix.recent(full: full) {
            let start = now - recent.minutesAgo * 60
            conversations.append(scripter.conversation(startingAt: start, plan: recent.plan, rng: &rng))
        }
        return conversations.sorted { $0.startedAt < $1.startedAt }
    }
}
