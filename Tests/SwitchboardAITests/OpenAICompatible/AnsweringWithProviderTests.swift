import Foundation
import SwitchboardDomain
import SwitchboardStore
import TestSupport
import Testing

@testable import SwitchboardAI

/// The product's answering path with an organisation whose engine settings point at a scripted
/// provider on loopback: the engine chosen at answer time, drafts while it streams, the one
/// stored answer, the built-in fallback, and a take-over in the middle of the stream.
@Suite struct AnsweringWithProviderTests {
    @Test func aStreamedAnswerIsShownAsDraftsAndStoredOnceWithItsArticle() async throws {
        let server = try await ScriptedSSEServer.start(
            SSE.answer(["Your refund ", "reaches your card ", "within 5 working days [1]", "."], pause: .milliseconds(30))
        )
        defer { Task { await server.stop() } }
        try await ProductFixture.with(server: server) { fixture in
            let conversationID = try await fixture.conversationAsking()

            let stored = try await fixture.answering.answer(
                orgID: fixture.orgID,
                conversationID: conversationID,
                question: ProductFixture.question
            )

            let message = try #require(stored)
            #expect(message.body == "Your refund reaches your card within 5 working days.")
            #expect(message.aiOutcome == .answered)
            #expect(message.articles.map(\.id) == [fixture.articleID])
            let aiMessages = try await fixture.messages(conversationID).filter { $0.author == .ai }
            #expect(aiMessages.map(\.body) == [message.body], "stored exactly once")
            // Drafts grow token by token, without citation markers, and none is stored.
            let drafts = fixture.realtime.drafts
            #expect(drafts.count >= 3)
            #expect(drafts.first == "Your refund ")
            #expect(drafts.contains("Your refund reaches your card within 5 working days"))
            #expect(!drafts.contains { $0.contains("[") })
            #expect(fixture.realtime.all.allSatisfy { $0.kind != .draft || ($0.author == .ai && $0.conversationID == conversationID) })
            let request = try #require(server.requests.first)
            #expect(request.header("Authorization") == "Bearer \(EngineHarness.apiKey)")
            #expect(request.json["model"] as? String == "test-model")
        }
    }

