import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchboardDomain
import TestSupport
import Testing

@testable import SwitchboardHTTP

/// The console's agent API over the real database: lists, transcripts, take-over, replies,
/// transfer and hand-back, authentication, and the wall between organisations.
@Suite struct AgentAPITests {
    /// A chat waiting for a human: the customer asked for one while an agent was online.
    private func waitingChat(_ client: some TestClientProtocol, _ system: TestSystem) async throws -> StartedChat {
        let chat = try await client.startChat(system.organisation)
        #expect(try await client.say("I want to speak to a human please", in: chat).status == .created)
        try #require(try await system.conversation(chat.conversationId).mode == .needs)
        return chat
    }

    @Test func listingByModeShowsOnlyThatMode() async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            try await system.application().test(.router) { client in
                let waiting = try await waitingChat(client, system)
                let withAI = try await client.startChat(system.organisation)

                let needs = try await client.consoleGet("/console/api/conversations?mode=needs", token: carol.token)
                #expect(needs.status == .ok)
                let needsIDs = try decodeWire(ConsoleList.self, from: needs.body).conversations.map(\.id)
                #expect(needsIDs == [waiting.conversationId])

                let active = try decodeWire(
                    ConsoleList.self,
                    from: try await client.consoleGet("/console/api/conversations?mode=ai,needs", token: carol.token).body
                )
                #expect(Set(active.conversations.map(\.id)) == [waiting.conversationId, withAI.conversationId])

                let invalid = try await client.consoleGet("/console/api/conversations?mode=open", token: carol.token)
                #expect(invalid.status == .unprocessableContent)
                #expect(try errorBody(invalid).code == "invalid_mode")
            }
        }
    }

    @Test func countsGiveEveryModeOfTheOrganisationOnly() async throws {
        struct CountsWire: Decodable { let counts: [String: Int] }
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            let sam = try await system.agent("Sam", role: .supervisor)
            let other = try await system.makeOrganisation()
            let mallory = try await system.agent("Mallory", in: other.id)
            try await system.application().test(.router) { client in
                _ = try await waitingChat(client, system)
                _ = try await client.startChat(system.organisation)
                for _ in 0..<2 { _ = try await client.closedChat(system, agent: carol) }
                let archived = try await client.closedChat(system, agent: carol)
                #expect(try await client.api(.post, "conversations/\(archived.conversationId)/archive", as: sam).status == .ok)

                let response = try await client.consoleGet("/console/api/conversations/counts", token: carol.token)
                #expect(response.status == .ok, "\(String(buffer: response.body))")
                let counts = try decodeWire(CountsWire.self, from: response.body).counts
                #expect(counts == ["ai": 1, "needs": 1, "live": 0, "review": 0, "closed": 2, "followup": 0, "archived": 1])

                let theirs = try decodeWire(
                    CountsWire.self,
                    from: try await client.consoleGet(
                        "/console/api/conversations/counts",
                        token: mallory.token
                    ).body
                ).counts
                #expect(theirs.values.allSatisfy { $0 == 0 })
                #expect(theirs.count == Conversation.Mode.allCases.count)
            }
        }
    }

    @Test func transcriptShowsTheConversationAndItsMessagesInOrder() async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            try await system.application().test(.router) { client in
                let chat = try await waitingChat(client, system)
                let response = try await client.consoleGet("/console/api/conversations/\(chat.conversationId)", token: carol.token)
                #expect(response.status == .ok)
                let transcript = try decodeWire(ConsoleTranscript.self, from: response.body)
                #expect(transcript.conversation.id == chat.conversationId)
                #expect(transcript.conversation.mode == .needs)
                #expect(transcript.conversation.handoffRequested)
                #expect(transcript.messages.map(\.seq) == [1, 2])
                #expect(transcript.messages.map(\.body) == ["I want to speak to a human please", HandoffService.waitingMessage])
            }
        }
    }

    @Test func takeOverReplyTransferAndHandBack() async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            let dave = try await system.agent("Dave")
            try await system.application().test(.router) { client in
                let chat = try await waitingChat(client, system)
                let id = chat.conversationId

                let taken = try await client.console("take-over", id, as: carol)
                #expect(taken.status == .ok)
                let afterTakeOver = try decodeWire(ConversationPayload.self, from: taken.body)
                #expect(afterTakeOver.mode == .live)
                #expect(afterTakeOver.ownerId == carol.id)
                let customerView = try await client.widgetTranscript(chat)
                #expect(customerView.mode == .live)
                #expect(customerView.agentName == "Carol")
                #expect(customerView.messages.last?.author == .system)
                #expect(customerView.messages.last?.body == "Carol joined")

                let second = try await client.console("take-over", id, as: dave)
                #expect(second.status == .conflict)
                let secondError = try errorBody(second)
                #expect(secondError.code == "conversation_taken")
                #expect(secondError.message.contains("Carol"))

                let reply = try await client.console("messages", id, as: carol, json: jsonText(["body": "Hi, Carol here."]))
                #expect(reply.status == .created)
                #expect(try decodeWire(SentMessage.self, from: reply.body).message.agentName == "Carol")
                let intruder = try await client.console("messages", id, as: dave, json: jsonText(["body": "Dave here."]))
                #expect(intruder.status == .conflict)
                #expect(try errorBody(intruder).code == "not_your_conversation")
                #expect(try await client.widgetTranscript(chat).messages.filter { $0.author == .agent }.map(\.body) == ["Hi, Carol here."])

                let transferred = try await client.console("transfer", id, as: carol, json: jsonText(["toAgentId": dave.id.uuidString]))
                #expect(transferred.status == .ok)
                let afterTransfer = try decodeWire(ConversationPayload.self, from: transferred.body)
                #expect(afterTransfer.ownerId == dave.id)
                #expect(afterTransfer.ownerName == "Dave")
                #expect(afterTransfer.ownerChanges == 1)
                #expect(try await client.widgetTranscript(chat).messages.last?.body == "Dave joined")
                #expect(try await client.console("hand-back", id, as: carol).status == .conflict)

                let handedBack = try await client.console("hand-back", id, as: dave)
                #expect(handedBack.status == .ok)
                #expect(try decodeWire(ConversationPayload.self, from: handedBack.body).mode == .ai)
                #expect(try await client.widgetTranscript(chat).mode == .ai)
            }
        }
    }

    @Test func transferToAnAgentOfAnotherOrganisationIsNotFound() async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            let other = try await system.makeOrganisation()
            let stranger = try await system.agent("Stranger", in: other.id)
            try await system.application().test(.router) { client in
                let chat = try await waitingChat(client, system)
                #expect(try await client.console("take-over", chat.conversationId, as: carol).status == .ok)
                let response = try await client.console(
                    "transfer",
                    chat.conversationId,
                    as: carol,
                    json: jsonText(["toAgentId": stranger.id.uuidString])
                )
                #expect(response.status == .notFound)
                #expect(try errorBody(response).code == "agent_not_found")
                #expect(try await system.conversation(chat.conversationId).ownerAgentID == carol.id)
            }
        }
    }

    @Test func missingInvalidOrExpiredTokensAreUnauthorised() async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            let expired = try system.agentToken(orgID: system.orgID, agentID: carol.id, expiresAt: Date().addingTimeInterval(-1))
            let foreign = try TokenSigner(secret: "another deployment").sign(
                AgentIdentity(orgID: system.orgID, agentID: carol.id, expiresAt: Date().addingTimeInterval(3600))
            )
            try await system.application().test(.router) { client in
                let chat = try await waitingChat(client, system)
                for token in [nil, "garbage", expired, foreign, chat.customerToken] {
                    let list = try await client.consoleGet("/console/api/conversations", token: token)
                    #expect(list.status == .unauthorized, "token \(token ?? "none")")
                    #expect(try errorBody(list).code == "unauthorized")
                    let takeOver = try await client.request(
                        .post,
                        "/console/api/conversations/\(chat.conversationId)/take-over",
                        json: "{}",
                        token: token,
                        origin: nil
                    )
                    #expect(takeOver.status == .unauthorized)
                }
                #expect(try await system.conversation(chat.conversationId).mode == .needs)
            }
        }
    }

    @Test func anotherOrganisationsAgentCannotSeeOrTouchTheConversation() async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            let other = try await system.makeOrganisation()
            let mallory = try await system.agent("Mallory", in: other.id)
            try await system.application().test(.router) { client in
                let chat = try await waitingChat(client, system)
                let id = chat.conversationId

                let list = try await client.consoleGet("/console/api/conversations", token: mallory.token)
                #expect(list.status == .ok)
                #expect(try decodeWire(ConsoleList.self, from: list.body).conversations.isEmpty)
                let transcript = try await client.consoleGet("/console/api/conversations/\(id)", token: mallory.token)
                #expect(transcript.status == .notFound)
                #expect(try errorBody(transcript).code == "conversation_not_found")
                for (action, json) in [
                    ("take-over", "{}"), ("messages", jsonText(["body": "Hello"])), ("hand-back", "{}"),
                    ("transfer", jsonText(["toAgentId": mallory.id.uuidString])),
                ] {
                    let response = try await client.console(action, id, as: mallory, json: json)
                    #expect(response.status == .notFound, "\(action): \(String(buffer: response.body))")
                }
                let untouched = try await system.conversation(id)
                #expect(untouched.mode == .needs)
                #expect(untouched.ownerAgentID == nil)
                #expect(untouched.lastSeq == 2)

                // Carol still sees and takes it.
                #expect(try await client.console("take-over", id, as: carol).status == .ok)
            }
        }
    }
}
