import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HummingbirdWSTesting
import SwitchboardDomain
import TestSupport
import Testing
import WSClient

@testable import SwitchboardHTTP

/// The WebSockets on a live server with real sockets, fed by LISTEN/NOTIFY through the
/// realtime relay: who hears what, across instances, after reconnects, and who is refused.
@Suite(.timeLimit(.minutes(2))) struct RealtimeTests {
    private func customerPath(_ chat: StartedChat, after: Int64? = nil) -> String {
        "/widget/v1/socket?token=\(chat.customerToken)" + (after.map { "&after=\($0)" } ?? "")
    }

    private func agentPath(_ agent: TestSystem.Agent) -> String {
        "/console/api/socket?token=\(agent.token)"
    }

    @Test func aCustomerMessageReachesTheOrganisationsAgentsAndNoOneElse() async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            let other = try await system.makeOrganisation()
            let mallory = try await system.agent("Mallory", in: other.id)
            try await system.withRelay {
                try await system.application().test(.live) { client in
                    let port = try #require(client.port)
                    let ours = TestSocket(port: port, path: agentPath(carol))
                    let theirs = TestSocket(port: port, path: agentPath(mallory))
                    try await system.waitForSockets(customers: 0, agents: 2)
                    let chat = try await client.startChat(system.organisation)
                    let otherChat = try await client.startChat(other)
                    try await system.waitUntilRelayReaches(ours, conversationID: chat.conversationId, typist: .customer)

                    #expect(try await client.say("Where is my parcel?", in: chat).status == .created)
                    let delivered = try await ours.frame { $0.type == "message" && $0.message?.body == "Where is my parcel?" }
                    #expect(delivered.conversationId == chat.conversationId)
                    #expect(delivered.message?.author == .customer)

                    // The other organisation's own message is a barrier: one relay delivers in
                    // NOTIFY order, so anything misrouted to Mallory would have arrived before it.
                    #expect(try await client.say("Hello from the other shop", in: otherChat).status == .created)
                    try await theirs.frame { $0.message?.body == "Hello from the other shop" }
                    #expect(await !theirs.frames().contains { $0.conversationId == chat.conversationId })
                    #expect(await !ours.frames().contains { $0.conversationId == otherChat.conversationId })
                    await ours.close()
                    await theirs.close()
                }
            }
        }
    }

    @Test func theAIAnswerAndTheJoinNoticeReachTheCustomer() async throws {
        try await TestSystem.with { system in
            try await system.article(
                title: "Opening hours",
                body: "Our harbour shop is open from 9 am to 6 pm every day except Sunday."
            )
            let carol = try await system.agent("Carol")
            try await system.withRelay {
                try await system.application().test(.live) { client in
                    let port = try #require(client.port)
                    let chat = try await client.startChat(system.organisation)
                    let customer = TestSocket(port: port, path: customerPath(chat))
                    try await system.waitForSockets(customers: 1, agents: 0)
                    try await system.waitUntilRelayReaches(customer, conversationID: chat.conversationId, typist: .ai)

                    #expect(try await client.say("When is the harbour shop open?", in: chat).status == .created)
                    await system.live.answers.drain()
                    let answer = try await customer.frame { $0.message?.author == .ai }
                    #expect(answer.message?.aiOutcome == .answered)
                    #expect(answer.message?.articles.first?.title == "Opening hours")

                    #expect(try await client.console("take-over", chat.conversationId, as: carol).status == .ok)
                    try await customer.frame { $0.message?.author == .system && $0.message?.body == "Carol joined" }
                    try await customer.frame { $0.type == "state" && $0.mode == .live && $0.agentName == "Carol" }
                    #expect(await customer.messages().map(\.seq) == [1, 2, 3])
                    await customer.close()
                }
            }
        }
    }

    @Test func twoInstancesOnOneDatabaseDeliverToEachOthersSockets() async throws {
        try await TestSystem.with { one in
            let carol = try await one.agent("Carol")
            let dave = try await one.agent("Dave")
            try await one.withSecondInstance { two in
                try await one.withRelay {
                    try await two.withRelay {
                        try await one.application().test(.live) { first in
                            try await two.application().test(.live) { second in
                                let (port1, port2) = (try #require(first.port), try #require(second.port))
                                #expect(port1 != port2)
                                // Chat X: customer on instance 1, its agent Carol on instance 2; chat Y the other way round.
                                let chatX = try await first.startChat(one.organisation)
                                let chatY = try await second.startChat(one.organisation)
                                let customerX = TestSocket(port: port1, path: customerPath(chatX))
                                let carolSocket = TestSocket(port: port2, path: agentPath(carol))
                                let customerY = TestSocket(port: port2, path: customerPath(chatY))
                                let daveSocket = TestSocket(port: port1, path: agentPath(dave))
                                try await one.waitForSockets(customers: 1, agents: 1)
                                try await two.waitForSockets(customers: 1, agents: 1)
                                try await one.waitUntilRelayReaches(carolSocket, conversationID: chatX.conversationId, typist: .customer)
                                try await two.waitUntilRelayReaches(daveSocket, conversationID: chatY.conversationId, typist: .customer)
                                try await one.waitUntilRelayReaches(customerY, conversationID: chatY.conversationId, typist: .ai)
                                try await two.waitUntilRelayReaches(customerX, conversationID: chatX.conversationId, typist: .ai)

                                #expect(try await first.say("X asks on instance one", in: chatX).status == .created)
                                try await carolSocket.frame { $0.message?.body == "X asks on instance one" }
                                #expect(try await second.say("Y asks on instance two", in: chatY).status == .created)
                                try await daveSocket.frame { $0.message?.body == "Y asks on instance two" }
                                await one.live.answers.drain()
                                await two.live.answers.drain()

                                #expect(try await second.console("take-over", chatX.conversationId, as: carol).status == .ok)
                                #expect(
                                    try await second.console("messages", chatX.conversationId, as: carol, json: jsonText(["body": "Carol for X"]))
                                        .status == .created
                                )
                                try await customerX.frame { $0.message?.body == "Carol for X" }
                                #expect(try await first.console("take-over", chatY.conversationId, as: dave).status == .ok)
                                #expect(
                                    try await first.console("messages", chatY.conversationId, as: dave, json: jsonText(["body": "Dave for Y"])).status
                                        == .created
                                )
                                try await customerY.frame { $0.message?.body == "Dave for Y" }

                                for socket in [customerX, customerY] {
                                    let seqs = await socket.messages().map(\.seq)
                                    #expect(seqs == Array(1...Int64(seqs.count)), "each message once, in order")
                                }
                                for socket in [customerX, carolSocket, customerY, daveSocket] { await socket.close() }
                            }
                        }
                    }
                }
            }
        }
    }

    @Test func reconnectingAfterTheLastSeqReturnsExactlyTheMissedMessages() async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            try await system.withRelay {
                try await system.application().test(.live) { client in
                    let port = try #require(client.port)
                    let chat = try await client.startChat(system.organisation)
                    #expect(try await client.console("take-over", chat.conversationId, as: carol).status == .ok)
                    let first = TestSocket(port: port, path: customerPath(chat))
                    try await system.waitForSockets(customers: 1, agents: 0)
                    try await system.waitUntilRelayReaches(first, conversationID: chat.conversationId, typist: .ai)
                    #expect(try await client.console("messages", chat.conversationId, as: carol, json: jsonText(["body": "one"])).status == .created)
                    try await first.frame { $0.message?.body == "one" }
                    let lastSeen = try #require(await first.messages().last?.seq)
                    await first.close()
                    try await system.waitForSockets(customers: 0, agents: 0)

                    for body in ["two", "three"] {
                        #expect(
                            try await client.console("messages", chat.conversationId, as: carol, json: jsonText(["body": body])).status == .created
                        )
                    }
                    #expect(try await client.say("four", in: chat).status == .created)

                    let again = TestSocket(port: port, path: customerPath(chat, after: lastSeen))
                    try await again.frame { $0.message?.body == "four" }
                    try await system.waitForSockets(customers: 1, agents: 0)
                    #expect(try await client.console("messages", chat.conversationId, as: carol, json: jsonText(["body": "five"])).status == .created)
                    try await again.frame { $0.message?.body == "five" }

                    let received = await again.messages()
                    #expect(received.map(\.body) == ["two", "three", "four", "five"])
                    #expect(received.map(\.seq) == Array((lastSeen + 1)...(lastSeen + 4)))
                    await again.close()
                }
            }
        }
    }

    @Test func aCustomerSocketFromADisallowedOriginIsRefused() async throws {
        try await TestSystem.with { system in
            // Allows its shop's pages only, not the origin the test client sends.
            let strict = try await system.makeOrganisation(name: "Strict Shop", allowedOrigins: [TestSystem.allowedOrigin])
            try await system.application().test(.live) { client in
                let strictChat = try await client.startChat(strict)
                await #expect(throws: WebSocketClientError.webSocketUpgradeFailed) {
                    try await client.ws(customerPath(strictChat), logger: TestDatabase.quietLogger) { _, _, _ in }
                }
                // The handshake request runs the same route: 403 with the reason, no upgrade.
                let plain = try await client.request(.get, customerPath(strictChat), origin: "https://evil.example")
                #expect(plain.status == .forbidden)
                #expect(try errorBody(plain).code == "origin_not_allowed")
                let counts = await system.live.hub.socketCounts()
                #expect(counts.customers == 0 && counts.agents == 0)

                // Control: the same client is let in where its origin is allowed.
                let allowed = TestSocket(port: try #require(client.port), path: customerPath(try await client.startChat(system.organisation)))
                try await system.waitForSockets(customers: 1, agents: 0)
                await allowed.close()
            }
        }
    }

    @Test func socketsWithAGarbageTokenAreRefused() async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            try await system.application().test(.live) { client in
                let chat = try await client.startChat(system.organisation)
                let forged = chat.customerToken.dropLast(4) + "AAAA"
                for path in [
                    "/widget/v1/socket?token=garbage", "/widget/v1/socket?token=\(forged)", "/console/api/socket?token=garbage",
                    "/console/api/socket?token=\(chat.customerToken)", "/console/api/socket",
                ] {
                    await #expect(throws: WebSocketClientError.webSocketUpgradeFailed, "\(path)") {
                        try await client.ws(path, logger: TestDatabase.quietLogger) { _, _, _ in }
                    }
                    let plain = try await client.request(.get, path, origin: nil)
                    #expect(plain.status == .unauthorized, "\(path)")
                }
                let counts = await system.live.hub.socketCounts()
                #expect(counts.customers == 0 && counts.agents == 0)

                // Control: the same client with real tokens is let in.
                let port = try #require(client.port)
                let sockets = [TestSocket(port: port, path: customerPath(chat)), TestSocket(port: port, path: agentPath(carol))]
                try await system.waitForSockets(customers: 1, agents: 1)
                for socket in sockets { await socket.close() }
            }
        }
    }
}
