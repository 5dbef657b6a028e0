import Foundation
import HummingbirdTesting
import SwitchboardDomain
import TestSupport
import Testing

@testable import SwitchboardHTTP

/// What the busiest REST calls cost the database, counted as pool leases: each lease is one
/// transaction (or one statement outside any), so a use case that reads and writes in pieces shows.
@Suite struct TransactionBudgetTests {
    @Test func aRESTTakeOverCostsAtMostThreeTransactions() async throws {
        try await TestSystem.with { system in
            let key = try await system.apiKey([.conversationsRead, .conversationsWrite])
            let carol = try await system.agent("Carol", role: .agent)
            try await system.application().test(.router) { client in
                let chat = try await client.startChat(system.organisation)
                let before = await system.pool.statistics().leases
                let taken = try await client.v1(
                    .post,
                    "conversations/\(chat.conversationId)/mode",
                    key: key,
                    json: json(["action": "take_over", "agent_id": carol.id.uuidString])
                )
                let cost = await system.pool.statistics().leases - before
                #expect(taken.status == .ok, "\(String(buffer: taken.body))")
                // The API key, the take-over (conversation and agent read beside the write), the view returned.
                #expect(cost <= 3, "a REST take-over took \(cost) transactions")
                print("[budget] a REST take-over: \(cost) transactions")
                #expect(try await system.conversation(chat.conversationId).ownerAgentID == carol.id)
            }
        }
    }

