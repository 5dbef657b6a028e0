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

/// Mode changes made from the review panel reach every open console through the realtime relay.
@Suite(.timeLimit(.minutes(2))) struct ConsoleRealtimeTests {
    @Test func closingAndFlaggingAFollowUpUpdateOpenConsoles() async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            let dave = try await system.agent("Dave")
            try await system.withRelay {
                try await system.application().test(.live) { client in
                    let port = try #require(client.port)
                    let chat = try await client.liveChat(system, agent: carol)
                    let customer = TestSocket(port: port, path: "/widget/v1/socket?token=\(chat.customerToken)")
                    let console = TestSocket(port: port, path: "/console/api/socket?token=\(dave.token)")
                    try await system.waitForSockets(customers: 1, agents: 1)
                    try await system.waitUntilRelayReaches(console, conversationID: chat.conversationId, typist: .customer)

                    #expect(
                        try await client.api(
                            .post,
                            "conversations/\(chat.conversationId)/close",
                            as: carol,
                            json: json(["chatReviewed": true, "kbNeedsUpdate": false])
                        ).status == .ok
                    )
                    try await console.frame { $0.type == "conversation" && $0.conversation?.mode == .closed }
                    try await customer.frame { $0.type == "state" && $0.mode == .closed }
                    try await customer.frame { $0.message?.body == ReviewService.closedMessage }

                    #expect(
                        try await client.api(
                            .put,
                            "conversations/\(chat.conversationId)/followup",
                            as: carol,
                            json: json(["followupNeeded": true, "note": "Call back"])
                        ).status == .ok
                    )
                    try await console.frame { $0.type == "conversation" && $0.conversation?.mode == .followup }
                    await customer.close()
                    await console.close()
                }
            }
        }
    }
}
