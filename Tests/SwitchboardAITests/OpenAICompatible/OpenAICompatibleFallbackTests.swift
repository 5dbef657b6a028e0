import Foundation
import SwitchboardDomain
import Synchronization
import Testing

@testable import SwitchboardAI

/// Provider failures: the built-in engine answers instead, at most one retry before the first
/// token, `Retry-After` honoured, and a provider that keeps failing is skipped for a while.
@Suite struct OpenAICompatibleFallbackTests {
    static let modelAnswer = Answer.answered(
        body: "Refunds take 5 working days.",
        articles: [EngineHarness.refunds.reference],
        confidence: 0.8
    )

    @Test func anUnreachableProviderIsRetriedOnceThenTheBuiltInEngineAnswers() async throws {
        let closed = try await ScriptedSSEServer.start()
        let deadURL = closed.baseURL
        await closed.stop()
        let server = try await ScriptedSSEServer.start()
        let harness = EngineHarness(server: server, baseURL: deadURL)
        defer { Task { await server.stop() } }

        let events = try await harness.events()

        #expect(events.finalAnswer == builtInRefundAnswer)
        #expect(events.streamedText.isEmpty && !events.retracted)
        #expect(harness.counter(AnswerMetrics.retries, [("reason", "unreachable")]) == 1)
        #expect(harness.counter(AnswerMetrics.fallbacks, [("reason", "unreachable")]) == 1)
        #expect(harness.counter(AnswerMetrics.answers, [("engine", "built_in"), ("outcome", "answered")]) == 1)
    }

    @Test func rateLimitIsRetriedOnceAfterItsRetryAfter() async throws {
        let server = try await ScriptedSSEServer.start(
            SSE.status(429, headers: [("Retry-After", "1")]),
            SSE.answer(["Refunds take 5 working days [1]."])
        )
        // This test is about the retry, not the first-token deadline: a loaded CI machine must not
        // turn the retried answer into a fallback.
        let harness = EngineHarness(server: server) { $0.firstTokenTimeout = .seconds(3) }
        defer { Task { await server.stop() } }

        let events = try await harness.events()

        #expect(events.finalAnswer == Self.modelAnswer)
        let requests = server.requests
        try #require(requests.count == 2)
        #expect(requests[0].receivedAt.duration(to: requests[1].receivedAt) >= .milliseconds(950))
        #expect(harness.counter(AnswerMetrics.retries, [("reason", "rate_limited")]) == 1)
        #expect(harness.counter(AnswerMetrics.fallbacks, [("reason", "rate_limited")]) == 0)
    }

    @Test func aRetryAfterLongerThanWeWaitFallsBackAtOnce() async throws {
        let server = try await ScriptedSSEServer.start(SSE.status(429, headers: [("Retry-After", "120")]), SSE.answer(["never [1]"]))
        let harness = EngineHarness(server: server)
        defer { Task { await server.stop() } }

        let started = ContinuousClock.now
        let events = try await harness.events()

        // Far below the 120 s asked for; loose enough for a loaded machine.
        #expect(started.duration(to: .now) < .seconds(10))
        #expect(events.finalAnswer == builtInRefundAnswer)
        #expect(server.requests.count == 1)
        #expect(harness.counter(AnswerMetrics.fallbacks, [("reason", "rate_limited")]) == 1)
    }

    @Test func aServerErrorIsRetriedOnce() async throws {
        let server = try await ScriptedSSEServer.start(SSE.status(503), SSE.answer(["Refunds take 5 working days [1]."]))
        let harness = EngineHarness(server: server)
        defer { Task { await server.stop() } }

        #expect(try await harness.events().finalAnswer == Self.modelAnswer)
        #expect(server.requests.count == 2)
    }

    @Test func twoServerErrorsFallBack() async throws {
        let server = try await ScriptedSSEServer.start(SSE.status(500))
        let harness = EngineHarness(server: server)
        defer { Task { await server.stop() } }

        #expect(try await harness.events().finalAnswer == builtInRefundAnswer)
        #expect(server.requests.count == 2)
        #expect(harness.counter(AnswerMetrics.fallbacks, [("reason", "server_error")]) == 1)
    }

    @Test func aRejectedRequestIsNotRetried() async throws {
        let server = try await ScriptedSSEServer.start(SSE.status(401))
        let harness = EngineHarness(server: server)
        defer { Task { await server.stop() } }

        #expect(try await harness.events().finalAnswer == builtInRefundAnswer)
        #expect(server.requests.count == 1)
        #expect(harness.counter(AnswerMetrics.fallbacks, [("reason", "rejected")]) == 1)
    }

