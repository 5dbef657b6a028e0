import Foundation
import Hummingbird
import HummingbirdTesting
import SwitchboardDomain
import SwitchboardStore
import TestSupport
import Testing

@testable import SwitchboardApp
@testable import SwitchboardHTTP

/// Webhooks reach a real receiver on a loopback port: signed, for every event type, through
/// receiver failures and outages, across worker restarts, and only for their own organisation.
/// A worker serves every organisation in its database, so these tests run one at a time in a
/// database of their own.
@Suite(.serialized) struct WebhookDeliveryTests {
    @Test func aStartedChatReachesTheReceiverSignedWithTheSubscriptionSecret() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { Task { await receiver.stop() } }
        try await TestSystem.with(webhooks: .loopbackForTests, database: try await DeliveryTestDatabase.shared(.webhooks)) { system in
            let admin = try await system.agent("Ada", role: .admin)
            try await system.application().test(.router) { client in
                let subscription = try await client.subscribe(receiver.url, as: admin)
                #expect(subscription.secret.hasPrefix("whsec_"))
                let worker = system.startWebhookWorker()
                let chat = try await client.startChat(system.organisation)

                let hook = try await receiver.inbox.waitFor("conversation.created")
                await worker.stop()
                #expect(signatureVerifies(hook, secret: subscription.secret))
                #expect(!signatureVerifies(hook, secret: "whsec_someone-else"))
                #expect(hook.event == "conversation.created")
                #expect(hook.json["organisation_id"] as? String == system.orgID.uuidString.lowercased())
                #expect(hook.data["conversation_id"] as? String == chat.conversationId.uuidString.lowercased())
                #expect(hook.data["mode"] as? String == "ai")
                let eventID = try #require(hook.json["id"] as? String)
                let createdAt = try #require(hook.json["created_at"] as? String)
                #expect(try Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(createdAt) <= Date())

                let log = try await system.waitForDeliveries(of: subscription.webhook.id) { log in
                    log.contains { $0.eventType == "conversation.created" && $0.status == .delivered }
                }
                let entry = try #require(log.first { $0.eventType == "conversation.created" })
                #expect(entry.eventID.uuidString.lowercased() == eventID)
                #expect(hook.delivery == entry.id.uuidString.lowercased())
                #expect(entry.attempts == 1)
                #expect(entry.lastStatusCode == 204)
                #expect(entry.deliveredAt != nil)
            }
        }
    }

    @Test func eachEventTypeIsSentByTheActionThatCausesIt() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { Task { await receiver.stop() } }
        try await TestSystem.with(webhooks: .loopbackForTests, database: try await DeliveryTestDatabase.shared(.webhooks)) { system in
            let admin = try await system.agent("Ada", role: .admin)
            let carol = try await system.agent("Carol")
            try await system.application().test(.router) { client in
                _ = try await client.subscribe(receiver.url, as: admin)
                let worker = system.startWebhookWorker()
                let chat = try await client.startChat(system.organisation)
                let id = chat.conversationId.uuidString.lowercased()
                let handoff = try await client.request(
                    .post,
                    "/widget/v1/conversations/\(chat.conversationId)/handoff",
                    json: jsonText(["reason": "My card 4111 was charged twice"]),
                    token: chat.customerToken
                )
                #expect(handoff.status == .ok)
                #expect(try await client.console("take-over", chat.conversationId, as: carol).status == .ok)
                #expect(try await client.say("Where is my parcel?", in: chat).status == .created)
                let closed = try await client.api(
                    .post,
                    "conversations/\(chat.conversationId)/close",
                    as: carol,
                    json: json(["chatReviewed": true, "kbNeedsUpdate": false])
                )
                #expect(closed.status == .ok)
                let flagged = try await client.api(
                    .put,
                    "conversations/\(chat.conversationId)/qa",
                    as: carol,
                    json: json(["flaggedIncorrect": true, "correctionNote": "Fee is 100 EUR"])
                )
                #expect(flagged.status == .ok)
                let followUp = try await client.api(
                    .put,
                    "conversations/\(chat.conversationId)/followup",
                    as: carol,
                    json: json(["followupNeeded": true, "note": "Refund the second charge"])
                )
                #expect(followUp.status == .ok)

                let inbox = receiver.inbox
                let created = try await inbox.waitFor("conversation.created") { $0.data["conversation_id"] as? String == id }
                let requested = try await inbox.waitFor("handoff.requested") { $0.data["conversation_id"] as? String == id }
                let taken = try await inbox.waitFor("conversation.taken_over") { $0.data["conversation_id"] as? String == id }
                let message = try await inbox.waitFor("message.created") { $0.data["body"] as? String == "Where is my parcel?" }
                let close = try await inbox.waitFor("conversation.closed") { $0.data["conversation_id"] as? String == id }
                let incorrect = try await inbox.waitFor("ai.flagged_incorrect") { $0.data["conversation_id"] as? String == id }
                let followup = try await inbox.waitFor("followup.flagged") { $0.data["conversation_id"] as? String == id }
                await worker.stop()

                #expect(created.data["page_url"] as? String == "https://shop.example/cart")
                #expect(requested.data["trigger"] as? String == "customer_request")
                #expect(requested.data["after_hours"] as? Bool == false)
                // Customer text travels only in message.created.
                #expect(!requested.body.contains("4111"))
                #expect(taken.data["agent_id"] as? String == carol.id.uuidString.lowercased())
                #expect(taken.data["agent_name"] as? String == "Carol")
                #expect(taken.data["kind"] as? String == "take_over")
                #expect(message.data["author"] as? String == "customer")
                #expect(message.data["conversation_id"] as? String == id)
                #expect(close.data["closed_by_agent_id"] as? String == carol.id.uuidString.lowercased())
                #expect(close.data["chat_reviewed"] as? Bool == true)
                #expect(incorrect.data["flagged_by_agent_id"] as? String == carol.id.uuidString.lowercased())
                #expect(followup.data["note"] as? String == "Refund the second charge")
                // Each event is sent once, however many writes the action made.
                let received = await inbox.received
                #expect(received.filter { $0.type == "conversation.closed" }.count == 1)
                #expect(received.filter { $0.type == "conversation.taken_over" }.count == 1)
            }
        }
    }

    @Test func aFailingThenUnreachableReceiverGetsItsEventsOnceItIsBack() async throws {
        let inbox = ReceiverInbox()
        await inbox.failNext(2)
        let receiver = try await WebhookReceiver.start(inbox: inbox)
        let port = receiver.port
        try await TestSystem.with(webhooks: .loopbackForTests, database: try await DeliveryTestDatabase.shared(.webhooks)) { system in
            let admin = try await system.agent("Ada", role: .admin)
            try await system.application().test(.router) { client in
                let subscription = try await client.subscribe(receiver.url, to: ["conversation.created", "message.created"], as: admin)
                let worker = system.startWebhookWorker()
                let chat = try await client.startChat(system.organisation)

                // Two 500s, then accepted.
                _ = try await inbox.waitFor("conversation.created")
                #expect(await inbox.refusedCount == 2)
                let first = try await system.waitForDeliveries(of: subscription.webhook.id) { log in
                    log.contains { $0.eventType == "conversation.created" && $0.status == .delivered }
                }
                #expect(first.first { $0.eventType == "conversation.created" }?.attempts == 3)

                // Down: nobody listens on the port while the customer writes.
                await receiver.stop()
                #expect(try await client.say("Is anyone there?", in: chat).status == .created)
                let failing = try await system.waitForDeliveries(of: subscription.webhook.id) { log in
                    log.contains { $0.eventType == "message.created" && $0.attempts >= 2 && $0.lastError != nil }
                }
                let pending = try #require(failing.first { $0.eventType == "message.created" })
                #expect(pending.status == .pending)
                #expect(pending.lastStatusCode == nil)
                #expect(pending.nextAttemptAt != nil)

                let back = try await WebhookReceiver.start(port: port, inbox: inbox)
                defer { Task { await back.stop() } }
                let message = try await inbox.waitFor("message.created") { $0.data["body"] as? String == "Is anyone there?" }
                #expect(message.data["conversation_id"] as? String == chat.conversationId.uuidString.lowercased())
                await worker.stop()
            }
        }
    }

    @Test func restartingTheWorkerLosesNothing() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { Task { await receiver.stop() } }
        try await TestSystem.with(webhooks: .loopbackForTests, database: try await DeliveryTestDatabase.shared(.webhooks)) { system in
            let admin = try await system.agent("Ada", role: .admin)
            try await system.application().test(.router) { client in
                let subscription = try await client.subscribe(receiver.url, to: ["message.created"], as: admin)
                let chat = try await client.startChat(system.organisation)

                // Queued while no worker runs; the first worker sends it.
                #expect(try await client.say("First question", in: chat).status == .created)
                let first = system.startWebhookWorker()
                _ = try await receiver.inbox.waitFor("message.created") { $0.data["body"] as? String == "First question" }
                await first.stop()

                // A worker that claimed a delivery and died before answering: the claim lapses.
                #expect(try await client.say("Second question", in: chat).status == .created)
                let claimed = try await PostgresWebhookOutbox(pool: system.pool).claim(orgID: system.orgID, limit: 10, lease: .seconds(1))
                #expect(claimed.contains { $0.payload.contains("Second question") })
                let claimedIDs = Set(claimed.map(\.id))
                let attemptsAtClaim = Dictionary(uniqueKeysWithValues: claimed.map { ($0.id, $0.attempt) })

                // A new instance over the same database picks everything up.
                let log = try await system.withSecondInstance { second in
                    let worker = second.startWebhookWorker()
                    _ = try await receiver.inbox.waitFor("message.created") { $0.data["body"] as? String == "Second question" }
                    let log = try await system.waitForDeliveries(of: subscription.webhook.id) { log in
                        log.filter { claimedIDs.contains($0.id) }.allSatisfy { $0.status == .delivered }
                    }
                    await worker.stop()
                    return log
                }
                // The abandoned claim counted as an attempt; the new worker's was the next one.
                #expect(log.filter { claimedIDs.contains($0.id) }.allSatisfy { $0.attempts == (attemptsAtClaim[$0.id] ?? 0) + 1 })
                let questions = await receiver.inbox.received.compactMap { $0.data["body"] as? String }.filter { $0.hasSuffix("question") }
                #expect(questions == ["First question", "Second question"])
            }
        }
    }

    @Test func aTestPingIsDeliveredAndLogged() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { Task { await receiver.stop() } }
        try await TestSystem.with(webhooks: .loopbackForTests, database: try await DeliveryTestDatabase.shared(.webhooks)) { system in
            let admin = try await system.agent("Ada", role: .admin)
            try await system.application().test(.router) { client in
                let subscription = try await client.subscribe(receiver.url, to: ["followup.flagged"], as: admin)
                let worker = system.startWebhookWorker()
                let sent = try await client.api(.post, "admin/webhooks/\(subscription.webhook.id)/test", as: admin)
                #expect(sent.status == .accepted)
                let ping = try await receiver.inbox.waitFor("ping")
                _ = try await system.waitForDeliveries(of: subscription.webhook.id) { $0.first?.status == .delivered }
                await worker.stop()
                #expect(signatureVerifies(ping, secret: subscription.secret))
                #expect(ping.data["subscription_id"] as? String == subscription.webhook.id.uuidString.lowercased())

                let log = try await client.api(.get, "admin/webhooks/\(subscription.webhook.id)/deliveries?limit=5", as: admin)
                #expect(log.status == .ok)
                let entries = try #require(try jsonObject(log)["deliveries"] as? [[String: Any]])
                #expect(entries.count == 1)
                #expect(entries.first?["event"] as? String == "ping")
                #expect(entries.first?["status"] as? String == "delivered")
                #expect(entries.first?["attempts"] as? Int == 1)
                #expect(entries.first?["lastStatusCode"] as? Int == 204)
                #expect(entries.first?.keys.contains("nextAttemptAt") == true)
            }
        }
    }

    @Test func anotherOrganisationCannotSeeOrTouchSubscriptionsNorReceiveTheirEvents() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { Task { await receiver.stop() } }
        try await TestSystem.with(webhooks: .loopbackForTests, database: try await DeliveryTestDatabase.shared(.webhooks)) { system in
            let admin = try await system.agent("Ada", role: .admin)
            let other = try await system.makeOrganisation()
            let stranger = try await system.agent("Bea", role: .admin, in: other.id)
            try await system.application().test(.router) { client in
                let subscription = try await client.subscribe(receiver.url, to: ["conversation.created"], as: admin)
                let id = subscription.webhook.id

                let list = try #require(try jsonObject(try await client.api(.get, "admin/webhooks", as: stranger))["webhooks"] as? [Any])
                #expect(list.isEmpty)
                #expect(try await client.api(.delete, "admin/webhooks/\(id)", as: stranger).status == .notFound)
                #expect(try await client.api(.post, "admin/webhooks/\(id)/test", as: stranger).status == .notFound)
                #expect(try await client.api(.get, "admin/webhooks/\(id)/deliveries", as: stranger).status == .notFound)
                #expect(try await system.live.webhooks.service.subscriptions(orgID: system.orgID).map(\.id) == [id])

                let worker = system.startWebhookWorker()
                let theirs = try await client.startChat(other)
                let ours = try await client.startChat(system.organisation)
                _ = try await receiver.inbox.waitFor("conversation.created") {
                    $0.data["conversation_id"] as? String == ours.conversationId.uuidString.lowercased()
                }
                await worker.stop()
                let received = await receiver.inbox.received
                #expect(received.count == 1)
                #expect(!received.contains { $0.body.contains(theirs.conversationId.uuidString.lowercased()) })
                #expect(!received.contains { $0.body.contains(other.id.uuidString.lowercased()) })
            }
        }
    }

    @Test func theWorkerPurgesFinishedDeliveriesPastTheirRetentionButKeepsPendingOnes() async throws {
        try await TestSystem.with(webhooks: .loopbackForTests, database: try await DeliveryTestDatabase.shared(.webhooks)) { system in
            let admin = try await system.agent("Ada", role: .admin)
            try await system.application().test(.router) { client in
                let subscription = try await client.subscribe("http://127.0.0.1:9/hooks", to: ["followup.flagged"], as: admin)
                let ids = try await system.pool.withTenant(system.orgID) { session in
                    try await session.query(
                        """
                        INSERT INTO webhook_deliveries (org_id, subscription_id, event_id, event_type, payload, status,
                                                        created_at, delivered_at, next_attempt_at)
                        SELECT $1, $2, gen_random_uuid(), 'ping', '{}', status, now() - age, now() - age,
                               now() + interval '1 day'
                        FROM (VALUES ('delivered', interval '40 days'), ('failed', interval '40 days'),
                                     ('pending', interval '40 days'), ('delivered', interval '1 day')) AS v (status, age)
                        RETURNING delivery_id, status, created_at < now() - interval '30 days' AS old
                        """,
                        [system.orgID, subscription.webhook.id]
                    ).map {
                        (
                            try $0.decode("delivery_id", as: UUID.self), try $0.decode("status", as: String.self),
                            try $0.decode("old", as: Bool.self)
                        )
                    }
                }
                let worker = system.live.webhooks.worker(listenerConfiguration: system.pool.configuration, logger: TestDatabase.quietLogger)
                #expect(await worker.purgeOld())
                let log = try await system.deliveries(of: subscription.webhook.id)
                let kept = ids.filter { !$0.2 || $0.1 == "pending" }.map(\.0)
                #expect(Set(log.map(\.id)) == Set(kept))
            }
        }
    }
}
