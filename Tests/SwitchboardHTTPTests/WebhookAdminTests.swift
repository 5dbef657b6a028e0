import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PostgresClient
import SwitchboardDomain
import SwitchboardStore
import TestSupport
import Testing

@testable import SwitchboardApp
@testable import SwitchboardHTTP

/// The admin API for webhook subscriptions: admins only, secrets shown once, audited, and SSRF
/// targets refused unless the operator allows them. (Isolation between organisations, which needs
/// a running worker, is in `WebhookDeliveryTests`.)
@Suite struct WebhookAdminTests {
    @Test func adminsCreateListAndDeleteSubscriptionsWithAnAuditTrail() async throws {
        try await TestSystem.with(webhooks: .loopbackForTests) { system in
            let admin = try await system.agent("Ada", role: .admin)
            try await system.application().test(.router) { client in
                let created = try await client.subscribe(
                    "http://127.0.0.1:9/hooks",
                    to: ["message.created", "conversation.closed", "message.created"],
                    as: admin
                )
                #expect(created.webhook.events == ["message.created", "conversation.closed"])

                let list = try await client.api(.get, "admin/webhooks", as: admin)
                #expect(list.status == .ok)
                let body = try jsonObject(list)
                let hooks = try #require(body["webhooks"] as? [[String: Any]])
                #expect(hooks.count == 1)
                #expect(hooks.first?["id"] as? String == created.webhook.id.uuidString)
                #expect(hooks.first?["secret"] == nil)
                #expect(!String(buffer: list.body).contains(created.secret))
                #expect((body["eventTypes"] as? [String])?.count == 7)

                // Stored sealed: the secret's text is nowhere in the row.
                let stored = try await system.pool.withTenant(system.orgID) { session in
                    try await session.query(
                        "SELECT position($2::bytea IN secret_sealed) AS at FROM webhook_subscriptions WHERE org_id = $1",
                        [system.orgID, Data(created.secret.utf8)]
                    ).singleRow()!.decode("at", as: Int.self)
                }
                #expect(stored == 0)

                #expect(try await client.api(.delete, "admin/webhooks/\(created.webhook.id)", as: admin).status == .noContent)
                #expect(try await client.api(.delete, "admin/webhooks/\(created.webhook.id)", as: admin).status == .notFound)
                let after = try #require(try jsonObject(try await client.api(.get, "admin/webhooks", as: admin))["webhooks"] as? [Any])
                #expect(after.isEmpty)

                let actions = try await system.pool.withTenant(system.orgID) { session in
                    try await session.query(
                        "SELECT action, actor_id, target_id FROM audit_log WHERE org_id = $1 AND action LIKE 'webhook.%' ORDER BY audit_id",
                        [system.orgID]
                    ).map {
                        try ($0.decode("action", as: String.self), $0.decode("actor_id", as: String.self), $0.decode("target_id", as: String.self))
                    }
                }
                let target = created.webhook.id.uuidString.lowercased()
                let actor = admin.id.uuidString.lowercased()
                #expect(actions.map(\.0) == ["webhook.created", "webhook.deleted"])
                #expect(actions.allSatisfy { $0.1 == actor && $0.2 == target })
            }
        }
    }

    @Test func invalidSubscriptionsAreRefusedWithAUsefulMessage() async throws {
        try await TestSystem.with(webhooks: .loopbackForTests) { system in
            let admin = try await system.agent("Ada", role: .admin)
            try await system.application().test(.router) { client in
                let cases: [(String, [String], String)] = [
                    ("ftp://files.example.com/hooks", ["message.created"], "unsupported_webhook_scheme"),
                    ("not a url", ["message.created"], "invalid_webhook_url"),
                    ("https://user:pw@crm.example.com/hooks", ["message.created"], "webhook_url_credentials"),
                    ("https://crm.example.com/hooks", [], "no_webhook_events"),
                    ("https://crm.example.com/hooks", ["message.deleted"], "unknown_webhook_event"),
                ]
                for (url, events, code) in cases {
                    let response = try await client.api(.post, "admin/webhooks", as: admin, json: json(["url": url, "events": events]))
                    #expect(response.status == .unprocessableContent, "\(url) \(events)")
                    #expect(try errorBody(response).code == code)
                }
                let unknown = try await client.api(
                    .post,
                    "admin/webhooks",
                    as: admin,
                    json: json(["url": "https://crm.example.com/hooks", "events": ["message.deleted"]])
                )
                #expect(try errorBody(unknown).message.contains("conversation.created"))
                let badLimit = try await client.api(.get, "admin/webhooks/\(UUID())/deliveries?limit=many", as: admin)
                #expect(badLimit.status == .unprocessableContent)
            }
        }
    }

