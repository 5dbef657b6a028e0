import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchboardDomain
import TestSupport
import Testing

@testable import SwitchboardHTTP

/// Races and lost connections as they happen in production: over HTTP, on two instances.
@Suite(.timeLimit(.minutes(3))) struct TakeOverRaceTests {
    @Test func aHundredAgentsTakingOverAtOnceOnTwoInstancesLeaveExactlyOneOwner() async throws {
        try await TestSystem.with { system in
            var created: [TestSystem.Agent] = []
            for index in 0..<100 { created.append(try await system.agent("Agent \(index)")) }
            let agents = created
            try await system.withSecondInstance { second in
                try await system.application().test(.ahc(.http)) { first in
                    try await second.application().test(.ahc(.http)) { other in
                        let chat = try await first.startChat(system.organisation)
                        #expect(try await first.say("I need a person, please", in: chat).status == .created)
                        await system.live.answers.drain()
                        let outcomes = try await withThrowingTaskGroup(of: (UUID, HTTPResponse.Status, String?).self) { group in
                            for (index, agent) in agents.enumerated() {
                                let client: any TestClientProtocol = index.isMultiple(of: 2) ? first : other
                                group.addTask {
                                    let response = try await client.console("take-over", chat.conversationId, as: agent)
                                    return (agent.id, response.status, try? errorBody(response).code)
                                }
                            }
                            return try await group.reduce(into: []) { $0.append($1) }
                        }
                        let winners = outcomes.filter { $0.1 == .ok }
                        #expect(winners.count == 1)
                        #expect(
                            outcomes.filter { $0.1 == .conflict && $0.2 == "conversation_taken" }.count == 99,
                            "\(Dictionary(grouping: outcomes, by: { "\($0.1.code) \($0.2 ?? "")" }).mapValues(\.count))"
                        )
                        let owner = try await system.conversation(chat.conversationId)
                        #expect(owner.mode == .live)
                        #expect(owner.ownerAgentID == winners.first?.0)
                        let joined = try await first.widgetTranscript(chat).messages.filter { $0.author == .system && $0.body.hasSuffix(" joined") }
                        #expect(joined.count == 1)
                    }
                }
            }
        }
    }

    @Test func afterTheListenConnectionIsKilledCustomersCatchUpAndConsolesResync() async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            let relayName = "relay-\(UUID().uuidString.prefix(8))"
            try await system.withRelay(applicationName: relayName) {
                try await system.application().test(.live) { client in
                    let port = try #require(client.port)
                    let chat = try await client.liveChat(system, agent: carol)
                    let customer = TestSocket(port: port, path: "/widget/v1/socket?token=\(chat.customerToken)")
                    let console = TestSocket(port: port, path: "/console/api/socket?token=\(carol.token)")
                    try await system.waitForSockets(customers: 1, agents: 1)
                    try await system.waitUntilRelayReaches(console, conversationID: chat.conversationId, typist: .customer)

                    // Kill the relay's LISTEN connection (same role may signal its own backends),
                    // then write while it is gone: that NOTIFY is lost for good.
                    let killed = try await system.pool.withConnection { connection in
                        try await connection.query(
                            "SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE application_name = $1",
                            [relayName]
                        ).singleRow()?.decode("n", as: Int64.self)
                    }
                    #expect(killed == 1)
                    let reply = try await client.api(
                        .post,
                        "conversations/\(chat.conversationId)/messages",
                        as: carol,
                        json: json(["body": "Sent while the relay was away", "clientMessageId": "gap-1"])
                    )
                    #expect(reply.status == .created)

                    try await customer.frame(within: .seconds(15)) { $0.type == "message" && $0.message?.body == "Sent while the relay was away" }
                    try await console.frame(within: .seconds(15)) { $0.type == "resync" }
                    #expect(await customer.messages().filter { $0.body == "Sent while the relay was away" }.count == 1)
                    await customer.close()
                    await console.close()
                }
            }
        }
    }
}
