import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchboardDomain
import SwitchboardStore
import TestSupport
import Testing

@testable import SwitchboardApp
@testable import SwitchboardHTTP

/// Emails to customers end to end inside the process: an agent's reply to a customer who has left
/// is queued and sent with the conversation so far through a real SMTP server on loopback, a
/// temporary refusal is retried and a permanent one shows as failed, and transcripts are each
/// organisation's own. The worker's rounds are run by the test, one at a time, each test in a
/// database of its own: a worker round attempts every organisation's due emails, and another
/// test's leftover email would reach this test's SMTP server when the port is reused.
@Suite(.serialized) struct EmailDeliveryTests {
    struct Delivery: Decodable {
        let id: UUID
        let kind: String
        let recipient: String
        let status: String
        let attempts: Int
        let lastError: String?
    }

    struct Deliveries: Decodable {
        let emails: [Delivery]
    }

    /// Points the organisation's email at `server` and turns it on.
    static func configure(_ client: some TestClientProtocol, admin: TestSystem.Agent, server: ScriptedSMTPServer) async throws {
        let settings = """
            {"enabled": true, "host": "127.0.0.1", "port": \(server.port), "security": "none", "username": "harbour",
             "password": "pw", "fromAddress": "help@harbour.example", "fromName": "Harbour Help"}
            """
        let saved = try await client.request(.put, "/console/api/email", json: settings, token: admin.token, origin: nil)
        try #require(saved.status == .ok, "\(String(buffer: saved.body))")
    }

    static func emails(_ client: some TestClientProtocol, _ chat: StartedChat, as agent: TestSystem.Agent) async throws -> [Delivery] {
        let response = try await client.api(.get, "conversations/\(chat.conversationId)/emails", as: agent)
        try #require(response.status == .ok, "\(String(buffer: response.body))")
        return try decodeWire(Deliveries.self, from: response.body).emails
    }

    static func worker(_ system: TestSystem) -> EmailDeliveryWorker {
        system.live.email.worker(listenerConfiguration: system.pool.configuration, logger: TestDatabase.quietLogger)
    }

    @Test func aReplyToACustomerWhoLeftIsEmailedWithTheConversationSoFar() async throws {
        let server = try ScriptedSMTPServer(ehlo: ["250-smtp.test", "250 AUTH PLAIN"])
        defer { server.stop() }
        try await TestSystem.with(database: try await TestDatabase.makeDatabase()) { system in
            let admin = try await system.agent("Ada", role: .admin)
            let carol = try await system.agent("Carol", role: .agent)
            let presence = system.live.dependencies.customerPresence
            try await system.application().test(.router) { client in
                try await Self.configure(client, admin: admin, server: server)
                let chat = try await client.liveChat(system, agent: carol)
                #expect(try await client.say("You can reach me at dana@example.com if we get cut off", in: chat).status == .created)

                // While the widget is open, a reply is read there: no email.
                try await presence.seen(orgID: system.orgID, conversationIDs: [chat.conversationId])
                #expect(
                    try await client.console("messages", chat.conversationId, as: carol, json: #"{"body": "Let me check that for you."}"#).status
                        == .created
                )
                #expect(try await Self.emails(client, chat, as: carol).isEmpty)

                // The customer closed the widget; the next reply goes by email, once however often it is resent.
                try await presence.left(orgID: system.orgID, conversationID: chat.conversationId)
                let reply = #"{"body": "Your refund is on its way.\n.\nIt takes 3 days.", "clientMessageId": "r-1"}"#
                #expect(try await client.console("messages", chat.conversationId, as: carol, json: reply).status == .created)
                #expect(try await client.console("messages", chat.conversationId, as: carol, json: reply).status == .ok)
                let queued = try await Self.emails(client, chat, as: carol)
                #expect(queued.map(\.status) == ["pending"] && queued.first?.kind == "agent_reply" && queued.first?.recipient == "dana@example.com")

                await Self.worker(system).attemptDue()
                let sent = try await Self.emails(client, chat, as: carol)
                #expect(sent.map(\.status) == ["sent"] && sent.first?.attempts == 1)
                let message = try #require(server.messages.first)
                #expect(server.commands.contains("RCPT TO:<dana@example.com>"))
                #expect(message.contains("Subject: Carol replied to your chat with Harbour Shop"))
                #expect(message.contains("From: \"Harbour Help\" <help@harbour.example>"))
                #expect(message.contains("    Your refund is on its way.\r\n    .\r\n    It takes 3 days."))
                #expect(message.contains("You can reach me at dana@example.com if we get cut off"))
                #expect(message.contains("Let me check that for you."))
                #expect(!message.contains("http"), "no links in the email")
            }
        }
    }

