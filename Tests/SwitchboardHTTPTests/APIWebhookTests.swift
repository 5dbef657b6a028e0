import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchboardDomain
import TestSupport
import Testing

@testable import SwitchboardApp
@testable import SwitchboardHTTP

/// /api/v1/webhooks: managed with the `admin` scope, one organisation's ids only, bodies checked
/// with messages that name the problem, the delivery log paged and redelivered.
@Suite struct APIWebhookTests {
    /// An IP literal, so no DNS is asked; nothing listens there (the worker does not run here).
    static let receiver = "http://127.0.0.1:9/hooks"

    @Test func anAdminKeyCreatesReadsPausesResumesChangesAndDeletesASubscription() async throws {
        try await TestSystem.with(webhooks: .loopbackForTests) { system in
            let key = try await system.apiKey([.admin])
            try await system.application().test(.router) { client in
                let created = try await client.v1(
                    .post,
                    "webhooks",
                    key: key,
                    json: json([
                        "url": Self.receiver, "events": ["message.created", "conversation.closed"], "description": "CRM",
                    ])
                )
                #expect(created.status == .created, "\(String(buffer: created.body))")
                #expect(created.headers[.cacheControl] == "no-store")
                let body = try jsonObject(created)
                #expect((body["secret"] as? String)?.hasPrefix("whsec_") == true)
                let webhook = try #require(body["webhook"] as? [String: Any])
                let id = try #require(webhook["id"] as? String)
                #expect(webhook["events"] as? [String] == ["message.created", "conversation.closed"])
                #expect(webhook["active"] as? Bool == true)

                let fetched = try await client.v1(.get, "webhooks/\(id)", key: key)
                #expect(fetched.status == .ok)
                #expect((try jsonObject(fetched)["webhook"] as? [String: Any])?["description"] as? String == "CRM")
                #expect(try jsonObject(fetched)["secret"] == nil)

                let paused = try await client.v1(.patch, "webhooks/\(id)", key: key, json: json(["active": false]))
                #expect((try jsonObject(paused)["webhook"] as? [String: Any])?["active"] as? Bool == false)
                let changed = try await client.v1(
                    .patch,
                    "webhooks/\(id)",
                    key: key,
                    json: json([
                        "active": true, "events": ["followup.flagged"], "description": "",
                    ])
                )
                let after = try #require(try jsonObject(changed)["webhook"] as? [String: Any])
                #expect(after["active"] as? Bool == true)
                #expect(after["events"] as? [String] == ["followup.flagged"])
                #expect(after["description"] is NSNull)

                let listed = try jsonObject(try await client.v1(.get, "webhooks", key: key))
                #expect((listed["data"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [id])
                #expect(listed["next_cursor"] is NSNull)

                #expect(try await client.v1(.delete, "webhooks/\(id)", key: key).status == .noContent)
                #expect(try await client.v1(.get, "webhooks/\(id)", key: key).status == .notFound)
                let audited = try await system.pool.withTenant(system.orgID) { session in
                    try await session.query(
                        "SELECT action FROM audit_log WHERE org_id = $1 AND actor_kind = 'api_key' AND target_id = $2 ORDER BY audit_id",
                        [system.orgID, id.lowercased()]
                    ).map { try $0.decode("action", as: String.self) }
                }
                #expect(audited == ["webhook.created", "webhook.updated", "webhook.updated", "webhook.deleted"])
            }
        }
    }

