import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchboardDomain
import TestSupport
import Testing

@testable import SwitchboardHTTP

/// "Needs correction" and KB review: flagged conversations appear, check-offs record who and when
/// and take them out, and nothing crosses between organisations.
@Suite struct ConsoleQueueTests {
    @Test func needsCorrectionListsFlaggedChatsUntilTheyAreCheckedOff() async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            let sam = try await system.agent("Sam", role: .supervisor)
            try await system.application().test(.router) { client in
                let flagged = try await client.closedChat(system, agent: carol)
                let unflagged = try await client.closedChat(system, agent: carol)
                _ = unflagged
                let note = "The fee is 100 EUR."
                #expect(
                    try await client.api(
                        .put,
                        "conversations/\(flagged.conversationId)/qa",
                        as: carol,
                        json: json(["flaggedIncorrect": true, "correctionNote": note])
                    ).status == .ok
                )

                let queue = try jsonObject(try await client.api(.get, "queues/corrections", as: sam))
                let items = try #require(queue["items"] as? [[String: Any]])
                #expect(items.count == 1)
                #expect(items.first?["conversationId"] as? String == flagged.conversationId.uuidString)
                #expect(items.first?["correctionNote"] as? String == note)
                #expect(items.first?["flaggedBy"] as? String == "Carol")
                #expect(items.first?["startedAt"] is String)

                let before = Date().addingTimeInterval(-1)
                let reviewed = try await client.api(.post, "queues/corrections/\(flagged.conversationId)/reviewed", as: sam)
                #expect(reviewed.status == .ok)
                let review = try decodeWire(ReviewResponseWire.self, from: reviewed.body).review
                #expect(review.correctionReviewed)
                #expect(review.reviewedBy == "Sam")
                #expect(try #require(review.reviewedAt) >= before)
                #expect((try jsonObject(try await client.api(.get, "queues/corrections", as: sam))["items"] as? [Any])?.isEmpty == true)

                let notFlagged = try await client.api(.post, "queues/corrections/\(unflagged.conversationId)/reviewed", as: sam)
                #expect(notFlagged.status == .conflict)
                #expect(try errorBody(notFlagged).code == "not_flagged_incorrect")
            }
        }
    }

    @Test func knowledgeBaseReviewListsFlagsUntilMarkedUpdated() async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            try await system.application().test(.router) { client in
                let chat = try await client.liveChat(system, agent: carol)
                #expect(
                    try await client.api(
                        .put,
                        "conversations/\(chat.conversationId)/kb-update",
                        as: carol,
                        json: json(["kbUpdateNeeded": true, "note": "Add the opening hours"])
                    ).status == .ok
                )
                let items = try #require(try jsonObject(try await client.api(.get, "queues/kb-review", as: carol))["items"] as? [[String: Any]])
                #expect(items.count == 1)
                #expect(items.first?["note"] as? String == "Add the opening hours")
                #expect(items.first?["flaggedBy"] as? String == "Carol")

                let updated = try await client.api(.post, "queues/kb-review/\(chat.conversationId)/updated", as: carol)
                #expect(updated.status == .ok)
                let review = try decodeWire(ReviewResponseWire.self, from: updated.body).review
                #expect(review.kbUpdated)
                #expect(review.kbUpdatedBy == "Carol")
                #expect(review.kbUpdatedAt != nil)
                #expect((try jsonObject(try await client.api(.get, "queues/kb-review", as: carol))["items"] as? [Any])?.isEmpty == true)
            }
        }
    }

    @Test func followUpWorkloadCountsOpenFollowUpsPerAgent() async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            let dave = try await system.agent("Dave")
            try await system.application().test(.router) { client in
                for agent in [carol, carol, dave] {
                    let chat = try await client.closedChat(system, agent: agent)
                    #expect(
                        try await client.api(
                            .put,
                            "conversations/\(chat.conversationId)/followup",
                            as: agent,
                            json: json(["followupNeeded": true, "note": "Call back"])
                        ).status == .ok
                    )
                }
                let body = try jsonObject(try await client.api(.get, "queues/followups", as: dave))
                #expect((body["items"] as? [Any])?.count == 3)
                let byAgent = try #require(body["byAgent"] as? [[String: Any]])
                #expect(byAgent.map { $0["agentName"] as? String } == ["Carol", "Dave"])
                #expect(byAgent.map { $0["open"] as? Int } == [2, 1])
            }
        }
    }

    @Test func heartbeatMarksTheAgentOnlineForThisOrganisationOnly() async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol", online: false)
            let other = try await system.makeOrganisation()
            let mallory = try await system.agent("Mallory", in: other.id, online: false)
            try await system.application().test(.router) { client in
                #expect(try await system.live.dependencies.agents.anyAgentOnline(orgID: system.orgID) == false)
                let response = try await client.api(.post, "presence/heartbeat", as: carol)
                #expect(response.status == .noContent)
                #expect(try await system.live.dependencies.agents.anyAgentOnline(orgID: system.orgID))
                #expect(try await system.live.dependencies.agents.anyAgentOnline(orgID: other.id) == false)
                #expect(try await client.api(.post, "presence/heartbeat", as: mallory).status == .noContent)
                #expect(try await system.live.dependencies.agents.agents(orgID: system.orgID).map(\.displayName) == ["Carol"])
                let unauthenticated = try await client.request(.post, "/console/api/presence/heartbeat", json: "{}", origin: nil)
                #expect(unauthenticated.status == .unauthorized)
            }
        }
    }
}