    @Test func aFailingProviderFallsBackToTheBuiltInAnswerAndTheBreakerIsKeptAcrossAnswers() async throws {
        let server = try await ScriptedSSEServer.start(SSE.status(503))
        defer { Task { await server.stop() } }
        try await ProductFixture.with(server: server) { fixture in
            var stored: [ChatMessage] = []
            for _ in 0..<3 {
                let conversationID = try await fixture.conversationAsking()
                stored.append(
                    try #require(
                        try await fixture.answering.answer(
                            orgID: fixture.orgID,
                            conversationID: conversationID,
                            question: ProductFixture.question
                        )
                    )
                )
                #expect(try await fixture.messages(conversationID).filter { $0.author == .ai }.count == 1)
            }
            for message in stored {
                #expect(message.aiOutcome == .answered)
                #expect(message.body.contains("5 working days"), "the built-in engine's passage")
                #expect(message.articles.map(\.id) == [fixture.articleID])
            }
            #expect(fixture.realtime.drafts.allSatisfy { $0.isEmpty }, "a failed provider showed no text")
            // One breaker for the organisation's provider, kept from answer to answer: it opens at the
            // fifth failure, so the third answer's retry is skipped (a breaker per answer would allow six).
            let breaker = try #require(
                await fixture.engines.breaker(
                    orgID: fixture.orgID,
                    baseURL: server.baseURL,
                    model: "test-model"
                )
            )
            guard case .open = await breaker.state else {
                Issue.record("the breaker should be open, is \(await breaker.state)")
                return
            }
            #expect(server.requests.count == 5)
        }
    }

    @Test func aTakeOverMidStreamStoresNothingFromTheAIAndTakesTheDraftAway() async throws {
        // The provider streams slowly; the answer would be complete, but the conversation has left the AI.
        let server = try await ScriptedSSEServer.start(
            SSE.answer(["Your refund ", "reaches ", "your card ", "within 5 ", "working days [1]."], pause: .milliseconds(150))
        )
        defer { Task { await server.stop() } }
        try await ProductFixture.with(server: server) { fixture in
            let conversationID = try await fixture.conversationAsking()
            let agent = try await fixture.agents.upsert(
                orgID: fixture.orgID,
                issuer: "https://idp.test",
                subject: UUID().uuidString,
                email: nil,
                name: "Carol",
                role: .agent
            )

            async let answered = fixture.answering.answer(
                orgID: fixture.orgID,
                conversationID: conversationID,
                question: ProductFixture.question
            )
            _ = try await fixture.firstDraft()
            _ = try await fixture.handoff.takeOver(orgID: fixture.orgID, conversationID: conversationID, agentID: agent, expectedOwner: nil)

            #expect(try await answered == nil)
            let messages = try await fixture.messages(conversationID)
            #expect(!messages.contains { $0.author == .ai }, "nothing from the AI stored: \(messages.map(\.body))")
            #expect(fixture.realtime.drafts.last == "", "the draft was taken off the screens")
        }
    }

    @Test func aTakeOverSeenByTheQueueCancelsTheRunningAnswerAndTheProviderRequest() async throws {
        let server = try await ScriptedSSEServer.start(
            [.head(status: 200), .send(SSE.token("Your refund ")), .pause(.milliseconds(100)), .send(SSE.token("reaches ")), .hang])
        defer { Task { await server.stop() } }
        try await ProductFixture.with(server: server) { fixture in
            let queue = AnswerQueue(answering: fixture.answering, logger: TestDatabase.quietLogger)
            let conversationID = try await fixture.conversationAsking()
            let agent = try await fixture.agents.upsert(
                orgID: fixture.orgID,
                issuer: "https://idp.test",
                subject: UUID().uuidString,
                email: nil,
                name: "Carol",
                role: .agent
            )
            await queue.schedule(orgID: fixture.orgID, conversationID: conversationID, question: ProductFixture.question)
            _ = try await fixture.firstDraft()
            // Still with the AI: a state change that is not a take-over leaves the answer running.
            await queue.conversationChanged(orgID: fixture.orgID, conversationID: conversationID)
            #expect(await queue.load().running == 1)

            _ = try await fixture.handoff.takeOver(orgID: fixture.orgID, conversationID: conversationID, agentID: agent, expectedOwner: nil)
            let started = ContinuousClock.now
            await queue.conversationChanged(orgID: fixture.orgID, conversationID: conversationID)
            await queue.drain()

            #expect(started.duration(to: .now) < .seconds(3), "stopped at once, not at the total timeout")
            #expect(!(try await fixture.messages(conversationID)).contains { $0.author == .ai })
            #expect(fixture.realtime.drafts.last == "")
            let deadline = ContinuousClock.now + .seconds(3)
            while server.clientsLeftMidResponse == 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            #expect(server.clientsLeftMidResponse == 1, "the provider request was cancelled")
        }
    }

    @Test func anOrganisationWithTheEngineOffNeverCallsTheProvider() async throws {
        let server = try await ScriptedSSEServer.start(SSE.answer(["never [1]"]))
        defer { Task { await server.stop() } }
        try await ProductFixture.with(server: server) { fixture in
            _ = try await fixture.settings.update(orgID: fixture.orgID, by: .system, change: AnswerEngineSettingsChange(enabled: false))
            let conversationID = try await fixture.conversationAsking()
            let stored = try #require(
                try await fixture.answering.answer(
                    orgID: fixture.orgID,
                    conversationID: conversationID,
                    question: ProductFixture.question
                )
            )
            #expect(stored.body.contains("5 working days"))
            #expect(server.requests.isEmpty)
            #expect(fixture.realtime.drafts.isEmpty)
        }
    }
}
