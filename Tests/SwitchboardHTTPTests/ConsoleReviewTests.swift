import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchboardDomain
import TestSupport
import Testing

@testable import SwitchboardHTTP

/// The review panel over the real database: the three flags with who and when, closing with the
/// checklist, follow-ups that reopen and close work, and archiving.
@Suite struct ConsoleReviewTests {
    @Test(arguments: Transport.allCases) func transcriptCarriesEveryReviewKeyAndWhereContactDetailsCameFrom(over transport: Transport) async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            try await system.application().test(transport.setup) { client in
                let chat = try await client.startChat(system.organisation)
                #expect(try await client.say("My email is dana@example.com", in: chat).status == .created)
                let response = try await client.api(.get, "conversations/\(chat.conversationId)", as: carol)
                #expect(response.status == .ok)
                let transcript = try decodeWire(ReviewedTranscriptWire.self, from: response.body)
                #expect(transcript.conversation.id == chat.conversationId)
                #expect(transcript.messages.first?.body == "My email is dana@example.com")
                #expect(transcript.review.flaggedIncorrect == false)
                #expect(transcript.review.followupNeeded == false)
                #expect(transcript.contactSources == ContactSourcesWire(name: nil, email: "ai", phone: nil))
                // Unset values are null, not missing, so the console can rely on every key.
                let review = try #require(try jsonObject(response)["review"] as? [String: Any])
                #expect(review.count == 18)
                #expect(review["correctionNote"] is NSNull)
                #expect(review["followupDoneAt"] is NSNull)
            }
        }
    }

    @Test(arguments: Transport.allCases) func flaggingIncorrectRecordsWhoAndWhenAndClearingResetsIt(over transport: Transport) async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            try await system.application().test(transport.setup) { client in
                let chat = try await client.liveChat(system, agent: carol)
                let path = "conversations/\(chat.conversationId)/qa"
                let before = Date().addingTimeInterval(-1)
                let flagged = try await client.api(
                    .put,
                    path,
                    as: carol,
                    json: json(["flaggedIncorrect": true, "correctionNote": " The fee is 100 EUR. "])
                )
                #expect(flagged.status == .ok)
                let review = try decodeWire(ReviewResponseWire.self, from: flagged.body).review
                #expect(review.flaggedIncorrect)
                #expect(review.correctionNote == "The fee is 100 EUR.")
                #expect(review.flaggedBy == "Carol")
                #expect(try #require(review.flaggedAt) >= before)
                #expect(try await system.rowCount("qa_reviews", conversationID: chat.conversationId) == 1)
                // Nothing else was written for the other flags.
                #expect(try await system.rowCount("kb_updates", conversationID: chat.conversationId) == 0)

                let cleared = try decodeWire(
                    ReviewResponseWire.self,
                    from: try await client.api(
                        .put,
                        path,
                        as: carol,
                        json: json(["flaggedIncorrect": false, "correctionNote": nil])
                    ).body
                ).review
                #expect(!cleared.flaggedIncorrect)
                #expect(cleared.flaggedBy == nil)
                #expect(cleared.correctionNote == nil)

                let tooLong = try await client.api(
                    .put,
                    path,
                    as: carol,
                    json: json(["flaggedIncorrect": true, "correctionNote": String(repeating: "x", count: 2001)])
                )
                #expect(tooLong.status == .unprocessableContent)
                #expect(try errorBody(tooLong).message.contains("the limit is 2000"))
                let malformed = try await client.api(.put, path, as: carol, json: json(["correctionNote": "no flag"]))
                #expect(malformed.status == .unprocessableContent)
                #expect(try errorBody(malformed).message == "flaggedIncorrect is required.")
            }
        }
    }

    @Test(arguments: Transport.allCases) func closeWithoutChatReviewedIsRefusedAndChangesNothing(over transport: Transport) async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            try await system.application().test(transport.setup) { client in
                let chat = try await client.liveChat(system, agent: carol)
                let before = try await system.conversation(chat.conversationId)
                for body in [json(["kbNeedsUpdate": true]), json(["chatReviewed": false, "kbNeedsUpdate": true])] {
                    let response = try await client.api(.post, "conversations/\(chat.conversationId)/close", as: carol, json: body)
                    #expect(response.status == .unprocessableContent)
                    let error = try errorBody(response)
                    #expect(error.code == "review_required")
                    #expect(error.message.contains("Chat reviewed"))
                }
                let after = try await system.conversation(chat.conversationId)
                #expect(after.mode == .live)
                #expect(after.lastSeq == before.lastSeq)
                #expect(try await system.rowCount("kb_updates", conversationID: chat.conversationId) == 0)
            }
        }
    }

    @Test(arguments: ["ai", "needs", "live", "review"])
    func closesFromEveryOpenModeAndSavesTheKnowledgeBaseFlag(mode: String) async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol", online: mode != "review")
            try await system.application().test(.router) { client in
                let chat = try await client.startChat(system.organisation)
                switch mode {
                case "needs", "review":
                    #expect(try await client.say("I want to speak to a human please", in: chat).status == .created)
                case "live":
                    #expect(try await client.console("take-over", chat.conversationId, as: carol).status == .ok)
                default: break
                }
                try #require(try await system.conversation(chat.conversationId).mode.rawValue == mode)

                let response = try await client.api(
                    .post,
                    "conversations/\(chat.conversationId)/close",
                    as: carol,
                    json: json(["chatReviewed": true, "kbNeedsUpdate": true])
                )
                #expect(response.status == .ok, "\(String(buffer: response.body))")
                #expect(try decodeWire(ConversationResponseWire.self, from: response.body).conversation.mode == .closed)
                let transcript = try decodeWire(
                    ReviewedTranscriptWire.self,
                    from: try await client.api(
                        .get,
                        "conversations/\(chat.conversationId)",
                        as: carol
                    ).body
                )
                #expect(transcript.review.kbUpdateNeeded)
                #expect(transcript.messages.last?.body == ReviewService.closedMessage)
                #expect(try await client.widgetTranscript(chat).mode == .closed)

                let again = try await client.api(
                    .post,
                    "conversations/\(chat.conversationId)/close",
                    as: carol,
                    json: json(["chatReviewed": true])
                )
                #expect(again.status == .conflict)
                #expect(try errorBody(again).code == "invalid_transition")
                // The refused close saved nothing: its KB flag (false) was rolled back with it.
                let unchanged = try decodeWire(
                    ReviewedTranscriptWire.self,
                    from: try await client.api(
                        .get,
                        "conversations/\(chat.conversationId)",
                        as: carol
                    ).body
                )
                #expect(unchanged.review.kbUpdateNeeded)
            }
        }
    }

    @Test(arguments: Transport.allCases) func closingWithoutTheKnowledgeBaseAnswerKeepsTheStoredFlagAndItsNote(over transport: Transport) async throws
    {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            try await system.application().test(transport.setup) { client in
                let chat = try await client.liveChat(system, agent: carol)
                let id = chat.conversationId
                let flagged = try await client.api(
                    .put,
                    "conversations/\(id)/kb-update",
                    as: carol,
                    json: json(["kbUpdateNeeded": true, "note": "The refund window is 30 days now"])
                )
                #expect(flagged.status == .ok)

                // The checklist sends only "Chat reviewed": the agent did not touch the KB box.
                let closed = try await client.api(.post, "conversations/\(id)/close", as: carol, json: json(["chatReviewed": true]))
                #expect(closed.status == .ok, "\(String(buffer: closed.body))")
                let review = try decodeWire(
                    ReviewedTranscriptWire.self,
                    from: try await client.api(
                        .get,
                        "conversations/\(id)",
                        as: carol
                    ).body
                ).review
                #expect(review.kbUpdateNeeded)
                #expect(review.kbNote == "The refund window is 30 days now")
                #expect(try await system.rowCount("kb_updates", conversationID: id) == 1)
                let queue = try await system.live.dependencies.console.review.knowledgeBaseQueue(orgID: system.orgID)
                #expect(queue.map(\.conversationID).contains(id))
            }
        }
    }

    @Test(arguments: Transport.allCases) func theDomainCloseLeavesTheKnowledgeBaseFlagAloneUnlessItIsGiven(over transport: Transport) async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            try await system.application().test(transport.setup) { client in
                let service = system.live.dependencies.console.review
                let kept = try await client.liveChat(system, agent: carol)
                _ = try await service.flagKnowledgeBaseUpdate(
                    orgID: system.orgID,
                    conversationID: kept.conversationId,
                    agentID: carol.id,
                    needed: true,
                    note: "Add the invoice FAQ"
                )
                let closed = try await service.close(orgID: system.orgID, conversationID: kept.conversationId, agentID: carol.id, chatReviewed: true)
                #expect(closed.review.knowledgeBase.needed)
                #expect(closed.review.knowledgeBase.note == "Add the invoice FAQ")

                // Given explicitly, the agent's answer still wins: unticked clears the flag.
                let cleared = try await client.liveChat(system, agent: carol)
                _ = try await service.flagKnowledgeBaseUpdate(
                    orgID: system.orgID,
                    conversationID: cleared.conversationId,
                    agentID: carol.id,
                    needed: true,
                    note: nil
                )
                let unticked = try await service.close(
                    orgID: system.orgID,
                    conversationID: cleared.conversationId,
                    agentID: carol.id,
                    chatReviewed: true,
                    knowledgeBaseNeedsUpdate: false
                )
                #expect(!unticked.review.knowledgeBase.needed)
            }
        }
    }

    @Test(arguments: Transport.allCases) func followUpFlagAndCompletionRoundTripRecordsWhoAndWhen(over transport: Transport) async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            let dave = try await system.agent("Dave")
            try await system.application().test(transport.setup) { client in
                let chat = try await client.closedChat(system, agent: carol)
                let id = chat.conversationId

                let flagged = try await client.api(
                    .put,
                    "conversations/\(id)/followup",
                    as: carol,
                    json: json(["followupNeeded": true, "note": "Send the invoice"])
                )
                #expect(flagged.status == .ok)
                let flaggedReview = try decodeWire(ReviewResponseWire.self, from: flagged.body).review
                #expect(flaggedReview.followupNeeded && !flaggedReview.followupDone)
                #expect(flaggedReview.followupNote == "Send the invoice")
                #expect(try await system.conversation(id).mode == .followup)

                let queue = try await client.api(.get, "queues/followups", as: dave)
                let queueBody = try jsonObject(queue)
                let items = try #require(queueBody["items"] as? [[String: Any]])
                #expect(items.map { $0["conversationId"] as? String } == [id.uuidString])
                #expect(items.first?["note"] as? String == "Send the invoice")
                #expect(items.first?["flaggedBy"] as? String == "Carol")
                let byAgent = try #require(queueBody["byAgent"] as? [[String: Any]])
                #expect(byAgent.count == 1)
                #expect(byAgent.first?["agentName"] as? String == "Carol")
                #expect(byAgent.first?["open"] as? Int == 1)

                let empty = try await client.api(.post, "conversations/\(id)/followup/complete", as: dave, json: json(["resolutionNote": "  "]))
                #expect(empty.status == .unprocessableContent)
                #expect(try await system.conversation(id).mode == .followup)

                let before = Date().addingTimeInterval(-1)
                let done = try await client.api(
                    .post,
                    "conversations/\(id)/followup/complete",
                    as: dave,
                    json: json(["resolutionNote": "Invoice sent by email"])
                )
                #expect(done.status == .ok)
                let completed = try decodeWire(ReviewResponseWire.self, from: done.body)
                #expect(completed.conversation?.mode == .closed)
                #expect(completed.review.followupDone)
                #expect(completed.review.followupDoneNote == "Invoice sent by email")
                #expect(completed.review.followupDoneBy == "Dave")
                #expect(try #require(completed.review.followupDoneAt) >= before)
                #expect(completed.review.followupNote == "Send the invoice")

                let twice = try await client.api(
                    .post,
                    "conversations/\(id)/followup/complete",
                    as: dave,
                    json: json(["resolutionNote": "Again"])
                )
                #expect(twice.status == .conflict)
                #expect(try errorBody(twice).code == "no_open_followup")
                let emptyQueue = try jsonObject(try await client.api(.get, "queues/followups", as: dave))
                #expect((emptyQueue["items"] as? [Any])?.isEmpty == true)
            }
        }
    }

    @Test(arguments: Transport.allCases) func aFollowUpFlaggedWhileOpenSendsTheClosedChatToFollowUp(over transport: Transport) async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            try await system.application().test(transport.setup) { client in
                let chat = try await client.liveChat(system, agent: carol)
                let flagged = try await client.api(
                    .put,
                    "conversations/\(chat.conversationId)/followup",
                    as: carol,
                    json: json(["followupNeeded": true, "note": "Call back tomorrow"])
                )
                #expect(flagged.status == .ok)
                #expect(try await system.conversation(chat.conversationId).mode == .live)
                let closed = try await client.api(
                    .post,
                    "conversations/\(chat.conversationId)/close",
                    as: carol,
                    json: json(["chatReviewed": true, "kbNeedsUpdate": false])
                )
                #expect(try decodeWire(ConversationResponseWire.self, from: closed.body).conversation.mode == .followup)
                // Clearing the flag closes it again.
                let cleared = try await client.api(
                    .put,
                    "conversations/\(chat.conversationId)/followup",
                    as: carol,
                    json: json(["followupNeeded": false, "note": nil])
                )
                #expect(cleared.status == .ok)
                #expect(try await system.conversation(chat.conversationId).mode == .closed)
            }
        }
    }
}