    @Test func aCustomerWhoseWidgetPollsIsThereAndGetsNoEmail() async throws {
        let server = try ScriptedSMTPServer(ehlo: ["250-smtp.test", "250 AUTH PLAIN"])
        defer { server.stop() }
        try await TestSystem.with(database: try await TestDatabase.makeDatabase()) { system in
            let admin = try await system.agent("Ada", role: .admin)
            let carol = try await system.agent("Carol", role: .agent)
            let presence = system.live.dependencies.customerPresence
            try await system.application().test(.router) { client in
                try await Self.configure(client, admin: admin, server: server)
                let chat = try await client.liveChat(system, agent: carol)
                #expect(try await client.say("I'm dana@example.com, my office blocks websockets", in: chat).status == .created)
                try await presence.left(orgID: system.orgID, conversationID: chat.conversationId)
                #expect(try await presence.isAway(orgID: system.orgID, conversationID: chat.conversationId, staleAfter: .seconds(90)))

                // The widget falls back to polling: each poll says the customer is still there.
                _ = try await client.widgetTranscript(chat)
                #expect(try await !presence.isAway(orgID: system.orgID, conversationID: chat.conversationId, staleAfter: .seconds(90)))
                #expect(
                    try await client.console("messages", chat.conversationId, as: carol, json: #"{"body": "Found it, one moment."}"#).status
                        == .created
                )
                #expect(try await Self.emails(client, chat, as: carol).isEmpty)
                _ = try await client.widgetTranscript(chat)
                #expect(try await !presence.isAway(orgID: system.orgID, conversationID: chat.conversationId, staleAfter: .seconds(90)))
            }
        }
    }