    @Test func rotatingTheSecretShowsANewOneThatSignsFromThenOn() async throws {
        try await TestSystem.with(webhooks: .loopbackForTests) { system in
            let key = try await system.apiKey([.admin])
            try await system.application().test(.router) { client in
                let (id, created) = try await client.subscribe(Self.receiver, key: key)
                let rotated = try await client.v1(.post, "webhooks/\(id)/rotate-secret", key: key)
                #expect(rotated.status == .ok)
                #expect(rotated.headers[.cacheControl] == "no-store")
                let secret = try #require(try jsonObject(rotated)["secret"] as? String)
                #expect(secret.hasPrefix("whsec_") && secret != created)
                let sealed = try await system.pool.withTenant(system.orgID) { session in
                    try await session.query(
                        "SELECT secret_sealed FROM webhook_subscriptions WHERE org_id = $1 AND subscription_id = $2::uuid",
                        [system.orgID, id]
                    ).singleRow()?.decode("secret_sealed", as: Data.self)
                }
                #expect(try WebhookSecretBox(secret: TestSystem.secret).open(try #require(sealed)) == secret)
            }
        }
    }

    @Test func theDeliveryLogPagesNewestFirstAndRedeliversOnlyFinishedDeliveries() async throws {
        try await TestSystem.with(webhooks: .loopbackForTests) { system in
            let key = try await system.apiKey([.admin])
            try await system.application().test(.router) { client in
                let id = try await client.subscribe(Self.receiver, key: key).id
                let subscriptionID = try #require(UUID(uuidString: id))
                var pings: [UUID] = []
                for _ in 0..<3 { pings.append(try await system.live.webhooks.service.sendTest(orgID: system.orgID, subscriptionID: subscriptionID)) }

                let first = try jsonObject(try await client.v1(.get, "webhooks/\(id)/deliveries?limit=2", key: key))
                let firstIDs = try #require(first["data"] as? [[String: Any]]).compactMap { $0["id"] as? String }
                let cursor = try #require(first["next_cursor"] as? String)
                let second = try jsonObject(try await client.v1(.get, "webhooks/\(id)/deliveries?limit=2&cursor=\(cursor)", key: key))
                let secondIDs = try #require(second["data"] as? [[String: Any]]).compactMap { $0["id"] as? String }
                #expect(second["next_cursor"] is NSNull)
                #expect((firstIDs + secondIDs).compactMap(UUID.init(uuidString:)) == pings.reversed())
                let badCursor = try await client.v1(.get, "webhooks/\(id)/deliveries?cursor=nonsense", key: key)
                #expect(badCursor.status == .unprocessableContent)
                #expect(try errorBody(badCursor).message.contains("cursor"))

                let pending = try await client.v1(.post, "webhooks/\(id)/deliveries/\(pings[0])/redeliver", key: key)
                #expect(pending.status == .conflict)
                #expect(try errorBody(pending).code == "webhook_delivery_pending")

                try await system.pool.withTenant(system.orgID) { session in
                    try await session.execute(
                        "UPDATE webhook_deliveries SET status = 'failed', attempts = 12 WHERE org_id = $1 AND delivery_id = $2",
                        [system.orgID, pings[0]]
                    )
                }
                let again = try await client.v1(.post, "webhooks/\(id)/deliveries/\(pings[0])/redeliver", key: key)
                #expect(again.status == .accepted, "\(String(buffer: again.body))")
                let delivery = try #require(try jsonObject(again)["delivery"] as? [String: Any])
                #expect(delivery["status"] as? String == "pending")
                #expect(delivery["attempts"] as? Int == 0)
                let redelivered = try #require((delivery["id"] as? String).flatMap(UUID.init(uuidString:)))
                #expect(redelivered != pings[0])
                let log = try await system.deliveries(of: subscriptionID)
                let events = Set(log.filter { [redelivered, pings[0]].contains($0.id) }.map(\.eventID))
                #expect(events.count == 1 && log.count == 4)
            }
        }
    }

