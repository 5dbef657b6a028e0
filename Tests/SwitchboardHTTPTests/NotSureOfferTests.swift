import Foundation
import SwitchboardDomain
import TestSupport
import Testing

@testable import SwitchboardHTTP

/// "Not sure" answers over the widget and the real database: the first asks the customer to
/// rephrase, the second in a row offers a person, and only the customer's "yes" hands over.
@Suite(.serialized) struct NotSureOfferTests {
    static let firstQuestion = "Do you sell tickets for the opera in Vienna?"
    static let secondQuestion = "Can I bring my parrot on the ferry?"

    @Test func aSecondNotSureInARowOffersAPersonAndAYesHandsTheQuestionToTheTeam() async throws {
        try await TestSystem.with { system in
            try await system.article(title: "Bike rental prices", body: "Renting a city bike costs 20 euros per day.")
            _ = try await system.agent("Carol")
            try await system.application().test(.router) { client in
                let chat = try await client.startChat(system.organisation)
                _ = try await client.say(Self.firstQuestion, in: chat)
                await system.live.answers.drain()
                _ = try await client.say(Self.secondQuestion, in: chat)
                await system.live.answers.drain()
                var transcript = try await client.widgetTranscript(chat)
                let answers = transcript.messages.filter { $0.author == .ai }
                #expect(answers.map(\.aiOutcome) == [.notSure, .notSure])
                #expect(answers.first?.body != NotSureStreak.personOffer)
                #expect(answers.last?.body == NotSureStreak.personOffer)
                #expect(transcript.mode == .ai)

                _ = try await client.say("yes please", in: chat)
                await system.live.answers.drain()
                transcript = try await client.widgetTranscript(chat)
                #expect(transcript.mode == .needs)
                #expect(transcript.messages.map(\.author).suffix(2) == [.customer, .system])
                #expect(transcript.messages.last?.body == HandoffService.waitingMessage)
                let summary = try await system.conversation(chat.conversationId)
                // Recorded as the AI's handoff, with the question it could not answer for the agent.
                #expect(!summary.handoffRequested)
                #expect(summary.handoffReason == Self.secondQuestion)
            }
        }
    }

    @Test func decliningTheOfferKeepsTheAIAnswering() async throws {
        try await TestSystem.with { system in
            try await system.article(
                title: "Bike rental prices",
                body: "Renting a city bike costs 20 euros per day. Helmets and locks are included at no extra charge."
            )
            _ = try await system.agent("Carol")
            try await system.application().test(.router) { client in
                let chat = try await client.startChat(system.organisation)
                for question in [Self.firstQuestion, Self.secondQuestion, "no thanks. How much does it cost to rent a bike for a day?"] {
                    _ = try await client.say(question, in: chat)
                    await system.live.answers.drain()
                }
                let transcript = try await client.widgetTranscript(chat)
                #expect(transcript.mode == .ai)
                #expect(transcript.messages.filter { $0.author == .ai }.map(\.aiOutcome) == [.notSure, .notSure, .answered])
            }
        }
    }

    @Test func anAnswerBetweenTwoNotSuresStartsTheCountAgain() async throws {
        try await TestSystem.with { system in
            try await system.article(title: "Bike rental prices", body: "Renting a city bike costs 20 euros per day.")
            _ = try await system.agent("Carol")
            try await system.application().test(.router) { client in
                let chat = try await client.startChat(system.organisation)
                for question in [Self.firstQuestion, "How much does it cost to rent a bike for a day?", Self.secondQuestion, "yes"] {
                    _ = try await client.say(question, in: chat)
                    await system.live.answers.drain()
                }
                let transcript = try await client.widgetTranscript(chat)
                let answers = transcript.messages.filter { $0.author == .ai }
                #expect(answers.prefix(3).map(\.aiOutcome) == [.notSure, .answered, .notSure])
                #expect(answers[2].body != NotSureStreak.personOffer)
                // "yes" to a request to rephrase is no request for a person, but a second "not sure" in a row.
                #expect(transcript.mode == .ai)
                #expect(answers.last?.body == NotSureStreak.personOffer)
            }
        }
    }
}
