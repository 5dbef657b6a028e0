import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchboardDomain
import TestSupport
import Testing

@testable import SwitchboardHTTP

/// Automatic assignment: supervisors turn it on with a cap per agent; each sweep gives waiting
/// chats to online agents with room, least busy first, and a chat waits while everyone is full.
@Suite struct AssignmentTests {
    struct Settings: Codable {
        let enabled: Bool
        let maxChatsPerAgent: Int
    }

    static func put(_ client: some TestClientProtocol, _ agent: TestSystem.Agent, enabled: Bool, cap: Int) async throws -> TestResponse {
        try await client.api(.put, "assignment", as: agent, json: #"{"enabled": \#(enabled), "maxChatsPerAgent": \#(cap)}"#)
    }

    /// A customer who asks for a person: the chat waits in `needs`.
    static func waitingChat(_ system: TestSystem, _ client: some TestClientProtocol) async throws -> StartedChat {
        let chat = try await client.startChat(system.organisation)
        #expect(try await client.say("I want to talk to a human", in: chat).status == .created)
        #expect(try await system.conversation(chat.conversationId).mode == .needs)
        return chat
    }

    @Test func supervisorsTurnItOnAndAgentsOnlyRead() async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            let sam = try await system.agent("Sam", role: .supervisor)
            try await system.application().test(.router) { client in
                let initial = try await client.api(.get, "assignment", as: carol)
                #expect(try decodeWire(Settings.self, from: initial.body).enabled == false)
                #expect(try await Self.put(client, carol, enabled: true, cap: 2).status == .forbidden)
                let refused = try await Self.put(client, sam, enabled: true, cap: 0)
                #expect(refused.status == .unprocessableContent)
                #expect(try errorBody(refused).code == "invalid_max_chats_per_agent")
                #expect(try await Self.put(client, sam, enabled: true, cap: 2).status == .ok)
                let read = try decodeWire(Settings.self, from: try await client.api(.get, "assignment", as: carol).body)
                #expect(read.enabled && read.maxChatsPerAgent == 2)
                let audit = try await system.pool.withTenant(system.orgID) { session in
                    try await session.query("SELECT count(*)::int AS n FROM audit_log WHERE action = 'assignment.updated'")
                }
                #expect(try audit.first?.decode("n", as: Int.self) == 1)

                // Another organisation's setting is its own.
                let other = try await system.makeOrganisation(name: "Other Shop")
                let stranger = try await system.agent("Stranger", in: other.id)
                #expect(try decodeWire(Settings.self, from: try await client.api(.get, "assignment", as: stranger).body).enabled == false)
            }
        }
    }

    @Test func waitingChatsGoRoundRobinUpToTheCapAndWaitForRoom() async throws {
        try await TestSystem.with { system in
            // Two agents online: Carol, and Sam the supervisor, who also takes chats.
            let carol = try await system.agent("Carol")
            let sam = try await system.agent("Sam", role: .supervisor)
            let assignment = system.live.dependencies.console.assignment
            try await system.application().test(.router) { client in
                let first = try await Self.waitingChat(system, client)
                // Off: nothing is assigned.
                #expect(try await assignment.sweep() == 0)
                #expect(try await Self.put(client, sam, enabled: true, cap: 1).status == .ok)
                let second = try await Self.waitingChat(system, client)
                let third = try await Self.waitingChat(system, client)

                #expect(try await assignment.sweep() == 2)
                let owners = [try await system.conversation(first.conversationId), try await system.conversation(second.conversationId)]
                #expect(owners.allSatisfy { $0.mode == .live })
                #expect(Set(owners.compactMap(\.ownerAgentID)) == [carol.id, sam.id])
                #expect(try await system.conversation(third.conversationId).mode == .needs)
                #expect(try await assignment.sweep() == 0)

                // Carol closes hers: she has room again and the waiting chat is hers.
                let carols = owners.first { $0.ownerAgentID == carol.id }!.id
                #expect(try await client.api(.post, "conversations/\(carols)/close", as: carol, json: #"{"chatReviewed": true}"#).status == .ok)
                #expect(try await assignment.sweep() == 1)
                let assigned = try await system.conversation(third.conversationId)
                #expect(assigned.mode == .live && assigned.ownerAgentID == carol.id)
                await system.live.answers.drain()
                let transcript = try await client.widgetTranscript(third)
                #expect(transcript.messages.contains { $0.author == .system && $0.body == "Carol joined" })
            }
        }
    }
}
