import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchboardDomain
import TestSupport
import Testing

@testable import SwitchboardHTTP

/// `Idempotency-Key` on POST: one effect, the same response on replay, refusal on reuse.
@Suite struct APIIdempotencyTests {
    static let header = HTTPField.Name("Idempotency-Key")!

    func articleCount(_ system: TestSystem) async throws -> Int {
        try await system.pool.withTenant(system.orgID) { session in
            try await session.query("SELECT count(*) AS n FROM kb_articles WHERE org_id = $1", [system.orgID]).singleRow()!.decode("n", as: Int.self)
        }
    }

    @Test func aReplayReturnsTheSameResponseAndStoresOnce() async throws {
        try await TestSystem.with { system in
            let key = try await system.apiKey([.kbWrite])
            let body = json(["title": "Delivery", "body": "We deliver in two days."])
            try await system.application().test(.router) { client in
                let first = try await client.v1(.post, "kb/articles", key: key, json: body, headers: [Self.header: "create-delivery-1"])
                #expect(first.status == .created)
                let replay = try await client.v1(.post, "kb/articles", key: key, json: body, headers: [Self.header: "create-delivery-1"])
                #expect(replay.status == .created)
                #expect(String(buffer: replay.body) == String(buffer: first.body))
                #expect(replay.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
                #expect(replay.headers[.requestID] != nil)
                #expect(try await articleCount(system) == 1)

                let reused = try await client.v1(
                    .post,
                    "kb/articles",
                    key: key,
                    json: json(["title": "Other", "body": "x"]),
                    headers: [Self.header: "create-delivery-1"]
                )
                #expect(reused.status == .unprocessableContent)
                #expect(try errorBody(reused).code == "idempotency_key_reused")
                #expect(
                    try await client.v1(.post, "kb/articles", key: key, json: body, headers: [Self.header: "create-delivery-2"]).status == .created
                )
                #expect(try await articleCount(system) == 2)
                let invalid = try await client.v1(
                    .post,
                    "kb/articles",
                    key: key,
                    json: body,
                    headers: [Self.header: String(repeating: "k", count: 300)]
                )
                #expect(invalid.status == .badRequest)
                #expect(try await articleCount(system) == 2)
            }
        }
    }

    @Test func keysAreSeparatePerAPIKeyAndFailedRequestsAreNotStored() async throws {
        try await TestSystem.with { system in
            let first = try await system.apiKey([.kbWrite])
            let second = try await system.apiKey([.kbWrite])
            try await system.application().test(.router) { client in
                let body = json(["title": "Parking", "body": "Free parking behind the shop."])
                #expect(try await client.v1(.post, "kb/articles", key: first, json: body, headers: [Self.header: "same"]).status == .created)
                #expect(try await client.v1(.post, "kb/articles", key: second, json: body, headers: [Self.header: "same"]).status == .created)
                #expect(try await articleCount(system) == 2)

                let invalid = json(["title": "", "body": "x"])
                #expect(
                    try await client.v1(.post, "kb/articles", key: first, json: invalid, headers: [Self.header: "bad"]).status
                        == .unprocessableContent
                )
                #expect(
                    try await client.v1(.post, "kb/articles", key: first, json: invalid, headers: [Self.header: "bad"]).headers[
                        HTTPField.Name("Idempotent-Replayed")!
                    ] == nil
                )
                let stored = try await system.pool.withTenant(system.orgID) { session in
                    try await session.query("SELECT count(*) AS n FROM api_idempotency_keys WHERE org_id = $1", [system.orgID]).singleRow()!.decode(
                        "n",
                        as: Int.self
                    )
                }
                #expect(stored == 2)
            }
        }
    }
}
