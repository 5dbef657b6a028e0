import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchboardDomain
import TestSupport
import Testing

@testable import SwitchboardHTTP

/// Who may archive, and that another organisation reaches none of the review endpoints.
extension ConsoleReviewTests {
    @Test(arguments: Transport.allCases) func archiveNeedsASupervisorAndAClosedConversation(over transport: Transport) async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            let sam = try await system.agent("Sam", role: .supervisor)
            try await system.application().test(transport.setup) { client in
                let open = try await client.liveChat(system, agent: carol)
                let closed = try await client.closedChat(system, agent: carol)

                let forbidden = try await client.api(.post, "conversations/\(closed.conversationId)/archive", as: carol)
                #expect(forbidden.status == .forbidden)
                #expect(try errorBody(forbidden).code == "forbidden")
                #expect(try await system.conversation(closed.conversationId).mode == .closed)

                let stillOpen = try await client.api(.post, "conversations/\(open.conversationId)/archive", as: sam)
                #expect(stillOpen.status == .conflict)

                let archived = try await client.api(.post, "conversations/\(closed.conversationId)/archive", as: sam)
                #expect(archived.status == .ok)
                #expect(try decodeWire(ConversationResponseWire.self, from: archived.body).conversation.mode == .archived)
            }
        }
    }

    @Test(arguments: Transport.allCases) func anotherOrganisationsAgentGetsNotFoundForEveryReviewEndpoint(over transport: Transport) async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            let other = try await system.makeOrganisation()
            let mallory = try await system.agent("Mallory", role: .admin, in: other.id)
            try await system.application().test(transport.setup) { client in
                let chat = try await client.closedChat(system, agent: carol)
                let id = chat.conversationId
                _ = try await client.api(.put, "conversations/\(id)/qa", as: carol, json: json(["flaggedIncorrect": true, "correctionNote": "x"]))
                _ = try await client.api(.put, "conversations/\(id)/kb-update", as: carol, json: json(["kbUpdateNeeded": true, "note": "y"]))
                _ = try await client.api(.put, "conversations/\(id)/followup", as: carol, json: json(["followupNeeded": true, "note": "z"]))
                let reviewBefore = try decodeWire(
                    ReviewedTranscriptWire.self,
                    from: try await client.api(.get, "conversations/\(id)", as: carol).body
                ).review

                let attempts: [(HTTPRequest.Method, String, String?)] = [
                    (.get, "conversations/\(id)", nil),
                    (.put, "conversations/\(id)/qa", json(["flaggedIncorrect": false, "correctionNote": nil])),
                    (.put, "conversations/\(id)/kb-update", json(["kbUpdateNeeded": false, "note": nil])),
                    (.put, "conversations/\(id)/followup", json(["followupNeeded": false, "note": nil])),
                    (.post, "conversations/\(id)/followup/complete", json(["resolutionNote": "done"])),
                    (.post, "conversations/\(id)/close", json(["chatReviewed": true, "kbNeedsUpdate": false])),
                    (.post, "conversations/\(id)/archive", nil),
                    (.post, "queues/corrections/\(id)/reviewed", nil),
                    (.post, "queues/kb-review/\(id)/updated", nil),
                ]
                for (method, path, body) in attempts {
                    let response = try await client.api(method, path, as: mallory, json: body)
                    #expect(response.status == .notFound, "\(method) \(path): \(String(buffer: response.body))")
                    #expect(try errorBody(response).code == "conversation_not_found")
                }
                for queue in ["queues/corrections", "queues/kb-review", "queues/followups"] {
                    let items = try jsonObject(try await client.api(.get, queue, as: mallory))["items"] as? [Any]
                    #expect(items?.isEmpty == true, "\(queue)")
                }
                let reviewAfter = try decodeWire(ReviewedTranscriptWire.self, from: try await client.api(.get, "conversations/\(id)", as: carol).body)
                #expect(reviewAfter.review == reviewBefore)
                #expect(reviewAfter.conversation.mode == .followup)
            }
        }
    }
}