    @Test func aKeyWithoutTheAdminScopeIsRefusedEveryOperation() async throws {
        try await TestSystem.with(webhooks: .loopbackForTests) { system in
            let key = try await system.apiKey(APIScope.allCases.filter { $0 != .admin })
            let id = UUID()
            let delivery = UUID()
            try await system.application().test(.router) { client in
                let calls: [(HTTPRequest.Method, String, String?)] = [
                    (.get, "webhooks", nil), (.post, "webhooks", json(["url": Self.receiver, "events": ["message.created"]])),
                    (.get, "webhooks/\(id)", nil), (.patch, "webhooks/\(id)", json(["active": false])),
                    (.delete, "webhooks/\(id)", nil), (.post, "webhooks/\(id)/rotate-secret", nil),
                    (.get, "webhooks/\(id)/deliveries", nil), (.post, "webhooks/\(id)/deliveries/\(delivery)/redeliver", nil),
                ]
                for (method, path, body) in calls {
                    let response = try await client.v1(method, path, key: key, json: body)
                    #expect(response.status == .forbidden, "\(method) \(path)")
                    #expect(try errorBody(response).code == "insufficient_scope")
                }
            }
        }
    }

    @Test func anotherOrganisationsSubscriptionsAndDeliveriesAreNotFound() async throws {
        try await TestSystem.with(webhooks: .loopbackForTests) { system in
            let key = try await system.apiKey([.admin])
            let other = try await system.makeOrganisation()
            let otherKey = try await system.apiKey([.admin], in: other.id)
            try await system.application().test(.router) { client in
                let mine = try await client.subscribe(Self.receiver, key: key).id
                let theirs = try await client.subscribe(Self.receiver, key: otherKey).id
                let theirDelivery = try await system.live.webhooks.service.sendTest(
                    orgID: other.id,
                    subscriptionID: try #require(UUID(uuidString: theirs))
                )
                let calls: [(HTTPRequest.Method, String, String?)] = [
                    (.get, "webhooks/\(theirs)", nil), (.patch, "webhooks/\(theirs)", json(["active": false])),
                    (.delete, "webhooks/\(theirs)", nil), (.post, "webhooks/\(theirs)/rotate-secret", nil),
                    (.get, "webhooks/\(theirs)/deliveries", nil),
                    (.post, "webhooks/\(theirs)/deliveries/\(theirDelivery)/redeliver", nil),
                    (.post, "webhooks/\(mine)/deliveries/\(theirDelivery)/redeliver", nil),
                    (.get, "webhooks/not-a-uuid", nil),
                ]
                for (method, path, body) in calls {
                    let response = try await client.v1(method, path, key: key, json: body)
                    #expect(response.status == .notFound, "\(method) \(path)")
                    #expect(try errorBody(response).code.hasPrefix("webhook_"), "\(method) \(path)")
                }
                let listed = try jsonObject(try await client.v1(.get, "webhooks", key: key))
                #expect((listed["data"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [mine])
                #expect(try await client.v1(.get, "webhooks/\(theirs)", key: otherKey).status == .ok)
            }
        }
    }

    @Test func invalidBodiesAreRefusedWithAMessageNamingTheProblem() async throws {
        try await TestSystem.with { system in
            let key = try await system.apiKey([.admin])
            try await system.application().test(.router) { client in
                let cases: [(HTTPRequest.Method, String, String, String, String)] = [
                    (.post, "webhooks", json(["events": ["message.created"]]), "invalid_body", "url is required"),
                    (.post, "webhooks", json(["url": Self.receiver, "events": "message.created"]), "invalid_body", "events must be an array"),
                    (.post, "webhooks", json(["url": Self.receiver, "events": []]), "no_webhook_events", "at least one event"),
                    (.post, "webhooks", json(["url": Self.receiver, "events": ["chat.started"]]), "unknown_webhook_event", "conversation.created"),
                    (
                        .post, "webhooks", json(["url": "ftp://crm.example/hooks", "events": ["message.created"]]), "unsupported_webhook_scheme",
                        "https://"
                    ),
                    (
                        .post, "webhooks", json(["url": "https://user:pw@crm.example/hooks", "events": ["message.created"]]),
                        "webhook_url_credentials", "passwords"
                    ),
                    // Loopback is refused unless the operator allows private targets (not here).
                    (
                        .post, "webhooks", json(["url": Self.receiver, "events": ["message.created"]]), "webhook_target_refused",
                        "SWITCHBOARD_WEBHOOK_ALLOW_PRIVATE"
                    ),
                    (.patch, "webhooks/\(UUID())", json([:]), "empty_webhook_change", "at least one of"),
                    (.patch, "webhooks/\(UUID())", json(["active": "no"]), "invalid_body", "active must be true or false"),
                ]
                for (method, path, body, code, words) in cases {
                    let response = try await client.v1(method, path, key: key, json: body)
                    #expect(response.status == .unprocessableContent, "\(body): \(response.status)")
                    let error = try errorBody(response)
                    #expect(error.code == code, "\(body)")
                    #expect(error.message.contains(words), "\(body): \(error.message)")
                }
                let notJSON = try await client.v1(.post, "webhooks", key: key, json: "{")
                #expect(notJSON.status == .badRequest)
                #expect(try errorBody(notJSON).code == "invalid_json")
            }
        }
    }

