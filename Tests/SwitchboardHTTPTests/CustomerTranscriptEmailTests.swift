import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchboardDomain
import TestSupport
import Testing

@testable import SwitchboardApp
@testable import SwitchboardHTTP

/// A customer asks the widget for the ended chat's transcript at an address they type: offered
/// only once the chat has ended and the organisation's email is on, sent through a real SMTP
/// server on loopback, capped per chat, and only ever for the customer's own conversation.
@Suite(.serialized) struct CustomerTranscriptEmailTests {
    struct Offer: Decodable {
        let transcriptEmail: Bool
    }

    static func offered(_ client: some TestClientProtocol, _ chat: StartedChat) async throws -> Bool {
        let response = try await client.request(.get, "/widget/v1/conversations/\(chat.conversationId)/messages", token: chat.customerToken)
        try #require(response.status == .ok)
        return try decodeWire(Offer.self, from: response.body).transcriptEmail
    }

    static func ask(_ client: some TestClientProtocol, _ chat: StartedChat, for address: String, token: String? = nil) async throws -> TestResponse {
        try await client.request(
            .post,
            "/widget/v1/conversations/\(chat.conversationId)/transcript-email",
            json: jsonText(["email": address]),
            token: token ?? chat.customerToken
        )
    }

    @Test func anEndedChatsTranscriptGoesToTheAddressTheCustomerTypedAtMostThreeTimes() async throws {
        let server = try ScriptedSMTPServer(ehlo: ["250-smtp.test", "250 AUTH PLAIN"])
        defer { server.stop() }
        try await TestSystem.with(database: try await TestDatabase.makeDatabase()) { system in
            let admin = try await system.agent("Ada", role: .admin)
            let carol = try await system.agent("Carol", role: .agent)
            try await system.application().test(.router) { client in
                let open = try await client.liveChat(system, agent: carol)
                #expect(try await !Self.offered(client, open))
                #expect(try await Self.ask(client, open, for: "dana@example.com").status == .conflict, "the chat is still open")

                let chat = try await client.closedChat(system, agent: carol)
                #expect(try await !Self.offered(client, chat), "email is off")
                let off = try await Self.ask(client, chat, for: "dana@example.com")
                #expect(off.status == .conflict && String(buffer: off.body).contains("email_not_configured"))

                try await EmailDeliveryTests.configure(client, admin: admin, server: server)
                #expect(try await Self.offered(client, chat))
                #expect(try await Self.offered(client, open) == false, "still only once a chat has ended")
                for bad in ["", "dana", "dana@example.com\r\nBcc: all@example.com", String(repeating: "a", count: 400) + "@example.com"] {
                    let refused = try await Self.ask(client, chat, for: bad)
                    #expect(refused.status == .unprocessableContent, "\(bad.prefix(40))")
                    #expect(String(buffer: refused.body).contains("\"error\""))
                }

                // Asked twice before the worker ran: one email.
                let first = try await Self.ask(client, chat, for: "  dana@example.com ")
                #expect(first.status == .accepted && String(buffer: first.body).contains("dana@example.com"))
                #expect(try await Self.ask(client, chat, for: "dana@example.com").status == .accepted)
                #expect(try await EmailDeliveryTests.emails(client, chat, as: carol).map(\.kind) == ["transcript"])
                await EmailDeliveryTests.worker(system).attemptDue()
                let sent = try #require(server.messages.first)
                #expect(server.commands.contains("RCPT TO:<dana@example.com>"))
                #expect(sent.contains("Hello, I have a question about my order"))

                for _ in 0..<2 {
                    #expect(try await Self.ask(client, chat, for: "dana@example.com").status == .accepted)
                    await EmailDeliveryTests.worker(system).attemptDue()
                }
                let capped = try await Self.ask(client, chat, for: "dana@example.com")
                #expect(capped.status == .tooManyRequests && String(buffer: capped.body).contains("too_many_transcripts"))
                #expect(try await EmailDeliveryTests.emails(client, chat, as: carol).map(\.status) == ["sent", "sent", "sent"])
                #expect(server.messages.count == 3)
            }
        }
    }

    @Test func noCustomerCanAskForAnotherConversationsTranscript() async throws {
        let server = try ScriptedSMTPServer(ehlo: ["250-smtp.test", "250 AUTH PLAIN"])
        defer { server.stop() }
        try await TestSystem.with(database: try await TestDatabase.makeDatabase()) { system in
            let admin = try await system.agent("Ada", role: .admin)
            let carol = try await system.agent("Carol", role: .agent)
            let other = try await system.makeOrganisation()
            try await system.application().test(.router) { client in
                try await EmailDeliveryTests.configure(client, admin: admin, server: server)
                let chat = try await client.closedChat(system, agent: carol)
                let sameOrganisation = try await client.startChat(system.organisation)
                let otherOrganisation = try await client.startChat(other)
                for token in [sameOrganisation.customerToken, otherOrganisation.customerToken, "not-a-token"] {
                    let refused = try await Self.ask(client, chat, for: "mallory@example.com", token: token)
                    #expect([.unauthorized, .forbidden, .notFound].contains(refused.status), "\(refused.status)")
                }
                #expect(try await EmailDeliveryTests.emails(client, chat, as: carol).isEmpty)
                await EmailDeliveryTests.worker(system).attemptDue()
                #expect(server.messages.isEmpty)
            }
        }
    }
}
