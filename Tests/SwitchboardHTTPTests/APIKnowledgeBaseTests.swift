import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchboardDomain
import TestSupport
import Testing

@testable import SwitchboardHTTP

/// /api/v1/kb: articles CRUD, bulk upsert by external id, and the engine's answer.
@Suite struct APIKnowledgeBaseTests {
    struct ArticleWire: Decodable {
        let id: UUID
        let externalId: String?
        let title: String
        let body: String
        let section: String?
    }

    struct ArticleResponseWire: Decodable {
        let article: ArticleWire
    }

    struct PageWire: Decodable {
        let data: [ArticleWire]
        let nextCursor: String?
    }

    struct BulkWire: Decodable {
        let created: Int
        let updated: Int
        let data: [ArticleWire]
    }

    struct SearchWire: Decodable {
        struct Match: Decodable {
            let articleId: UUID
            let score: Double
        }
        let answered: Bool
        let answer: String
        let articles: [Match]
        let matches: [Match]
    }

    @Test func createsReadsUpdatesAndDeletesArticles() async throws {
        try await TestSystem.with { system in
            let key = try await system.apiKey([.kbWrite])
            try await system.application().test(.router) { client in
                let created = try await client.v1(
                    .post,
                    "kb/articles",
                    key: key,
                    json: json([
                        "title": "Opening hours", "body": "We are open 9 to 5 on weekdays.", "section": "Shop", "external_id": "hours",
                    ])
                )
                #expect(created.status == .created)
                let article = try decodeAPI(ArticleResponseWire.self, from: created).article
                #expect(article.externalId == "hours")

                let updated = try await client.v1(.patch, "kb/articles/\(article.id)", key: key, json: json(["body": "Open 8 to 6.", "section": ""]))
                #expect(updated.status == .ok)
                let changed = try decodeAPI(ArticleResponseWire.self, from: updated).article
                #expect(changed.body == "Open 8 to 6.")
                #expect(changed.section == nil)
                #expect(changed.title == "Opening hours")
                #expect(
                    try decodeAPI(ArticleResponseWire.self, from: try await client.v1(.get, "kb/articles/\(article.id)", key: key)).article.body
                        == "Open 8 to 6."
                )

                let duplicate = try await client.v1(.post, "kb/articles", key: key, json: json(["title": "x", "body": "y", "external_id": "hours"]))
                #expect(duplicate.status == .conflict)
                #expect(try errorBody(duplicate).code == "duplicate_external_id")
                let noTitle = try await client.v1(.post, "kb/articles", key: key, json: json(["body": "y"]))
                #expect(noTitle.status == .unprocessableContent)
                let badURL = try await client.v1(
                    .post,
                    "kb/articles",
                    key: key,
                    json: json(["title": "x", "body": "y", "url": "javascript:alert(1)"])
                )
                #expect(badURL.status == .unprocessableContent)
                #expect(try errorBody(badURL).code == "invalid_url")

                #expect(try await client.v1(.delete, "kb/articles/\(article.id)", key: key).status == .noContent)
                #expect(try await client.v1(.get, "kb/articles/\(article.id)", key: key).status == .notFound)
                #expect(try await client.v1(.delete, "kb/articles/\(article.id)", key: key).status == .notFound)
            }
        }
    }

    @Test func anotherOrganisationsArticlesAreNotFoundAndUnchanged() async throws {
        try await TestSystem.with { system in
            let other = try await system.makeOrganisation()
            let otherKey = try await system.apiKey([.kbWrite], in: other.id)
            let key = try await system.apiKey([.kbWrite])
            let noScope = try await system.apiKey([.conversationsRead, .admin])
            let id = try await system.article(title: "Warranty", body: "Two years on every frame.")
            try await system.application().test(.router) { client in
                #expect(try await client.v1(.get, "kb/articles/\(id)", key: otherKey).status == .notFound)
                #expect(try await client.v1(.patch, "kb/articles/\(id)", key: otherKey, json: json(["title": "Hacked"])).status == .notFound)
                #expect(try await client.v1(.delete, "kb/articles/\(id)", key: otherKey).status == .notFound)
                #expect(try decodeAPI(PageWire.self, from: try await client.v1(.get, "kb/articles", key: otherKey)).data.isEmpty)
                #expect(
                    try decodeAPI(ArticleResponseWire.self, from: try await client.v1(.get, "kb/articles/\(id)", key: key)).article.title
                        == "Warranty"
                )

                for (method, path) in [
                    (HTTPRequest.Method.get, "kb/articles"), (.get, "kb/articles/\(id)"), (.get, "kb/search?q=frame"),
                    (.delete, "kb/articles/\(id)"),
                ] {
                    let refused = try await client.v1(method, path, key: noScope)
                    #expect(refused.status == .forbidden, "\(method) \(path)")
                    #expect(try errorBody(refused).code == "insufficient_scope")
                }
                #expect(try await client.v1(.post, "kb/articles/bulk", key: noScope, json: json(["articles": []])).status == .forbidden)
            }
        }
    }

    @Test func bulkUpsertSyncsByExternalIDAndPagesThrough() async throws {
        try await TestSystem.with { system in
            let key = try await system.apiKey([.kbWrite])
            try await system.application().test(.router) { client in
                let docs: [[String: Any]] = (1...3).map { ["external_id": "doc-\($0)", "title": "Doc \($0)", "body": "Body \($0)"] }
                let first = try await client.v1(.post, "kb/articles/bulk", key: key, json: json(["articles": docs]))
                #expect(first.status == .ok, "\(String(buffer: first.body))")
                #expect(try decodeAPI(BulkWire.self, from: first).created == 3)
                let again = try decodeAPI(
                    BulkWire.self,
                    from: try await client.v1(
                        .post,
                        "kb/articles/bulk",
                        key: key,
                        json: json([
                            "articles": [
                                ["external_id": "doc-1", "title": "Doc one", "body": "New body"],
                                ["external_id": "doc-4", "title": "Doc 4", "body": "Body 4"],
                            ]
                        ])
                    )
                )
                #expect(again.created == 1)
                #expect(again.updated == 1)

                var titles: [String] = []
                var cursor: String?
                repeat {
                    let page = try decodeAPI(
                        PageWire.self,
                        from: try await client.v1(
                            .get,
                            "kb/articles?limit=3" + (cursor.map { "&cursor=\($0)" } ?? ""),
                            key: key
                        )
                    )
                    titles += page.data.map(\.title)
                    cursor = page.nextCursor
                } while cursor != nil
                #expect(titles.sorted() == ["Doc 2", "Doc 3", "Doc 4", "Doc one"])

                let twice = try await client.v1(
                    .post,
                    "kb/articles/bulk",
                    key: key,
                    json: json([
                        "articles": [
                            ["external_id": "a", "title": "A", "body": "a"], ["external_id": "a", "title": "B", "body": "b"],
                        ]
                    ])
                )
                #expect(twice.status == .unprocessableContent)
                #expect(try errorBody(twice).code == "duplicate_external_id")
                let noID = try await client.v1(.post, "kb/articles/bulk", key: key, json: json(["articles": [["title": "A", "body": "a"]]]))
                #expect(noID.status == .unprocessableContent)
                #expect(try errorBody(noID).message.contains("external_id"))
                #expect(try await client.v1(.post, "kb/articles/bulk", key: key, json: json(["articles": "x"])).status == .unprocessableContent)
            }
        }
    }

    @Test func searchAnswersWhatTheBuiltInEngineWould() async throws {
        try await TestSystem.with { system in
            let key = try await system.apiKey([.kbWrite])
            let returns = try await system.article(
                title: "Returning a bike",
                body: "You can return any bike within 30 days of delivery for a full refund."
            )
            try await system.article(title: "Gift cards", body: "Gift cards never expire and can be used online.")
            try await system.application().test(.router) { client in
                let hit = try decodeAPI(SearchWire.self, from: try await client.v1(.get, "kb/search?q=can%20I%20return%20my%20bike", key: key))
                #expect(hit.answered)
                #expect(hit.articles.first?.articleId == returns)
                #expect(hit.answer.contains("30 days"))
                #expect(hit.matches.first?.articleId == returns)
                // A shorter list does not change the answer: both come from one ranking.
                let one = try decodeAPI(
                    SearchWire.self,
                    from: try await client.v1(.get, "kb/search?q=can%20I%20return%20my%20bike&limit=1", key: key)
                )
                #expect(one.matches.map(\.articleId) == [returns])
                #expect(one.answered && one.answer == hit.answer && one.articles.map(\.articleId) == hit.articles.map(\.articleId))
                let miss = try decodeAPI(SearchWire.self, from: try await client.v1(.get, "kb/search?q=quantum%20chromodynamics", key: key))
                #expect(!miss.answered)
                #expect(miss.articles.isEmpty)
                #expect(try await client.v1(.get, "kb/search", key: key).status == .unprocessableContent)
            }
        }
    }
}
