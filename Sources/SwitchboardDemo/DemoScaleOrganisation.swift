import Foundation
import PostgresClient
import SwitchboardDomain
import SwitchboardStore

/// The organisation the bulk generator writes into, with the agents and articles its
/// conversations refer to.
///
/// An organisation that does not exist yet is created like a demo organisation (agents,
/// knowledge base, playbook, test plan) from the content of the demo organisation with the same
/// slug, or CareerLearning's for any other slug. One that exists keeps its own agents and
/// articles; the customer questions for an article come from the demo content with the same
/// `external_id`, or else its title is asked.
struct DemoScaleOrganisation: Sendable {
    var id: UUID
    var profile: DemoOrganisationProfile
    var scripts: DemoContent.Scripts
    var agents: [DemoAgent]
    var articles: [DemoArticle]
    /// Whether this run created it.
    var created: Bool

    static func resolve(
        slug: String,
        pool: PostgresPool,
        now: Date,
        rng: inout SplitMix64
    ) async throws -> DemoScaleOrganisation {
        let demo = DemoOrganisationProfile.all.first { $0.slug == slug }
        var profile = demo ?? DemoOrganisationProfile.careerLearning
        let content = try DemoContent.load(slug: profile.slug)
        let repository = PostgresOrganisationRepository(pool: pool)

        if let existing = try await repository.find(slug: slug) {
            let agents = try await loadAgents(pool: pool, orgID: existing.id)
            let articles = try await loadArticles(pool: pool, orgID: existing.id)
            guard !agents.isEmpty, !articles.isEmpty else {
                throw DemoScaleError(
                    "Organisation \(slug) needs at least one agent and one knowledge-base article before history can be generated."
                )
            }
            profile.slug = slug
            profile.name = existing.name
            return DemoScaleOrganisation(
                id: existing.id,
                profile: profile,
                scripts: content.scripts,
                agents: agents,
                articles: articles,
                created: false
            )
        }

        if demo == nil {
            profile.slug = slug
            profile.name = "\(profile.name) (\(slug))"
        }
        let (organisation, agents, articles) = try await DemoOrganisationWriter.create(profile, content: content, pool: pool, now: now, rng: &rng)
        return DemoScaleOrganisation(
            id: organisation.id,
            profile: profile,
            scripts: content.scripts,
            agents: agents,
            articles: articles,
            created: true
        )
    }

    private static func loadAgents(pool: PostgresPool, orgID: UUID) async throws -> [DemoAgent] {
        let rows = try await pool.withTenant(orgID) { session in
            try await session.query(
                """
                SELECT agent_id, display_name, COALESCE(email, '') AS email, role
                FROM agents WHERE disabled_at IS NULL ORDER BY agent_id
                """
            )
        }
        return try rows.map { row in
            DemoAgent(
                id: try row.decode("agent_id"),
                name: try row.decode("display_name"),
                email: try row.decode("email"),
                role: try row.decode("role"),
                online: false
            )
        }
    }

    private static func loadArticles(pool: PostgresPool, orgID: UUID) async throws -> [DemoArticle] {
        var questions: [String: [String]] = [:]
        for slug in DemoContent.organisationSlugs {
            for article in try DemoContent.load(slug: slug).articles { questions[article.externalId] = article.questions }
        }
        let rows = try await pool.withTenant(orgID) { session in
            try await session.query(
                "SELECT article_id, external_id, title, body, section, url FROM kb_articles ORDER BY external_id, article_id"
            )
        }
        return try rows.map { row in
            let externalID: String? = try row.decode("external_id")
            let title: String = try row.decode("title")
            let content = DemoContent.Article(
                externalId: externalID ?? "",
                section: try row.decode("section", as: String?.self) ?? "",
                title: title,
                url: try row.decode("url", as: String?.self) ?? "",
                body: try row.decode("body"),
                questions: externalID.flatMap { questions[$0] } ?? ["\(title)?"]
            )
            return DemoArticle(id: try row.decode("article_id"), content: content)
        }
    }
}

/// The bulk generator cannot run as asked; the message says why.
public struct DemoScaleError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