    @Test func aCustomerMessageIsOneTransactionWhateverItDecides() async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol", role: .agent)
            try await system.application().test(.router) { client in
                // To an agent's chat: stored with the contact it gives; the AI stays out.
                let live = try await client.liveChat(system, agent: carol)
                // Nothing else may lease meanwhile: no AI answer still running from setting the chat up.
                await system.live.answers.drain()
                try await system.freshSettingsCache()
                var before = await system.pool.statistics().leases
                #expect(try await client.say("I'm on 07700 900123 if we get cut off", in: live).status == .created)
                let toAgent = await system.pool.statistics().leases - before
                #expect(toAgent <= 1, "a message to an agent's chat took \(toAgent) transactions")
                #expect(try await system.conversation(live.conversationId).contact.phone == "07700 900123")

                // A request for a person: stored, and the chat handed to people, together.
                let chat = try await client.startChat(system.organisation)
                try await system.freshSettingsCache()
                before = await system.pool.statistics().leases
                #expect(try await client.say("Can I talk to a real person please?", in: chat).status == .created)
                let request = await system.pool.statistics().leases - before
                #expect(request <= 1, "a request for a person took \(request) transactions")
                #expect(try await system.conversation(chat.conversationId).mode == .needs)
                print("[budget] a customer message: \(toAgent) transactions; a request for a person: \(request)")
            }
        }
    }

    @Test func anAgentReplyAndTheEmailItQueuesAreOneTransaction() async throws {
        let server = try ScriptedSMTPServer(ehlo: ["250 smtp.test"])
        defer { server.stop() }
        try await TestSystem.with { system in
            let admin = try await system.agent("Ada", role: .admin)
            let carol = try await system.agent("Carol", role: .agent)
            try await system.application().test(.router) { client in
                try await EmailDeliveryTests.configure(client, admin: admin, server: server)
                let chat = try await client.liveChat(system, agent: carol)
                #expect(try await client.say("Mail me at sam@example.com, I have to go", in: chat).status == .created)
                try await system.live.dependencies.customerPresence.left(orgID: system.orgID, conversationID: chat.conversationId)
                await system.live.answers.drain()
                let before = await system.pool.statistics().leases
                let reply = try await client.console(
                    "messages",
                    chat.conversationId,
                    as: carol,
                    json: jsonText(["body": "Your refund is on its way."])
                )
                let cost = await system.pool.statistics().leases - before
                #expect(reply.status == .created)
                // The agent's session, then the reply with its email.
                #expect(cost <= 2, "an agent reply to a customer who left took \(cost) transactions")
                print("[budget] an agent reply that queues an email: \(cost) transactions")
                let queued = try await EmailDeliveryTests.emails(client, chat, as: carol)
                #expect(queued.map(\.kind) == ["agent_reply"] && queued.first?.recipient == "sam@example.com")
            }
        }
    }

    @Test func anUnknownAgentOrConversationIsRefusedInsideTheTakeOverAndChangesNothing() async throws {
        try await TestSystem.with { system in
            let key = try await system.apiKey([.conversationsRead, .conversationsWrite])
            let carol = try await system.agent("Carol", role: .agent)
            let stranger = try await system.agent("Eve", in: try await system.makeOrganisation().id)
            try await system.application().test(.router) { client in
                let chat = try await client.startChat(system.organisation)
                let path = "conversations/\(chat.conversationId)/mode"
                let foreign = try await client.v1(.post, path, key: key, json: json(["action": "take_over", "agent_id": stranger.id.uuidString]))
                #expect(foreign.status == .unprocessableContent)
                #expect(try errorBody(foreign).code == "unknown_agent")
                #expect(try await system.conversation(chat.conversationId).mode == .ai)
                let toStranger = try await client.v1(.post, path, key: key, json: json(["action": "take_over", "agent_id": carol.id.uuidString]))
                #expect(toStranger.status == .ok)
                let transfer = try await client.v1(
                    .post,
                    path,
                    key: key,
                    json: json(["action": "transfer", "agent_id": carol.id.uuidString, "to_agent_id": stranger.id.uuidString])
                )
                #expect(transfer.status == .unprocessableContent)
                #expect(try errorBody(transfer).code == "unknown_agent")
                #expect(try errorBody(transfer).message.contains("to_agent_id"))
                #expect(try await system.conversation(chat.conversationId).ownerAgentID == carol.id)
                let missing = try await client.v1(
                    .post,
                    "conversations/\(UUID())/mode",
                    key: key,
                    json: json(["action": "take_over", "agent_id": carol.id.uuidString])
                )
                #expect(missing.status == .notFound)
                #expect(try errorBody(missing).code == "conversation_not_found")
            }
        }
    }

    @Test func threeReviewFlagsAreSetInOneTransactionOrNotAtAll() async throws {
        try await TestSystem.with { system in
            let key = try await system.apiKey([.conversationsRead, .conversationsWrite])
            let carol = try await system.agent("Carol", role: .agent)
            try await system.application().test(.router) { client in
                let chat = try await client.closedChat(system, agent: carol)
                let path = "conversations/\(chat.conversationId)/flags"
                let all: [String: Any?] = [
                    "agent_id": carol.id.uuidString, "flagged_incorrect": true, "correction_note": "Returns are 30 days",
                    "kb_update_needed": true, "followup_needed": true,
                ]
                var tooLong = all
                tooLong["followup_note"] = String(repeating: "x", count: ReviewService.maxNoteLength + 1)
                let refused = try await client.v1(.patch, path, key: key, json: json(tooLong))
                #expect(refused.status == .unprocessableContent)
                let untouched = try await system.live.dependencies.console.review.find(
                    orgID: system.organisation.id,
                    conversationID: chat.conversationId
                )
                #expect(!untouched.review.correction.flagged, "a refused request set the first flag anyway")
                #expect(!untouched.review.knowledgeBase.needed)
                #expect(untouched.conversation.mode == .closed)
                // Another organisation's agent is not an agent here; a missing conversation is 404 first.
                let stranger = try await system.agent("Eve", in: try await system.makeOrganisation().id)
                var foreign = all
                foreign["agent_id"] = stranger.id.uuidString
                let refusedAgent = try await client.v1(.patch, path, key: key, json: json(foreign))
                #expect(refusedAgent.status == .unprocessableContent)
                #expect(try errorBody(refusedAgent).code == "unknown_agent")
                let missing = try await client.v1(.patch, "conversations/\(UUID())/flags", key: key, json: json(foreign))
                #expect(missing.status == .notFound)
                #expect(try errorBody(missing).code == "conversation_not_found")
                let stillUntouched = try await system.live.dependencies.console.review.find(
                    orgID: system.organisation.id,
                    conversationID: chat.conversationId
                )
                #expect(!stillUntouched.review.correction.flagged && stillUntouched.conversation.mode == .closed)

                let before = await system.pool.statistics().leases
                let set = try await client.v1(.patch, path, key: key, json: json(all))
                let cost = await system.pool.statistics().leases - before
                #expect(set.status == .ok, "\(String(buffer: set.body))")
                // The API key, then the conversation, the agent and the three flags together.
                #expect(cost <= 2, "three flags took \(cost) transactions")
                print("[budget] three review flags over REST: \(cost) transactions")
                let flagged = try await system.live.dependencies.console.review.find(
                    orgID: system.organisation.id,
                    conversationID: chat.conversationId
                )
                #expect(flagged.review.correction.flagged && flagged.review.knowledgeBase.needed && flagged.review.followUp.needed)
                #expect(flagged.conversation.mode == .followup)
            }
        }
    }

    @Test func agentCredentialsAreReadOnlyWhereAgentsAre() async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol", role: .agent)
            try await system.application().test(.router) { client in
                let before = await system.pool.statistics().leases
                // A valid agent token on routes no agent uses (neither needs the database for it).
                let health = try await client.executeRequest(
                    uri: "/healthz",
                    method: .get,
                    headers: [.authorization: "Bearer \(carol.token)"],
                    body: nil
                )
                let rest = try await client.executeRequest(
                    uri: "/api/v1/me",
                    method: .get,
                    headers: [.authorization: "Bearer \(carol.token)"],
                    body: nil
                )
                #expect(health.status == .ok && rest.status == .unauthorized)
                #expect(await system.pool.statistics().leases == before, "agent credentials were looked up outside /console/")
                // Under /console/ the agent is looked up (and then the list read).
                #expect(try await client.api(.get, "conversations", as: carol).status == .ok)
                #expect(await system.pool.statistics().leases - before >= 2)
            }
        }
    }
}

extension TestSystem {
    /// Reloads the organisation's cached settings now, so a measured request does not pay for the
    /// cache's refill (an entry lives 10 s, and a loaded machine can take that long between requests).
    func freshSettingsCache() async throws {
        await live.settingsCache.invalidate(orgID: orgID)
        _ = try await live.dependencies.organisations.settings(for: orgID)
    }
}