    @Test(arguments: ["no response head", "a head but no token"])
    func noFirstTokenInTimeFallsBackWithoutRetrying(silence: String) async throws {
        let script: [ScriptStep] = silence == "no response head" ? [.hang] : [.head(status: 200), .send(": keep-alive\n\n"), .hang]
        let server = try await ScriptedSSEServer.start(script)
        let harness = EngineHarness(server: server) { $0.firstTokenTimeout = .milliseconds(600) }
        defer { Task { await server.stop() } }

        let started = ContinuousClock.now
        let events = try await harness.events()
        let elapsed = started.duration(to: .now)

        // The 600 ms limit, not a hang; the upper bound leaves room for a loaded machine.
        #expect(elapsed >= .milliseconds(600) && elapsed < .seconds(10))
        #expect(events.finalAnswer == builtInRefundAnswer)
        #expect(server.requests.count == 1)
        #expect(harness.counter(AnswerMetrics.fallbacks, [("reason", "no_first_token")]) == 1)
        try await waitUntil { server.clientsLeftMidResponse == 1 }
    }

    @Test func anErrorEventAfterTheFirstTokenRetractsTheTextAndFallsBack() async throws {
        let server = try await ScriptedSSEServer.start([.head(status: 200), .send(SSE.token("Refunds are ")), .send(SSE.errorEvent), .end])
        let harness = EngineHarness(server: server)
        defer { Task { await server.stop() } }

        let events = try await harness.events()

        #expect(events.streamedText == "Refunds are ")
        let retraction = try #require(events.firstIndex(of: .retracted))
        #expect(events[retraction...].allSatisfy { if case .delta = $0 { false } else { true } })
        #expect(events.finalAnswer == builtInRefundAnswer)
        #expect(server.requests.count == 1, "no retry once text has arrived")
        #expect(harness.counter(AnswerMetrics.fallbacks, [("reason", "stream_error")]) == 1)
    }

    @Test func anErrorEventBeforeAnyTokenIsRetried() async throws {
        let server = try await ScriptedSSEServer.start(
            [.head(status: 200), .send("event: error\n" + SSE.errorEvent), .end],
            SSE.answer(["Refunds take 5 working days [1]."])
        )
        let harness = EngineHarness(server: server)
        defer { Task { await server.stop() } }

        let events = try await harness.events()

        #expect(events.finalAnswer == Self.modelAnswer)
        #expect(!events.retracted)
        #expect(server.requests.count == 2)
    }

    @Test(arguments: ["connection closed", "response ended"])
    func aStreamEndingWithoutDoneRetractsAndFallsBack(ending: String) async throws {
        let end: ScriptStep = ending == "connection closed" ? .cut : .end
        let server = try await ScriptedSSEServer.start([.head(status: 200), .send(SSE.token("Refunds take ")), .send(SSE.token("5 wor")), end])
        let harness = EngineHarness(server: server)
        defer { Task { await server.stop() } }

        let events = try await harness.events()

        // A cut connection may lose the chunk sent just before it: what streamed is a prefix.
        #expect(!events.streamedText.isEmpty && "Refunds take 5 wor".hasPrefix(events.streamedText), "\(events.streamedText)")
        #expect(events.retracted)
        #expect(events.finalAnswer == builtInRefundAnswer)
        #expect(server.requests.count == 1)
        #expect(harness.counter(AnswerMetrics.fallbacks, [("reason", "stream_cut")]) == 1)
    }

    @Test func theCircuitOpensAfterRepeatedFailuresAndHalfOpensAfterTheCoolDown() async throws {
        let clock = ManualClock()
        let breaker = ProviderCircuitBreaker(failureThreshold: 2, coolDown: .seconds(30), now: { clock.now })
        let server = try await ScriptedSSEServer.start(SSE.status(500), SSE.status(500), SSE.answer(["Refunds take 5 working days [1]."]))
        let harness = EngineHarness(server: server, breaker: breaker)
        defer { Task { await server.stop() } }

        #expect(try await harness.events().finalAnswer == builtInRefundAnswer)  // 500, retry, 500: open
        #expect(server.requests.count == 2)
        guard case .open = await breaker.state else {
            Issue.record("breaker should be open")
            return
        }

        #expect(try await harness.events().finalAnswer == builtInRefundAnswer)
        #expect(server.requests.count == 2, "an open breaker skips the provider")
        #expect(harness.counter(AnswerMetrics.fallbacks, [("reason", "circuit_open")]) == 1)

        clock.advance(by: .seconds(31))
        #expect(try await harness.events().finalAnswer == Self.modelAnswer)  // the half-open probe succeeds
        #expect(server.requests.count == 3)
        #expect(await breaker.state == .closed(failures: 0))
    }
}

/// A clock the test moves by hand.
final class ManualClock: Sendable {
    private let instant = Mutex(ContinuousClock.now)
    var now: ContinuousClock.Instant { instant.withLock { $0 } }
    func advance(by duration: Duration) { instant.withLock { $0 += duration } }
}