    @Test func aTemporaryRefusalIsRetriedAndAPermanentOneShowsAsFailed() async throws {
        let server = try ScriptedSMTPServer { command, connection in
            switch (command, connection) {
            case ("RCPT", 1): "451 4.7.1 Greylisted, try again later"
            case ("RCPT", 3): "550 5.1.1 <dana@example.com>: mailbox unavailable"
            default: nil
            }
        }
        defer { server.stop() }
        try await TestSystem.with(database: try await TestDatabase.makeDatabase()) { system in
            let admin = try await system.agent("Ada", role: .admin)
            let carol = try await system.agent("Carol", role: .agent)
            try await system.application().test(.router) { client in
                try await Self.configure(client, admin: admin, server: server)
                let chat = try await client.liveChat(system, agent: carol)
                #expect(try await client.say("My email is dana@example.com", in: chat).status == .created)
                let queued = try await client.api(.post, "conversations/\(chat.conversationId)/emails/transcript", as: carol)
                #expect(queued.status == .accepted, "\(String(buffer: queued.body))")
                // A second click while it waits returns the same email.
                let again = try await client.api(.post, "conversations/\(chat.conversationId)/emails/transcript", as: carol)
                #expect(
                    try jsonObject(again)["email"].flatMap { ($0 as? [String: Any])?["id"] as? String }
                        == (try jsonObject(queued)["email"] as? [String: Any])?["id"] as? String
                )

                await Self.worker(system).attemptDue()
                let retrying = try #require(try await Self.emails(client, chat, as: carol).first)
                #expect(retrying.status == "pending" && retrying.attempts == 1)
                #expect(retrying.lastError == "the SMTP server refused RCPT TO: 451 4.7.1 Greylisted, try again later")
                let failures = try jsonObject(try await client.api(.get, "email/failures", as: admin))["emails"] as? [[String: Any]]
                #expect(failures?.first?["status"] as? String == "pending")
                #expect(try await client.api(.get, "email/failures", as: carol).status == .forbidden)

                try await Task.sleep(for: .milliseconds(400))
                await Self.worker(system).attemptDue()
                let sent = try #require(try await Self.emails(client, chat, as: carol).first)
                #expect(sent.status == "sent" && sent.attempts == 2)
                let transcript = try #require(server.messages.first)
                #expect(transcript.contains("Subject: Your chat with Harbour Shop on "))
                #expect(transcript.contains("My email is dana@example.com") && transcript.contains("You:"))

                // Another transcript meets a permanent refusal: failed at once, with the server's words.
                #expect(try await client.api(.post, "conversations/\(chat.conversationId)/emails/transcript", as: carol).status == .accepted)
                await Self.worker(system).attemptDue()
                let failed = try #require(try await Self.emails(client, chat, as: carol).last)
                #expect(failed.status == "failed" && failed.attempts == 1)
                #expect(failed.lastError?.contains("550 5.1.1") == true)
                let listed = try jsonObject(try await client.api(.get, "email/failures", as: admin))["emails"] as? [[String: Any]]
                #expect(listed?.first?["status"] as? String == "failed")
                #expect(server.connections == 3)
            }
        }
    }

    @Test func transcriptsAreTheOrganisationsOwnAndNeedAnAddressAndSettings() async throws {
        let server = try ScriptedSMTPServer()
        defer { server.stop() }
        try await TestSystem.with(database: try await TestDatabase.makeDatabase()) { system in
            let admin = try await system.agent("Ada", role: .admin)
            let carol = try await system.agent("Carol", role: .agent)
            let other = try await system.makeOrganisation()
            let intruder = try await system.agent("Ivan", role: .admin, in: other.id)
            let writer = try await system.apiKey([.conversationsWrite])
            let reader = try await system.apiKey([.conversationsRead])
            let otherWriter = try await system.apiKey([.conversationsWrite, .conversationsRead], in: other.id)
            try await system.application().test(.router) { client in
                let chat = try await client.liveChat(system, agent: carol)
                let path = "conversations/\(chat.conversationId)/emails/transcript"
                let unset = try await client.api(.post, path, as: carol)
                #expect(unset.status == .conflict)
                #expect(try errorBody(unset).code == "email_not_configured")
                try await Self.configure(client, admin: admin, server: server)
                let nobody = try await client.api(.post, path, as: carol)
                #expect(nobody.status == .conflict)
                #expect(try errorBody(nobody).code == "no_customer_email")

                #expect(try await client.say("Write to me: Dana@Example.com", in: chat).status == .created)
                // Another organisation's agent and key find no such conversation.
                #expect(try await client.api(.post, path, as: intruder).status == .notFound)
                #expect(try await client.api(.get, "conversations/\(chat.conversationId)/emails", as: intruder).status == .notFound)
                let theirs = try await client.v1(.post, "conversations/\(chat.conversationId)/transcript-email", key: otherWriter)
                #expect(theirs.status == .notFound)
                #expect(try await client.v1(.get, "conversations/\(chat.conversationId)/emails", key: otherWriter).status == .notFound)

                let queued = try await client.v1(.post, "conversations/\(chat.conversationId)/transcript-email", key: writer)
                #expect(queued.status == .accepted, "\(String(buffer: queued.body))")
                let email = try #require(try jsonObject(queued)["email"] as? [String: Any])
                #expect(email["recipient"] as? String == "dana@example.com" && email["status"] as? String == "pending")
                #expect(try await client.v1(.get, "conversations/\(chat.conversationId)/emails", key: writer).status == .forbidden)
                let listed = try jsonObject(try await client.v1(.get, "conversations/\(chat.conversationId)/emails", key: reader))
                #expect((listed["data"] as? [[String: Any]])?.map { $0["id"] as? String } == [email["id"] as? String])
                #expect(try await client.v1(.post, "conversations/\(UUID())/transcript-email", key: writer).status == .notFound)
            }
        }
    }
}
