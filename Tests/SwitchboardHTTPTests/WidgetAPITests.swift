import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchboardDomain
import TestSupport
import Testing

@testable import SwitchboardHTTP

/// The public widget API over the real database: keys, origins, validation, idempotency,
/// rate limits, customer tokens, and what the AI does with each kind of message.
@Suite struct WidgetAPITests {
    @Test(arguments: Transport.allCases) func startingWithAnUnknownWidgetKeyIsNotFound(over transport: Transport) async throws {
        try await TestSystem.with { system in
            try await system.application().test(transport.setup) { client in
                let response = try await client.request(.post, "/widget/v1/conversations", json: jsonText(["widgetKey": "no-such-key"]))
                #expect(response.status == .notFound)
                #expect(try errorBody(response).code == "unknown_widget_key")
            }
        }
    }

    @Test(arguments: Transport.allCases) func startingFromAPageTheOrganisationDidNotAllowIsForbidden(over transport: Transport) async throws {
        try await TestSystem.with { system in
            try await system.application().test(transport.setup) { client in
                let response = try await client.request(
                    .post,
                    "/widget/v1/conversations",
                    json: jsonText(["widgetKey": system.organisation.widgetKey]),
                    origin: "https://evil.example"
                )
                #expect(response.status == .forbidden)
                #expect(try errorBody(response).code == "origin_not_allowed")
                #expect(try await system.live.dependencies.conversations.list(orgID: system.orgID, query: ConversationQuery()).isEmpty)
            }
        }
    }

    @Test(arguments: Transport.allCases) func startingFromAnAllowedPageCreatesTheChatAndEchoesTheOrigin(over transport: Transport) async throws {
        try await TestSystem.with { system in
            try await system.application().test(transport.setup) { client in
                let response = try await client.request(
                    .post,
                    "/widget/v1/conversations",
                    json: jsonText(["widgetKey": system.organisation.widgetKey])
                )
                #expect(response.status == .created)
                #expect(response.headers[.accessControlAllowOrigin] == TestSystem.allowedOrigin)
                let chat = try decodeWire(StartedChat.self, from: response.body)
                #expect(chat.mode == .ai)
                #expect(chat.organisationName == "Harbour Shop")
                #expect(try await system.conversation(chat.conversationId).mode == .ai)
            }
        }
    }

    @Test(arguments: Transport.allCases) func tooLongAndEmptyMessagesAreRefusedAndNothingIsStored(over transport: Transport) async throws {
        try await TestSystem.with { system in
            try await system.application().test(transport.setup) { client in
                let chat = try await client.startChat(system.organisation)
                #expect(try await client.say("Hello there", in: chat).status == .created)
                await system.live.answers.drain()
                let before = try await client.widgetTranscript(chat).messages

                let tooLong = try await client.say(String(repeating: "a", count: ConversationService.maxMessageLength + 1), in: chat)
                #expect(tooLong.status == .unprocessableContent)
                let tooLongError = try errorBody(tooLong)
                #expect(tooLongError.code == "message_too_long")
                #expect(tooLongError.message == "The message is 4001 characters long; the limit is 4000.")

                for blank in ["", "   \n\t "] {
                    let empty = try await client.say(blank, in: chat)
                    #expect(empty.status == .unprocessableContent)
                    #expect(try errorBody(empty).code == "empty_message")
                }
                await system.live.answers.drain()
                #expect(try await client.widgetTranscript(chat).messages == before)
            }
        }
    }

    @Test(arguments: Transport.allCases) func resendingAClientMessageIdStoresTheMessageOnce(over transport: Transport) async throws {
        try await TestSystem.with { system in
            try await system.application().test(transport.setup) { client in
                let chat = try await client.startChat(system.organisation)
                let first = try await client.say("Is my order on its way?", in: chat, clientMessageId: "m-1")
                #expect(first.status == .created)
                let again = try await client.say("Is my order on its way?", in: chat, clientMessageId: "m-1")
                #expect(again.status == .ok)
                let firstSeq = try decodeWire(SentMessage.self, from: first.body).message.seq
                #expect(try decodeWire(SentMessage.self, from: again.body).message.seq == firstSeq)
                await system.live.answers.drain()
                let stored = try await client.widgetTranscript(chat).messages.filter { $0.clientMessageId == "m-1" }
                #expect(stored.map(\.seq) == [firstSeq])
            }
        }
    }