    @Test func privateAndLoopbackTargetsAreRefusedByDefault() async throws {
        try await TestSystem.with { system in
            let admin = try await system.agent("Ada", role: .admin)
            try await system.application().test(.router) { client in
                for url in [
                    "http://127.0.0.1:8080/hooks", "http://localhost/hooks", "http://[::1]:8080/hooks",
                    "http://169.254.169.254/latest/meta-data", "https://10.1.2.3/hooks", "http://192.168.1.10/hooks",
                    "http://[fd12:3456::1]/hooks", "http://[::ffff:127.0.0.1]/hooks", "http://0.0.0.0/hooks",
                ] {
                    let response = try await client.api(.post, "admin/webhooks", as: admin, json: json(["url": url, "events": ["message.created"]]))
                    #expect(response.status == .unprocessableContent, "\(url)")
                    let error = try errorBody(response)
                    #expect(error.code == "webhook_target_refused", "\(url)")
                    #expect(error.message.contains("SWITCHBOARD_WEBHOOK_ALLOW_PRIVATE"))
                }
                #expect(try await system.live.webhooks.service.subscriptions(orgID: system.orgID).isEmpty)
            }
        }
    }

    @Test func aTargetThatTurnsPrivateIsRefusedAtDeliveryToo() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { Task { await receiver.stop() } }
        // A subscription allowed when it was created; the sender runs with the default rules.
        let secrets = WebhookSecretBox(secret: TestSystem.secret)
        let delivery = ClaimedWebhookDelivery(
            orgID: UUID(),
            id: UUID(),
            subscriptionID: UUID(),
            claimID: UUID(),
            eventType: "ping",
            payload: #"{"type":"ping"}"#,
            url: receiver.url,
            sealedSecret: try secrets.seal("whsec_test"),
            attempt: 1
        )
        var strict = WebhookConfiguration.loopbackForTests
        strict.targets = WebhookTargetRules()
        let outcome = await WebhookSender(configuration: strict, secrets: secrets).send(delivery)
        guard case .retry(let code, let error, let retryAt) = outcome else {
            Issue.record("expected a retry, got \(outcome)")
            return
        }
        #expect(code == nil)
        #expect(error.contains("non-public address"))
        #expect(retryAt > Date())
        #expect(await receiver.inbox.received.isEmpty)

        // The same delivery with the operator's allowance goes through.
        let allowed = await WebhookSender(configuration: .loopbackForTests, secrets: secrets).send(delivery)
        #expect(allowed == .delivered(statusCode: 204))
        #expect(await receiver.inbox.received.count == 1)
    }

    @Test func agentsAndSupervisorsCannotManageWebhooks() async throws {
        try await TestSystem.with(webhooks: .loopbackForTests) { system in
            let admin = try await system.agent("Ada", role: .admin)
            try await system.application().test(.router) { client in
                let subscription = try await client.subscribe("http://127.0.0.1:9/hooks", as: admin)
                for role in [AgentRole.agent, .supervisor] {
                    let person = try await system.agent("Sam", role: role)
                    let id = subscription.webhook.id
                    let calls: [(HTTPRequest.Method, String, String?)] = [
                        (.get, "admin/webhooks", nil),
                        (.post, "admin/webhooks", json(["url": "https://crm.example.com/h", "events": ["message.created"]])),
                        (.delete, "admin/webhooks/\(id)", nil),
                        (.post, "admin/webhooks/\(id)/test", nil),
                        (.get, "admin/webhooks/\(id)/deliveries", nil),
                    ]
                    for (method, path, body) in calls {
                        let response = try await client.api(method, path, as: person, json: body)
                        #expect(response.status == .forbidden, "\(role) \(method) \(path)")
                    }
                }
                #expect(try await system.live.webhooks.service.subscriptions(orgID: system.orgID).count == 1)
            }
        }
    }
}
