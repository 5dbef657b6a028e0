import Foundation
import Logging
import SwitchboardDomain
import Synchronization
import Testing

@testable import SwitchboardAI

/// The OpenAI-compatible engine against a scripted SSE server on loopback: the answers it streams.
@Suite struct OpenAICompatibleStreamingTests {
    @Test func streamsAnAnswerCitingItsPassageAndStoresOnlyTheCheckedWhole() async throws {
        let server = try await ScriptedSSEServer.start(
            SSE.answer(["Refunds reach ", "your card within ", "5 working days [1]", "."], usage: (120, 14))
        )
        let harness = EngineHarness(server: server)
        defer { Task { await server.stop() } }

        let events = try await harness.events()

        #expect(
            events.first
                == .decided(
                    .answer(
                        articles: [EngineHarness.refunds.reference, EngineHarness.delivery.reference],
                        confidence: 0.8
                    )
                )
        )
        #expect(events.streamedText == "Refunds reach your card within 5 working days [1].")
        #expect(!events.retracted)
        #expect(
            events.last
                == .finished(
                    .answered(
                        body: "Refunds reach your card within 5 working days.",
                        articles: [EngineHarness.refunds.reference],
                        confidence: 0.8
                    )
                )
        )
        let request = try #require(server.requests.first)
        #expect(request.method == "POST" && request.uri == "/v1/chat/completions")
        #expect(request.header("Authorization") == "Bearer \(EngineHarness.apiKey)")
        #expect(request.json["stream"] as? Bool == true)
        #expect(request.json["model"] as? String == "test-model")
        #expect(request.json["max_tokens"] as? Int == 300)
        #expect(harness.counter(AnswerMetrics.answers, [("engine", "openai_compatible"), ("outcome", "answered")]) == 1)
        #expect(harness.counter(AnswerMetrics.tokens, [("kind", "prompt")]) == 120)
        #expect(harness.counter(AnswerMetrics.tokens, [("kind", "completion")]) == 14)
        #expect(try harness.metrics.expectTimer(AnswerMetrics.firstToken).values.count == 1)
        #expect(try harness.metrics.expectTimer(AnswerMetrics.total, [("engine", "openai_compatible")]).values.count == 1)
    }

    @Test func aJSONEventSplitAcrossNetworkWritesIsReassembled() async throws {
        let first = SSE.token("Refunds take 5 working days [1].")
        let cut1 = first.index(first.startIndex, offsetBy: 17)
        let cut2 = first.index(cut1, offsetBy: 25)
        let server = try await ScriptedSSEServer.start([
            .head(status: 200),
            .send(String(first[..<cut1])), .pause(.milliseconds(40)),
            .send(String(first[cut1..<cut2])), .pause(.milliseconds(40)),
            .send(String(first[cut2...]) + "data: [DO"), .pause(.milliseconds(40)),
            .send("NE]\r\n\r\n"), .end,
        ])
        let harness = EngineHarness(server: server)
        defer { Task { await server.stop() } }

        let events = try await harness.events()

        #expect(
            events.finalAnswer
                == .answered(
                    body: "Refunds take 5 working days.",
                    articles: [EngineHarness.refunds.reference],
                    confidence: 0.8
                )
        )
        #expect(harness.counter(AnswerMetrics.fallbacks, [("reason", "stream_cut")]) == 0)
    }

    @Test func slowTokensAfterAPromptFirstTokenStillAnswer() async throws {
        // Only the first token has its own deadline; later tokens share the total timeout.
        let server = try await ScriptedSSEServer.start(SSE.answer(["Refunds ", "take ", "5 ", "working ", "days [1]."], pause: .milliseconds(250)))
        let harness = EngineHarness(server: server)
        defer { Task { await server.stop() } }

        let started = ContinuousClock.now
        let events = try await harness.events()

        #expect(started.duration(to: .now) >= .milliseconds(1250))
        #expect(events.filter { if case .delta = $0 { true } else { false } }.count == 5)
        #expect(events.finalAnswer == .answered(body: "Refunds take 5 working days.", articles: [EngineHarness.refunds.reference], confidence: 0.8))
    }

    @Test func belowTheThresholdNoProviderIsAsked() async throws {
        let server = try await ScriptedSSEServer.start(SSE.answer(["never [1]"]))
        let weak = KnowledgeMatch(articleID: UUID(), title: "Opening hours", url: nil, section: nil, score: 0.1, passage: "Open 9 to 5.")
        let harness = EngineHarness(server: server, matches: [weak])
        defer { Task { await server.stop() } }

        let events = try await harness.events("Do you sell gift cards?")

        #expect(events == [.decided(.notSure(confidence: 0.1)), .finished(.notSure(body: KnowledgeBaseEngine.notSureMessage, confidence: 0.1))])
        #expect(server.requests.isEmpty)
    }

    @Test func aRequestForAPersonIsHandedOffWithoutAskingTheProvider() async throws {
        let server = try await ScriptedSSEServer.start(SSE.answer(["never [1]"]))
        let harness = EngineHarness(server: server)
        defer { Task { await server.stop() } }

        let events = try await harness.events("can I talk to a real person please")

        #expect(events.first == .decided(.handOff))
        #expect(events.finalAnswer == .notSure(body: KnowledgeBaseEngine.notSureMessage, confidence: 0))
        #expect(server.requests.isEmpty)
        #expect(harness.counter(AnswerMetrics.answers, [("engine", "openai_compatible"), ("outcome", "hand_off")]) == 1)
    }

    @Test func onlyTheLatestHistoryMessagesAreSent() async throws {
        let server = try await ScriptedSSEServer.start(SSE.answer(["5 working days [1]."]))
        let harness = EngineHarness(server: server)  // maxHistoryMessages: 4
        defer { Task { await server.stop() } }
        let history =
            (1...7).map { TranscriptLine(author: $0 % 2 == 1 ? .customer : .ai, body: "message \($0)") }
            + [TranscriptLine(author: .customer, body: "When do I get my refund?")]

        _ = try await harness.events(history: history)

        let prompt = try #require(server.requests.first.map(promptText))
        #expect(!prompt.contains("message 3"))
        for kept in 4...7 { #expect(prompt.contains("message \(kept)")) }
        #expect(prompt.components(separatedBy: "When do I get my refund?").count == 2, "the question is quoted once, as the question")
    }

    @Test func cancellingMidStreamCancelsTheRequestAndReturnsNothing() async throws {
        let server = try await ScriptedSSEServer.start([
            .head(status: 200), .send(SSE.token("Refunds take ")), .pause(.seconds(3)),
            .send(SSE.token("5 days [1].")), .send(SSE.done), .end,
        ])
        let harness = EngineHarness(server: server)
        defer { Task { await server.stop() } }
        let seen = EventLog()

        let engine = harness.engine
        let task = Task {
            for try await event in engine.stream(EngineHarness.request()) {
                seen.append(event)
                if case .delta = event { break }  // a take-over: the consumer stops listening
            }
        }
        try await task.value
        try await waitUntil { server.clientsLeftMidResponse == 1 }

        #expect(!seen.events.contains { if case .finished = $0 { true } else { false } })
        #expect(harness.counter(AnswerMetrics.fallbacks, [("reason", "stream_cut")]) == 0)
        #expect(harness.metrics.counters(label: AnswerMetrics.answers).isEmpty)
        #expect(await harness.breaker.state == .closed(failures: 0))
    }

    @Test func cancellingTheAnsweringTaskThrowsCancellation() async throws {
        let server = try await ScriptedSSEServer.start([.head(status: 200), .send(SSE.token("Refunds take ")), .hang])
        let harness = EngineHarness(server: server) { $0.firstTokenTimeout = .seconds(2) }
        defer { Task { await server.stop() } }

        let engine = harness.engine
        let task = Task { try await engine.answer(EngineHarness.request()) }
        try await waitUntil { !server.requests.isEmpty }
        try await Task.sleep(for: .milliseconds(100))
        task.cancel()

        await #expect(throws: CancellationError.self) { try await task.value }
        try await waitUntil { server.clientsLeftMidResponse == 1 }
    }
}

/// The text of every message sent to the provider, in order.
func promptText(_ request: RecordedRequest) -> String {
    let messages = request.json["messages"] as? [[String: Any]] ?? []
    return messages.compactMap { $0["content"] as? String }.joined(separator: "\n")
}

/// Events seen by a consumer task.
final class EventLog: Sendable {
    private let log = Mutex<[AnswerEvent]>([])
    var events: [AnswerEvent] { log.withLock { $0 } }
    func append(_ event: AnswerEvent) { log.withLock { $0.append(event) } }
}

/// Polls `condition` for up to ten seconds: a bound for a stuck test, not a speed requirement (the
/// whole suite starts at once on two cores, so a request can take seconds to reach the server).
func waitUntil(_ condition: () -> Bool, sourceLocation: SourceLocation = #_sourceLocation) async throws {
    let until = ContinuousClock.now + .seconds(10)
    while !condition() {
        guard ContinuousClock.now < until else {
            Issue.record("condition not met within 10 s", sourceLocation: sourceLocation)
            return
        }
        try await Task.sleep(for: .milliseconds(10))
    }
}
