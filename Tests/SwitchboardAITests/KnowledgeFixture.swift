import Foundation
import PostgresClient
import SwitchboardDemo
import TestSupport

/// A fresh organisation holding one demo organisation's knowledge base.
struct DemoKnowledgeBase: Sendable {
    let slug: String
    let orgID: UUID
    let content: DemoContent
    /// Article ids by the content's external id.
    let articleIDs: [String: UUID]

    /// The article stored for `externalID`'s demo article.
    func article(_ externalID: String) -> DemoContent.Article? {
        content.articles.first { $0.externalId == externalID }
    }
}

/// The shared migrated database, an app pool, and both demo knowledge bases, set up once per run.
struct KnowledgeFixture: Sendable {
    let app: PostgresPool
    let careerLearning: DemoKnowledgeBase
    let harbourBikes: DemoKnowledgeBase

    var all: [DemoKnowledgeBase] { [careerLearning, harbourBikes] }

    func knowledgeBase(_ slug: String) -> DemoKnowledgeBase {
        slug == careerLearning.slug ? careerLearning : harbourBikes
    }

    static func shared() async throws -> KnowledgeFixture {
        try await KnowledgeFixtureCache.instance.fixture()
    }

    /// Creates an organisation as `switchboard_app`, the way the server writes, and loads `slug`'s articles.
    static func load(_ slug: String, using app: PostgresPool) async throws -> DemoKnowledgeBase {
        let content = try DemoContent.load(slug: slug)
        let orgID = UUID()
        let suffix = String(orgID.uuidString.replacingOccurrences(of: "-", with: "").prefix(12)).lowercased()
        var ids: [String: UUID] = [:]
        try await app.withTenant(orgID) { session in
            try await session.execute(
                "INSERT INTO organisations (org_id, slug, name) VALUES ($1, $2, $3)",
                [orgID, "kb-\(suffix)", "Knowledge test \(slug)"]
            )
            try await session.execute("INSERT INTO organisation_settings (org_id) VALUES ($1)", [orgID])
            for article in content.articles {
                let id = UUID()
                try await session.execute(
                    """
                    INSERT INTO kb_articles (org_id, article_id, external_id, title, body, section, url)
                    VALUES ($1, $2, $3, $4, $5, $6, $7)
                    """,
                    [orgID, id, article.externalId, article.title, article.body, article.section, article.url]
                )
                ids[article.externalId] = id
            }
        }
        return DemoKnowledgeBase(slug: slug, orgID: orgID, content: content, articleIDs: ids)
    }
}

/// Builds the fixture once, however many tests ask at the same time.
actor KnowledgeFixtureCache {
    static let instance = KnowledgeFixtureCache()
    private var pending: Task<KnowledgeFixture, any Error>?

    func fixture() async throws -> KnowledgeFixture {
        if let pending { return try await pending.value }
        let task = Task {
            let urls = try await TestDatabase.shared()
            let app = TestDatabase.pool(urls.app, size: 6)
            return KnowledgeFixture(
                app: app,
                careerLearning: try await KnowledgeFixture.load("careerlearning", using: app),
                harbourBikes: try await KnowledgeFixture.load("harbourbikes", using: app)
            )
        }
        pending = task
        return try await task.value
    }
}
