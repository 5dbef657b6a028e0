import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchboardDomain
import TestSupport
import Testing

@testable import SwitchboardHTTP

/// Running the test plan's checks from the console (supervisors and admins) and REST (`admin`
/// scope): the question, its expectation and article are edited as one, runs record Pass or Fail
/// with the reply, and nothing reaches across organisations.
@Suite struct TestPlanRunAPITests {
    struct ItemWire: Decodable {
        struct Result: Decodable {
            let outcome: String
            let note: String?
            let tester: String?
        }
        let id: UUID
        let title: String
        let question: String?
        let expect: String?
        let articleId: UUID?
        let articleTitle: String?
        let result: Result?
    }

    struct PlanWire: Decodable {
        let items: [ItemWire]
        let passed: Int
        let total: Int
    }

    static let returnsBody = "You can return any bike within 30 days of purchase for a full refund. Bring the receipt to the shop."

    @Test func aSupervisorGivesACheckItsQuestionAndRunsIt() async throws {
        try await TestSystem.with { system in
            let returns = try await system.article(title: "Returns and refunds", body: Self.returnsBody)
            let sam = try await system.agent("Sam", role: .supervisor)
            let carol = try await system.agent("Carol")
            try await system.application().test(.router) { client in
                let created = try await client.api(
                    .post,
                    "test-plan",
                    as: sam,
                    json: json([
                        "title": "Returns", "question": "Can I return my bike for a refund?", "expect": "article", "articleId": returns.uuidString,
                    ])
                )
                try #require(created.status == .created, "\(String(buffer: created.body))")
                let item = try decodeWire(ItemWire.self, from: created.body)
                #expect(
                    (item.question, item.expect, item.articleId, item.articleTitle)
                        == ("Can I return my bike for a refund?", "article", returns, "Returns and refunds")
                )
                let raw = try #require(try jsonObject(try await client.api(.get, "test-plan", as: carol))["items"] as? [[String: Any]])
                #expect(raw.first?["result"] is NSNull)

                // Agents mark checks by hand but do not run them.
                let refused = try await client.api(.post, "test-plan/\(item.id)/run", as: carol)
                #expect(refused.status == .forbidden)

                let ran = try await client.api(.post, "test-plan/\(item.id)/run", as: sam)
                #expect(ran.status == .ok, "\(String(buffer: ran.body))")
                let result = try #require(try decodeWire(ItemWire.self, from: ran.body).result)
                #expect(result.outcome == "pass")
                #expect(result.tester == "Sam")
                #expect(result.note?.hasPrefix("Answered from “Returns and refunds”. Reply: ") == true, "\(result.note ?? "")")
                #expect(result.note?.contains("30 days") == true)

                // The same check now expects a decline: the answer fails it.
                let edited = try await client.api(
                    .put,
                    "test-plan/\(item.id)",
                    as: sam,
                    json: json([
                        "question": "Can I return my bike for a refund?", "expect": "decline",
                    ])
                )
                #expect(edited.status == .ok, "\(String(buffer: edited.body))")
                #expect(try decodeWire(ItemWire.self, from: edited.body).articleId == nil)
                let failed = try decodeWire(ItemWire.self, from: try await client.api(.post, "test-plan/\(item.id)/run", as: sam).body)
                #expect(failed.result?.outcome == "fail")
                #expect(failed.result?.note?.hasPrefix("Expected the AI to say it is not sure. Answered from") == true)
                let plan = try decodeWire(PlanWire.self, from: try await client.api(.get, "test-plan", as: carol).body)
                #expect((plan.passed, plan.total) == (0, 1))

                // Edits that leave the question alone keep it; an empty question makes the check manual.
                #expect(
                    try decodeWire(
                        ItemWire.self,
                        from: try await client.api(
                            .put,
                            "test-plan/\(item.id)",
                            as: sam,
                            json: json(["title": "Returns policy"])
                        ).body
                    ).expect == "decline"
                )
                let manual = try decodeWire(
                    ItemWire.self,
                    from: try await client.api(
                        .put,
                        "test-plan/\(item.id)",
                        as: sam,
                        json: json(["question": ""])
                    ).body
                )
                #expect(manual.question == nil && manual.expect == nil)
                let notRunnable = try await client.api(.post, "test-plan/\(item.id)/run", as: sam)
                #expect(notRunnable.status == .conflict)
                #expect(try errorBody(notRunnable).code == "test_plan_item_not_executable")
            }
        }
    }

    @Test func aQuestionNeedsAKnownExpectationAndTheOrganisationsOwnArticle() async throws {
        try await TestSystem.with { system in
            let sam = try await system.agent("Sam", role: .admin)
            let other = try await system.makeOrganisation()
            let theirs = try await system.pool.withTenant(other.id) { session in
                try await session.query(
                    "INSERT INTO kb_articles (org_id, title, body) VALUES ($1, 'Theirs', 'Their text') RETURNING article_id",
                    [other.id]
                ).singleRow()!.decode("article_id", as: UUID.self)
            }
            try await system.application().test(.router) { client in
                let cases: [([String: String], String)] = [
                    (["title": "T", "question": "refund?"], "invalid_expectation"),
                    (["title": "T", "question": "refund?", "expect": "sometimes"], "invalid_expectation"),
                    (["title": "T", "question": "refund?", "expect": "article"], "missing_article"),
                    (["title": "T", "question": "weather?", "expect": "decline", "articleId": UUID().uuidString], "unexpected_article"),
                    (["title": "T", "expect": "decline"], "missing_question"),
                    (["title": "T", "question": "refund?", "expect": "article", "articleId": theirs.uuidString], "unknown_article"),
                    (["title": "T", "question": String(repeating: "a", count: 1001), "expect": "decline"], "question_too_long"),
                ]
                for (body, code) in cases {
                    let response = try await client.api(.post, "test-plan", as: sam, json: json(body))
                    #expect(response.status == .unprocessableContent, "\(body)")
                    #expect(try errorBody(response).code == code, "\(body): \(String(buffer: response.body))")
                }
                #expect(try decodeWire(PlanWire.self, from: try await client.api(.get, "test-plan", as: sam).body).total == 0)
            }
        }
    }

    @Test func anotherOrganisationCannotRunOrRetargetTheChecks() async throws {
        try await TestSystem.with { system in
            let returns = try await system.article(title: "Returns and refunds", body: Self.returnsBody)
            let sam = try await system.agent("Sam", role: .supervisor)
            let other = try await system.makeOrganisation()
            let mallory = try await system.agent("Mallory", role: .admin, in: other.id)
            try await system.application().test(.router) { client in
                let item = try decodeWire(
                    ItemWire.self,
                    from: try await client.api(
                        .post,
                        "test-plan",
                        as: sam,
                        json: json([
                            "title": "Returns", "question": "Can I return my bike for a refund?", "expect": "article",
                            "articleId": returns.uuidString,
                        ])
                    ).body
                )
                let run = try await client.api(.post, "test-plan/\(item.id)/run", as: mallory)
                #expect(run.status == .notFound)
                #expect(try errorBody(run).code == "test_plan_item_not_found")
                // Mallory cannot aim a check of theirs at Sam's article either.
                let aimed = try await client.api(
                    .post,
                    "test-plan",
                    as: mallory,
                    json: json([
                        "title": "Theirs", "question": "refund?", "expect": "article", "articleId": returns.uuidString,
                    ])
                )
                #expect(aimed.status == .unprocessableContent)
                #expect(try errorBody(aimed).code == "unknown_article")
                let plan = try decodeWire(PlanWire.self, from: try await client.api(.get, "test-plan", as: sam).body)
                #expect(plan.items.map(\.id) == [item.id])
                #expect(plan.items.first?.result == nil)
            }
        }
    }

    @Test func restRunsOneCheckOrAllWithTheKeysNameAsTester() async throws {
        try await TestSystem.with { system in
            let returns = try await system.article(title: "Returns and refunds", body: Self.returnsBody)
            let key = try await system.apiKey([.admin], name: "CI nightly")
            let noScope = try await system.apiKey([.kbWrite])
            let otherKey = try await system.apiKey([.admin], in: try await system.makeOrganisation().id)
            try await system.application().test(.router) { client in
                func add(_ body: [String: String]) async throws -> String {
                    let created = try await client.v1(.post, "test-plan/items", key: key, json: json(body))
                    try #require(created.status == .created, "\(String(buffer: created.body))")
                    return try #require((try jsonObject(created)["item"] as? [String: Any])?["id"] as? String)
                }
                let answered = try await add([
                    "title": "Returns", "question": "Can I return my bike for a refund?", "expect": "article", "article_id": returns.uuidString,
                ])
                let person = try await add(["title": "A person", "question": "Can I talk to a real person please?", "expect": "handoff"])
                let misjudged = try await add(["title": "Weather", "question": "Can I return my bike for a refund?", "expect": "decline"])
                let manual = try await add(["title": "Widget on a phone"])

                let one = try await client.v1(.post, "test-plan/items/\(person)/run", key: key)
                #expect(one.status == .ok, "\(String(buffer: one.body))")
                let item = try #require(try jsonObject(one)["item"] as? [String: Any])
                #expect(item["expect"] as? String == "handoff")
                let result = try #require(item["result"] as? [String: Any])
                #expect(result["outcome"] as? String == "pass")
                #expect(result["tester"] as? String == "CI nightly")

                let all = try await client.v1(.post, "test-plan/run", key: key)
                #expect(all.status == .ok, "\(String(buffer: all.body))")
                let summary = try jsonObject(all)
                let data = try #require(summary["data"] as? [[String: Any]])
                #expect(data.compactMap { $0["id"] as? String } == [answered, person, misjudged])
                #expect(data.compactMap { ($0["result"] as? [String: Any])?["outcome"] as? String } == ["pass", "pass", "fail"])
                #expect(data.first?["article_title"] as? String == "Returns and refunds")
                #expect((summary["passed"] as? Int, summary["total"] as? Int) == (2, 3))

                let notRunnable = try await client.v1(.post, "test-plan/items/\(manual)/run", key: key)
                #expect(notRunnable.status == .conflict)
                #expect(try await client.v1(.post, "test-plan/run", key: noScope).status == .forbidden)
                #expect(try await client.v1(.post, "test-plan/items/\(answered)/run", key: noScope).status == .forbidden)
                // Another organisation's key finds neither the check nor anything to run.
                #expect(try await client.v1(.post, "test-plan/items/\(answered)/run", key: otherKey).status == .notFound)
                let theirs = try jsonObject(try await client.v1(.post, "test-plan/run", key: otherKey))
                #expect((theirs["data"] as? [Any])?.isEmpty == true)
                #expect(theirs["total"] as? Int == 0)
                let plan = try jsonObject(try await client.v1(.get, "test-plan/items", key: key))
                #expect(plan["passed"] as? Int == 2)

                // The responses are what the OpenAPI document says.
                let validator = SchemaValidator(document: try await OpenAPIContractTests.document(client))
                for (value, schema) in [(summary, "TestPlanRun"), (try jsonObject(one), "TestPlanItemResponse"), (plan, "TestPlanItemList")] {
                    let problems = validator.problems(value, against: ["$ref": "#/components/schemas/\(schema)"])
                    #expect(problems.isEmpty, "\(schema): \(problems)")
                }
            }
        }
    }
}