    @Test func consoleAdminsPauseRotateAndRedeliverToo() async throws {
        try await TestSystem.with(webhooks: .loopbackForTests) { system in
            let admin = try await system.agent("Ada", role: .admin)
            let carol = try await system.agent("Carol")
            try await system.application().test(.router) { client in
                let subscription = try await client.subscribe(Self.receiver, to: ["message.created"], as: admin)
                let id = subscription.webhook.id
                let paused = try await client.api(.patch, "admin/webhooks/\(id)", as: admin, json: json(["active": false]))
                #expect(paused.status == .ok)
                #expect((try jsonObject(paused)["webhook"] as? [String: Any])?["active"] as? Bool == false)
                #expect(try await client.api(.patch, "admin/webhooks/\(id)", as: carol, json: json(["active": true])).status == .forbidden)

                let rotated = try await client.api(.post, "admin/webhooks/\(id)/rotate-secret", as: admin)
                #expect(rotated.status == .ok)
                #expect((try jsonObject(rotated)["secret"] as? String).map { $0 != subscription.secret && $0.hasPrefix("whsec_") } == true)

                let ping = try await system.live.webhooks.service.sendTest(orgID: system.orgID, subscriptionID: id)
                let pending = try await client.api(.post, "admin/webhooks/\(id)/deliveries/\(ping)/redeliver", as: admin)
                #expect(pending.status == .conflict)
                try await system.pool.withTenant(system.orgID) { session in
                    try await session.execute(
                        "UPDATE webhook_deliveries SET status = 'delivered', delivered_at = now() WHERE org_id = $1 AND delivery_id = $2",
                        [system.orgID, ping]
                    )
                }
                let again = try await client.api(.post, "admin/webhooks/\(id)/deliveries/\(ping)/redeliver", as: admin)
                #expect(again.status == .accepted)
                #expect((try jsonObject(again)["delivery"] as? [String: Any])?["status"] as? String == "pending")
                #expect(try await client.api(.post, "admin/webhooks/\(id)/deliveries/\(UUID())/redeliver", as: admin).status == .notFound)
            }
        }
    }
}

extension TestClientProtocol {
    /// Subscribes `url` to message.created through /api/v1; the id and the one-time secret.
    func subscribe(
        _ url: String,
        key: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> (id: String, secret: String) {
        let response = try await v1(.post, "webhooks", key: key, json: json(["url": url, "events": ["message.created"]]))
        try #require(response.status == .created, "\(String(buffer: response.body))", sourceLocation: sourceLocation)
        let body = try jsonObject(response)
        return (
            try #require((body["webhook"] as? [String: Any])?["id"] as? String, sourceLocation: sourceLocation),
            try #require(body["secret"] as? String, sourceLocation: sourceLocation)
        )
    }
}
