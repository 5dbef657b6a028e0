import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchboardDomain
import TestSupport
import Testing

@testable import SwitchboardHTTP

/// "How did we do?": the customer rates a chat once it has ended; the agent sees it in the
/// transcript, analysts in reporting.satisfaction, and no other organisation sees or sets it.
@Suite struct SatisfactionTests {
    struct Rated: Decodable {
        let satisfaction: SatisfactionPayload
    }

    struct Transcript: Decodable {
        let satisfaction: SatisfactionPayload?
    }

    /// A chat Carol took over and closed.
    static func closedChat(_ system: TestSystem, _ client: some TestClientProtocol) async throws -> StartedChat {
        let chat = try await client.startChat(system.organisation)
        let carol = try await system.agent("Carol")
        #expect(try await client.console("take-over", chat.conversationId, as: carol, json: #"{"expectedOwnerId": null}"#).status == .ok)
        #expect(try await client.console("close", chat.conversationId, as: carol, json: #"{"chatReviewed": true}"#).status == .ok)
        return chat
    }

    static func rate(_ client: some TestClientProtocol, _ chat: StartedChat, _ body: String) async throws -> TestResponse {
        try await client.request(.post, "/widget/v1/conversations/\(chat.conversationId)/rating", json: body, token: chat.customerToken)
    }

    @Test(arguments: Transport.allCases) func anEndedChatIsRatedAndTheAgentSeesIt(over transport: Transport) async throws {
        try await TestSystem.with { system in
            try await system.application().test(transport.setup) { client in
                let chat = try await Self.closedChat(system, client)
                let rated = try await Self.rate(client, chat, #"{"rating": 4, "comment": "  Quick and friendly  "}"#)
                #expect(rated.status == .ok)
                let stored = try decodeWire(Rated.self, from: rated.body).satisfaction
                #expect(stored.rating == 4 && stored.comment == "Quick and friendly")
                // The customer changes their mind; the comment may be left out.
                #expect(try await Self.rate(client, chat, #"{"rating": 5}"#).status == .ok)

                let widget = try await client.widgetTranscript(chat)
                #expect(widget.satisfaction?.rating == 5 && widget.satisfaction?.comment == nil)
                let carol = try await system.agent("Carol B")
                let console = try await client.consoleGet("/console/api/conversations/\(chat.conversationId)", token: carol.token)
                #expect(try decodeWire(Transcript.self, from: console.body).satisfaction?.rating == 5)

                let rows = try await system.pool.withTenant(system.orgID) { session in
                    try await session.query(
                        "SELECT satisfaction::int AS satisfaction, agent_name FROM reporting.satisfaction WHERE session_id = $1",
                        [chat.conversationId]
                    )
                }
                #expect(rows.count == 1)
                #expect(try rows.first?.decode("satisfaction", as: Int.self) == 5)
                #expect(try rows.first?.decode("agent_name", as: String?.self) == "Carol")
            }
        }
    }

    @Test func aChatStillOpenCannotBeRated() async throws {
        try await TestSystem.with { system in
            try await system.application().test(.router) { client in
                let chat = try await client.startChat(system.organisation)
                let early = try await Self.rate(client, chat, #"{"rating": 5}"#)
                #expect(early.status == .conflict)
                #expect(try errorBody(early).code == "conversation_not_ended")
                #expect(try await client.widgetTranscript(chat).satisfaction == nil)
            }
        }
    }

    @Test(arguments: [
        (#"{"rating": 0}"#, "invalid_rating"), (#"{"rating": 6}"#, "invalid_rating"), (#"{"rating": -1}"#, "invalid_rating"),
        (#"{"rating": "5"}"#, "invalid_body"), (#"{}"#, "invalid_body"),
        ("{\"rating\": 3, \"comment\": \"\(String(repeating: "x", count: 1001))\"}", "comment_too_long"),
    ])
    func aBadRatingIsRefusedAndKeepsTheStoredOne(body: String, code: String) async throws {
        try await TestSystem.with { system in
            try await system.application().test(.router) { client in
                let chat = try await Self.closedChat(system, client)
                #expect(try await Self.rate(client, chat, #"{"rating": 2, "comment": "slow"}"#).status == .ok)
                let refused = try await Self.rate(client, chat, body)
                #expect(refused.status == .unprocessableContent)
                #expect(try errorBody(refused).code == code)
                let kept = try await client.widgetTranscript(chat).satisfaction
                #expect(kept?.rating == 2 && kept?.comment == "slow")
            }
        }
    }

    @Test func anotherOrganisationNeitherSeesNorSetsARating() async throws {
        try await TestSystem.with { system in
            try await system.application().test(.router) { client in
                let chat = try await Self.closedChat(system, client)
                #expect(try await Self.rate(client, chat, #"{"rating": 1, "comment": "private"}"#).status == .ok)

                let other = try await system.makeOrganisation(name: "Other Shop")
                let stranger = try await system.agent("Stranger", in: other.id)
                let read = try await client.consoleGet("/console/api/conversations/\(chat.conversationId)", token: stranger.token)
                #expect(read.status == .notFound)
                // A customer of the other organisation, with a token for their own ended chat, names ours.
                let theirs = try await client.startChat(other)
                let write = try await client.request(
                    .post,
                    "/widget/v1/conversations/\(chat.conversationId)/rating",
                    json: #"{"rating": 5}"#,
                    token: theirs.customerToken
                )
                #expect(write.status == .notFound)
                #expect(try await client.widgetTranscript(chat).satisfaction?.rating == 1)
                let counted = try await system.pool.withTenant(other.id) { session in
                    try await session.query("SELECT count(*)::int AS n FROM reporting.satisfaction")
                }
                #expect(try counted.first?.decode("n", as: Int.self) == 0)
            }
        }
    }
}
