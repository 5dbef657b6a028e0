import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchboardDomain
import TestSupport
import Testing

@testable import SwitchboardHTTP

/// The hand-written /api/v1 controllers and the OpenAPI document in Public/api/v1 must agree:
/// the same operations, and responses that validate against the documented schemas.
@Suite struct OpenAPIContractTests {
    static func document(_ client: some TestClientProtocol) async throws -> [String: Any] {
        let response = try await client.executeRequest(uri: "/api/v1/openapi.json", method: .get, headers: [:], body: nil)
        try #require(response.status == .ok)
        return try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
    }

    @Test func everyRouteUnderAPIV1IsDocumentedAndEveryDocumentedOperationIsRouted() async throws {
        try await TestSystem.with { system in
            let routed = Set(
                buildRouter(dependencies: system.live.dependencies).routes
                    .map { "\($0.method.rawValue) \($0.path.description)" }
                    .filter { $0.split(separator: " ")[1].hasPrefix("/api/v1/") && !$0.hasSuffix("/api/v1/openapi.json") }
            )
            try await system.application().test(.router) { client in
                let paths = try #require(try await Self.document(client)["paths"] as? [String: [String: Any]])
                let documented = Set(paths.flatMap { path, item in item.keys.map { "\($0.uppercased()) \(path)" } })
                #expect(routed.subtracting(documented).isEmpty, "routed but not documented: \(routed.subtracting(documented).sorted())")
                #expect(documented.subtracting(routed).isEmpty, "documented but not routed: \(documented.subtracting(routed).sorted())")
                #expect(routed.count >= 20)
            }
        }
    }

    @Test func responsesOfTheMainCallsMatchTheirSchemas() async throws {
        try await TestSystem.with { system in
            let key = try await system.apiKey()
            let agent = try await system.agent("Carol", role: .agent)
            try await system.application().test(.router) { client in
                let validator = SchemaValidator(document: try await Self.document(client))
                // The validator itself must notice drift: a missing field, a wrong type, an unknown field.
                let conversation = ["$ref": "#/components/schemas/Conversation"]
                #expect(!validator.problems(["id": "x"], against: conversation).isEmpty)
                #expect(!validator.problems(["error": ["code": "x", "message": true]], against: ["$ref": "#/components/schemas/Error"]).isEmpty)
                #expect(
                    !validator.problems(["error": ["code": "x", "message": "y", "extra": 1]], against: ["$ref": "#/components/schemas/Error"]).isEmpty
                )
                #expect(validator.problems(["error": ["code": "x", "message": "y"]], against: ["$ref": "#/components/schemas/Error"]).isEmpty)
                let chat = try await client.liveChat(system, agent: agent)
                let article = try await client.v1(
                    .post,
                    "kb/articles",
                    key: key,
                    json: json(["title": "Returns", "body": "Return any bike within 30 days.", "external_id": "r-1"])
                )
                #expect(article.status == .created)
                let articleID = try #require((try jsonObject(article)["article"] as? [String: Any])?["id"] as? String)
                let calls: [(HTTPRequest.Method, String, String?, String)] = [
                    (.get, "me", nil, "Me"),
                    (.get, "conversations?limit=5", nil, "ConversationPage"),
                    (.get, "conversations/\(chat.conversationId)", nil, "ConversationTranscript"),
                    (
                        .post, "conversations/\(chat.conversationId)/messages", json(["agent_id": agent.id.uuidString, "body": "Hi there"]),
                        "MessageResponse"
                    ),
                    (
                        .patch, "conversations/\(chat.conversationId)/flags", json(["agent_id": agent.id.uuidString, "kb_update_needed": true]),
                        "ReviewResponse"
                    ),
                    (.get, "kb/articles/\(articleID)", nil, "ArticleResponse"),
                    (.get, "kb/articles", nil, "ArticlePage"),
                    (.get, "kb/search?q=return%20a%20bike", nil, "SearchResult"),
                    (.get, "playbook/entries", nil, "PlaybookEntryList"),
                    (.get, "test-plan/items", nil, "TestPlanItemList"),
                    (.get, "settings", nil, "Settings"),
                    (.get, "analytics?time_zone=Asia/Kathmandu", nil, "AnalyticsReport"),
                    (.get, "analytics/conversations?metric=total", nil, "AnalyticsConversations"),
                    (.get, "conversations/\(UUID())", nil, "Error"),
                ]
                for (method, path, body, schema) in calls {
                    let response = try await client.v1(method, path, key: key, json: body)
                    #expect(response.status.code < 500, "\(method) \(path): \(response.status)")
                    #expect(response.headers[.requestID] != nil)
                    let value = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))
                    let problems = validator.problems(value, against: ["$ref": "#/components/schemas/\(schema)"])
                    #expect(problems.isEmpty, "\(method) \(path): \(problems)")
                }
            }
        }
    }

    @Test func theReferencePageIsServedWithOnlyOwnAssets() async throws {
        try await TestSystem.with { system in
            try await system.application().test(.router) { client in
                let page = try await client.executeRequest(uri: "/api/docs", method: .get, headers: [:], body: nil)
                #expect(page.status == .ok)
                #expect(page.headers[.contentSecurityPolicy]?.contains("default-src 'self'") == true)
                let html = String(buffer: page.body)
                #expect(!html.contains("http://") && !html.contains("https://"))
                let script = try await client.executeRequest(uri: "/api/docs.js", method: .get, headers: [:], body: nil)
                #expect(script.status == .ok)
                #expect(!String(buffer: script.body).contains("innerHTML"))
            }
        }
    }
}