    @Test(arguments: Transport.allCases) func messagesAboveTheRateLimitAreRefusedWithRetryAfter(over transport: Transport) async throws {
        var configuration = TestSystem.generousLimits.configuration
        configuration.messagesPerConversation = RateLimit(perMinute: 3)
        let limits = WidgetRateLimits(configuration)
        try await TestSystem.with(limits: limits) { system in
            try await system.application().test(transport.setup) { client in
                let chat = try await client.startChat(system.organisation)
                for index in 1...3 {
                    #expect(try await client.say("Question \(index)", in: chat).status == .created)
                }
                let refused = try await client.say("Question 4", in: chat)
                #expect(refused.status == .tooManyRequests)
                #expect(try errorBody(refused).code == "rate_limited")
                let retryAfter = try #require(refused.headers[.retryAfter].flatMap { Int($0) })
                #expect(retryAfter >= 1)
                await system.live.answers.drain()
                #expect(
                    try await client.widgetTranscript(chat).messages.filter { $0.author == .customer }.map(\.body)
                        == ["Question 1", "Question 2", "Question 3"]
                )
            }
        }
    }

    @Test(arguments: Transport.allCases) func aTokenForAnotherConversationFindsNothing(over transport: Transport) async throws {
        try await TestSystem.with { system in
            try await system.application().test(transport.setup) { client in
                let mine = try await client.startChat(system.organisation)
                let theirs = try await client.startChat(system.organisation)
                let read = try await client.request(.get, "/widget/v1/conversations/\(theirs.conversationId)/messages", token: mine.customerToken)
                #expect(read.status == .notFound)
                #expect(try errorBody(read).code == "conversation_not_found")
                let write = try await client.request(
                    .post,
                    "/widget/v1/conversations/\(theirs.conversationId)/messages",
                    json: jsonText(["body": "Hi"]),
                    token: mine.customerToken
                )
                #expect(write.status == .notFound)
                #expect(try await system.conversation(theirs.conversationId).lastSeq == 0)
            }
        }
    }

    @Test(arguments: Transport.allCases) func aGarbageOrForeignTokenIsUnauthorised(over transport: Transport) async throws {
        try await TestSystem.with { system in
            try await system.application().test(transport.setup) { client in
                let chat = try await client.startChat(system.organisation)
                let foreign = try TokenSigner(secret: "another deployment").sign(
                    CustomerIdentity(orgID: system.orgID, conversationID: chat.conversationId, expiresAt: Date().addingTimeInterval(3600))
                )
                for token in ["garbage", "v1.e30.AAAA", foreign] {
                    let read = try await client.request(.get, "/widget/v1/conversations/\(chat.conversationId)/messages", token: token)
                    #expect(read.status == .unauthorized)
                    #expect(try errorBody(read).code == "unauthorized")
                    let write = try await client.request(
                        .post,
                        "/widget/v1/conversations/\(chat.conversationId)/messages",
                        json: jsonText(["body": "Hi"]),
                        token: token
                    )
                    #expect(write.status == .unauthorized)
                }
                #expect(try await system.conversation(chat.conversationId).lastSeq == 0)
            }
        }
    }

    @Test(arguments: Transport.allCases) func aQuestionTheKnowledgeBaseAnswersGetsAnAnswerCitingTheArticle(over transport: Transport) async throws {
        try await TestSystem.with { system in
            try await system.article(
                title: "Bike rental prices",
                body: "Renting a city bike costs 20 euros per day. Helmets and locks are included at no extra charge.",
                section: "Rentals"
            )
            try await system.application().test(transport.setup) { client in
                let chat = try await client.startChat(system.organisation)
                #expect(try await client.say("How much does it cost to rent a bike for a day?", in: chat).status == .created)
                await system.live.answers.drain()
                let transcript = try await client.widgetTranscript(chat)
                let answer = try #require(transcript.messages.first { $0.author == .ai })
                #expect(answer.aiOutcome == .answered)
                #expect(answer.articles.first?.title == "Bike rental prices")
                #expect(answer.body.contains("20 euros"))
                #expect(transcript.mode == .ai)
            }
        }
    }

    @Test(arguments: Transport.allCases) func anUnrelatedQuestionIsNotSureAndLeavesTheChoiceToTheCustomer(over transport: Transport) async throws {
        try await TestSystem.with { system in
            try await system.article(title: "Bike rental prices", body: "Renting a city bike costs 20 euros per day.")
            _ = try await system.agent("Carol")
            try await system.application().test(transport.setup) { client in
                let chat = try await client.startChat(system.organisation)
                #expect(try await client.say("Do you sell tickets for the opera in Vienna?", in: chat).status == .created)
                await system.live.answers.drain()
                let transcript = try await client.widgetTranscript(chat)
                let answer = try #require(transcript.messages.first { $0.author == .ai })
                #expect(answer.aiOutcome == .notSure)
                #expect(answer.articles.isEmpty)
                #expect(answer.body != NotSureStreak.personOffer)
                #expect(transcript.mode == .ai)
                #expect(!transcript.messages.contains { $0.author == .system })
            }
        }
    }

    @Test(arguments: Transport.allCases) func askingForAPersonHandsTheChatToTheTeamWithoutAnAIAnswer(over transport: Transport) async throws {
        try await TestSystem.with { system in
            _ = try await system.agent("Carol")
            try await system.application().test(transport.setup) { client in
                let chat = try await client.startChat(system.organisation)
                #expect(try await client.say("can I talk to a person", in: chat).status == .created)
                await system.live.answers.drain()
                let transcript = try await client.widgetTranscript(chat)
                #expect(transcript.mode == .needs)
                #expect(!transcript.messages.contains { $0.author == .ai })
                #expect(transcript.messages.map(\.author) == [.customer, .system])
                let summary = try await system.conversation(chat.conversationId)
                #expect(summary.handoffRequested)
                #expect(summary.handoffReason == "can I talk to a person")
            }
        }
    }

    @Test(arguments: Transport.allCases) func askingForAPersonWhenNobodyIsOnlineCollectsTheAfterHoursForm(over transport: Transport) async throws {
        try await TestSystem.with { system in
            _ = try await system.agent("Carol", online: false)
            try await system.application().test(transport.setup) { client in
                let chat = try await client.startChat(system.organisation)
                let handoff = try await client.request(
                    .post,
                    "/widget/v1/conversations/\(chat.conversationId)/handoff",
                    json: jsonText(["reason": "Refund for a broken bell"]),
                    token: chat.customerToken
                )
                #expect(handoff.status == .ok)
                #expect(String(buffer: handoff.body).contains(#""afterHours":true"#))
                #expect(try await client.widgetTranscript(chat).mode == .review)

                let path = "/widget/v1/conversations/\(chat.conversationId)/after-hours"
                let invalid = try await client.request(
                    .post,
                    path,
                    json: jsonText(["name": "Dana", "email": "dana-at-example", "reason": "Refund"]),
                    token: chat.customerToken
                )
                #expect(invalid.status == .unprocessableContent)
                #expect(try errorBody(invalid).code == "invalid_email")
                #expect(try await system.conversation(chat.conversationId).emailProvided == nil)

                let form = try await client.request(
                    .post,
                    path,
                    json: jsonText(["name": "Dana", "email": "dana@example.com", "reason": "Refund"]),
                    token: chat.customerToken
                )
                #expect(form.status == .noContent)
                let summary = try await system.conversation(chat.conversationId)
                #expect(summary.nameProvided == "Dana")
                #expect(summary.emailProvided == "dana@example.com")
                #expect(summary.status == "after-hours")
            }
        }
    }
}
