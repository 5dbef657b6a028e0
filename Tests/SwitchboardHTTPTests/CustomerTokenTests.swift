import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchboardDomain
import TestSupport
import Testing

@testable import SwitchboardHTTP

/// Customer tokens live as long as their conversation needs them: refreshed while it is open,
/// readable for a while after it ended, then never again.
@Suite struct CustomerTokenTests {
    struct Refreshed: Decodable {
        let customerToken: String
        let tokenExpiresAt: Date
    }

    @Test(arguments: Transport.allCases) func aTokenPastItsExpiryReadsNothing(over transport: Transport) async throws {
        try await TestSystem.with { system in
            try await system.application().test(transport.setup) { client in
                let chat = try await client.startChat(system.organisation)
                let expired = try system.signer.sign(
                    CustomerIdentity(orgID: system.orgID, conversationID: chat.conversationId, expiresAt: Date().addingTimeInterval(-1))
                )
                for (method, path) in [(HTTPRequest.Method.get, "messages"), (.post, "token")] {
                    let response = try await client.request(
                        method,
                        "/widget/v1/conversations/\(chat.conversationId)/\(path)",
                        json: method == .post ? "{}" : nil,
                        token: expired
                    )
                    #expect(response.status == .unauthorized)
                    #expect(try errorBody(response).code == "token_expired")
                }
                let socket = try await client.request(.get, "/widget/v1/socket?token=\(expired)")
                #expect(socket.status == .unauthorized)
            }
        }
    }

    @Test(arguments: Transport.allCases) func anOpenChatsTokenIsRefreshedForAnotherFullLifetime(over transport: Transport) async throws {
        try await TestSystem.with { system in
            try await system.application().test(transport.setup) { client in
                let chat = try await client.startChat(system.organisation)
                let response = try await client.request(
                    .post,
                    "/widget/v1/conversations/\(chat.conversationId)/token",
                    json: "{}",
                    token: chat.customerToken
                )
                #expect(response.status == .ok)
                let refreshed = try decodeWire(Refreshed.self, from: response.body)
                let lifetime = CustomerTokenPolicy().lifetime
                #expect(abs(refreshed.tokenExpiresAt.timeIntervalSinceNow - Double(lifetime.components.seconds)) < 60)
                #expect(
                    try await client.say(
                        "Still there?",
                        in: StartedChat(
                            conversationId: chat.conversationId,
                            customerToken: refreshed.customerToken,
                            mode: chat.mode,
                            organisationName: chat.organisationName,
                            messages: []
                        )
                    ).status == .created
                )
            }
        }
    }

    @Test(arguments: Transport.allCases) func anEndedChatIsReadableForSevenDaysAndThenNotAtAll(over transport: Transport) async throws {
        try await TestSystem.with { system in
            try await system.application().test(transport.setup) { client in
                let chat = try await client.startChat(system.organisation)
                let path = "/widget/v1/conversations/\(chat.conversationId)"

                try await system.endConversation(chat.conversationId, daysAgo: 6)
                #expect(try await client.request(.get, "\(path)/messages", token: chat.customerToken).status == .ok)
                let refresh = try await client.request(.post, "\(path)/token", json: "{}", token: chat.customerToken)
                #expect(refresh.status == .ok)
                // The refreshed token lasts until the end of the reading window, not a new lifetime.
                let until = try decodeWire(Refreshed.self, from: refresh.body).tokenExpiresAt
                #expect(abs(until.timeIntervalSinceNow - 86_400) < 120)

                try await system.endConversation(chat.conversationId, daysAgo: 8)
                for response in [
                    try await client.request(.get, "\(path)/messages", token: chat.customerToken),
                    try await client.request(.post, "\(path)/token", json: "{}", token: chat.customerToken),
                    try await client.request(.get, "/widget/v1/socket?token=\(chat.customerToken)"),
                ] {
                    #expect(response.status == .unauthorized)
                    #expect(try errorBody(response).code == "token_expired")
                }
            }
        }
    }

    @Test(arguments: Transport.allCases) func aTokenFromBeforeExpiryExistedIsRefused(over transport: Transport) async throws {
        struct LegacyIdentity: Encodable {
            let o: UUID
            let c: UUID
        }
        try await TestSystem.with { system in
            try await system.application().test(transport.setup) { client in
                let chat = try await client.startChat(system.organisation)
                let legacy = try system.signer.sign(LegacyIdentity(o: system.orgID, c: chat.conversationId))
                let response = try await client.request(.get, "/widget/v1/conversations/\(chat.conversationId)/messages", token: legacy)
                #expect(response.status == .unauthorized)
            }
        }
    }
}

extension TestSystem {
    /// Marks the conversation closed `daysAgo` days ago, as the close would have left it.
    func endConversation(_ id: UUID, daysAgo: Int) async throws {
        try await pool.withTenant(orgID) { session in
            _ = try await session.execute(
                "UPDATE conversations SET mode = 'closed', closed_at = now() - $3 * interval '1 day' WHERE org_id = $1 AND conversation_id = $2",
                [orgID, id, daysAgo]
            )
        }
    }
}
