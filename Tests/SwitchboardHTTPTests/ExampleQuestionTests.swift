import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchboardAI
import SwitchboardDomain
import SwitchboardStore
import TestSupport
import Testing

@testable import SwitchboardHTTP

/// Every wrong answer becomes a fix: an agent's correction proposes the customer's question as an
/// example of the right article, the review approves it, and the engine then ranks that article.
@Suite struct ExampleQuestionTests {
    struct Examples: Decodable {
        struct Item: Decodable {
            let id: UUID
            let question: String
            let status: String
            let source: String
            let conversationId: UUID?
        }
        let examples: [Item]
    }

    @Test func aCorrectionProposesTheQuestionAndItsReviewTeachesTheEngine() async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            let sam = try await system.agent("Sam", role: .supervisor)
            _ = try await system.article(title: "Opening hours", body: "The shop opens at 9 and closes at 18, Monday to Saturday.")
            let refunds = try await system.article(title: "Refund policy", body: "Return any bike within 30 days for a full refund.")
            let question = "the frame came dented, can you take it and give me my cash?"
            let search = KnowledgeSearchProbe(system: system)
            #expect(try await search.best(for: question) != refunds)

            try await system.application().test(.router) { client in
                let chat = try await client.startChat(system.organisation)
                #expect(try await client.say(question, in: chat).status == .created)
                await system.live.answers.drain()
                #expect(try await client.widgetTranscript(chat).messages.contains { $0.author == .ai })
                let flag = try await client.api(
                    .put,
                    "conversations/\(chat.conversationId)/qa",
                    as: carol,
                    json: json([
                        "flaggedIncorrect": true, "correctionNote": "Should have sent the refund article",
                        "correctArticleId": refunds.uuidString,
                    ])
                )
                #expect(flag.status == .ok)
                let proposed = try decodeWire(Examples.self, from: try await client.api(.get, "kb/articles/\(refunds)/examples", as: carol).body)
                #expect(proposed.examples.map(\.question) == [question])
                #expect(proposed.examples.first?.status == "proposed")
                #expect(proposed.examples.first?.source == "correction")
                #expect(proposed.examples.first?.conversationId == chat.conversationId)
                // The console shows the picked article again when the chat is reopened.
                let transcript = try jsonObject(try await client.api(.get, "conversations/\(chat.conversationId)", as: carol))
                #expect((transcript["correctArticleId"] as? String)?.lowercased() == refunds.uuidString.lowercased())
                // Proposed examples do not rank anything yet.
                #expect(try await search.best(for: question) != refunds)

                let reviewed = try await client.api(.post, "queues/corrections/\(chat.conversationId)/reviewed", as: sam)
                #expect(reviewed.status == .ok)
                let approved = try decodeWire(Examples.self, from: try await client.api(.get, "kb/articles/\(refunds)/examples", as: carol).body)
                #expect(approved.examples.first?.status == "approved")
                #expect(try await search.best(for: question) == refunds)
                // …and for another customer wording the same complaint.
                #expect(try await search.best(for: "frame is dented, can i get cash for it") == refunds)
            }
        }
    }

    @Test func noArticleCoversItSendsTheChatToTheKnowledgeBaseQueue() async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            try await system.application().test(.router) { client in
                let chat = try await client.liveChat(system, agent: carol)
                let flag = try await client.api(
                    .put,
                    "conversations/\(chat.conversationId)/qa",
                    as: carol,
                    json: json([
                        "flaggedIncorrect": true, "noArticleCovers": true,
                    ])
                )
                #expect(flag.status == .ok)
                let queue = try jsonObject(try await client.api(.get, "queues/kb-review", as: carol))
                let items = try #require(queue["items"] as? [[String: Any]])
                #expect(items.contains { ($0["conversationId"] as? String)?.lowercased() == chat.conversationId.uuidString.lowercased() })

                let both = try await client.api(
                    .put,
                    "conversations/\(chat.conversationId)/qa",
                    as: carol,
                    json: json([
                        "flaggedIncorrect": true, "noArticleCovers": true, "correctArticleId": UUID().uuidString,
                    ])
                )
                #expect(both.status == .unprocessableContent)
            }
        }
    }

    @Test func supervisorsAddRewordAndRemoveExamplesOfTheirOwnArticlesOnly() async throws {
        try await TestSystem.with { system in
            let sam = try await system.agent("Sam", role: .supervisor)
            let article = try await system.article(title: "Refund policy", body: "Return any bike within 30 days.")
            let other = try await system.makeOrganisation()
            let mallory = try await system.agent("Mallory", role: .supervisor, in: other.id)
            try await system.application().test(.router) { client in
                let added = try await client.api(
                    .post,
                    "kb/articles/\(article)/examples",
                    as: sam,
                    json: json(["question": "Can I get my money back?"])
                )
                #expect(added.status == .created)
                let id = try #require((try jsonObject(added)["example"] as? [String: Any])?["id"] as? String)
                let again = try await client.api(
                    .post,
                    "kb/articles/\(article)/examples",
                    as: sam,
                    json: json(["question": "can i get my money back"])
                )
                #expect(again.status == .conflict)
                #expect(try errorBody(again).code == "duplicate_example")

                // Another organisation sees none of it and changes none of it.
                #expect(try await client.api(.get, "kb/articles/\(article)/examples", as: mallory).status == .notFound)
                #expect(
                    try await client.api(.post, "kb/articles/\(article)/examples", as: mallory, json: json(["question": "x"])).status == .notFound
                )
                #expect(try await client.api(.patch, "kb/examples/\(id)", as: mallory, json: json(["question": "planted"])).status == .notFound)
                #expect(try await client.api(.delete, "kb/examples/\(id)", as: mallory).status == .notFound)

                let reworded = try await client.api(.patch, "kb/examples/\(id)", as: sam, json: json(["question": "Can I have a refund?"]))
                #expect(reworded.status == .ok)
                #expect(try await client.api(.delete, "kb/examples/\(id)", as: sam).status == .noContent)
                #expect(
                    try decodeWire(Examples.self, from: try await client.api(.get, "kb/articles/\(article)/examples", as: sam).body).examples.isEmpty
                )
            }
        }
    }

    @Test func theRESTImportDropsNearDuplicatesAndStaysInItsOrganisation() async throws {
        try await TestSystem.with { system in
            let key = try await system.apiKey([.kbWrite])
            let article = try await system.article(title: "Refund policy", body: "Return any bike within 30 days.")
            let other = try await system.makeOrganisation()
            let otherKey = try await system.apiKey([.kbWrite], in: other.id)
            try await system.application().test(.router) { client in
                let imported = try await client.v1(
                    .post,
                    "kb/articles/\(article)/examples",
                    key: key,
                    json: json([
                        "questions": ["Can I get a refund?", "can i get a refund", "refund, can I get a?", "How do returns work?"]
                    ])
                )
                #expect(imported.status == .created)
                let body = try jsonObject(imported)
                #expect(body["added"] as? Int == 2)
                #expect(body["skipped_duplicates"] as? Int == 2)
                let again = try jsonObject(
                    try await client.v1(
                        .post,
                        "kb/articles/\(article)/examples",
                        key: key,
                        json: json([
                            "questions": ["HOW do returns work"]
                        ])
                    )
                )
                #expect(again["added"] as? Int == 0)
                #expect(again["skipped_duplicates"] as? Int == 1)

                let listed = try jsonObject(try await client.v1(.get, "kb/articles/\(article)/examples", key: key))
                let data = try #require(listed["data"] as? [[String: Any]])
                #expect(data.count == 2)
                #expect(data.allSatisfy { $0["status"] as? String == "approved" && $0["source"] as? String == "import" })

                let exampleID = try #require(data.first?["id"] as? String)
                #expect(try await client.v1(.get, "kb/articles/\(article)/examples", key: otherKey).status == .notFound)
                #expect(
                    try await client.v1(.post, "kb/articles/\(article)/examples", key: otherKey, json: json(["questions": ["x"]])).status == .notFound
                )
                #expect(try await client.v1(.delete, "kb/examples/\(exampleID)", key: otherKey).status == .notFound)
                #expect(try await client.v1(.delete, "kb/examples/\(exampleID)", key: key).status == .noContent)
            }
        }
    }
}

/// The built-in engine's ranking as the widget gets it: which article comes first for a question.
struct KnowledgeSearchProbe {
    let system: TestSystem

    func best(for question: String) async throws -> UUID? {
        try await IndexedKnowledgeSearch(source: PostgresKnowledgeSnapshots(pool: system.pool)).search(orgID: system.orgID, query: question, limit: 1)
            .first?.articleID
    }
}
