import AsyncHTTPClient
import Foundation
import Logging
import MetricsTestKit
import SwitchboardDomain
import Synchronization

@testable import SwitchboardAI

/// A knowledge base that returns fixed matches, as the built-in ranking would, and counts searches.
struct FixedKnowledge: KnowledgeSearch {
    let matches: [KnowledgeMatch]

    func search(orgID: UUID, query: String, context: String, limit: Int) async throws -> [KnowledgeMatch] {
        Array(matches.prefix(limit))
    }
}

/// Every log record, rendered with its metadata, so tests can look for what must never be logged.
final class LogCapture: Sendable {
    private let records = Mutex<[String]>([])

    var lines: [String] { records.withLock { $0 } }

    func logger() -> Logger {
        var logger = Logger(label: "switchboard.ai.test") { _ in CapturingHandler(capture: self) }
        logger.logLevel = .trace
        return logger
    }

    fileprivate func append(_ line: String) {
        records.withLock { $0.append(line) }
    }
}

private struct CapturingHandler: LogHandler {
    let capture: LogCapture
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        capture.append("\(event.level) \(event.message) \(all) \(event.error.map { "\($0)" } ?? "")")
    }
}

/// The engine under test wired to a scripted provider, the built-in fallback, test metrics and a log capture.
struct EngineHarness {
    static let apiKey = "sk-test-SECRET-0123456789abcdef"
    static let orgID = UUID()
    static let refunds = KnowledgeMatch(
        articleID: UUID(),
        title: "Refunds",
        url: "https://help.example/refunds",
        section: nil,
        score: 0.8,
        passage: "Refunds are paid to the original card within 5 working days of the return arriving."
    )
    static let delivery = KnowledgeMatch(
        articleID: UUID(),
        title: "Delivery times",
        url: nil,
        section: nil,
        score: 0.6,
        passage: "Standard delivery takes 2 to 4 working days."
    )

    let server: ScriptedSSEServer
    let client: HTTPClient
    let engine: OpenAICompatibleEngine
    let breaker: ProviderCircuitBreaker
    let metrics: TestMetrics
    let logs: LogCapture
    let configuration: OpenAICompatibleConfiguration

    init(
        server: ScriptedSSEServer,
        matches: [KnowledgeMatch] = [refunds, delivery],
        breaker: ProviderCircuitBreaker = ProviderCircuitBreaker(),
        baseURL: String? = nil,
        adjust: (inout OpenAICompatibleConfiguration) -> Void = { _ in }
    ) {
        var configuration = OpenAICompatibleConfiguration(
            baseURL: baseURL ?? server.baseURL,
            model: "test-model",
            apiKey: Self.apiKey,
            connectTimeout: .milliseconds(500),
            // Generous, so a loaded test machine never turns a streamed answer into a fallback; the
            // tests about the first-token deadline set a short one themselves.
            firstTokenTimeout: .seconds(5),
            totalTimeout: .seconds(8),
            maxTokens: 300,
            maxHistoryMessages: 4,
            maxPassages: 3,
            instructions: "Speak like a friendly bike mechanic.",
            maxRetryDelay: .seconds(2)
        )
        adjust(&configuration)
        self.configuration = configuration
        self.server = server
        self.breaker = breaker
        client = Self.client
        metrics = TestMetrics()
        logs = LogCapture()
        let knowledge = FixedKnowledge(matches: matches)
        engine = OpenAICompatibleEngine(
            configuration: configuration,
            knowledge: knowledge,
            fallback: KnowledgeBaseEngine(knowledge: knowledge),
            httpClient: client,
            breaker: breaker,
            metrics: AnswerMetrics(factory: metrics),
            logger: logs.logger()
        )
    }

    static func request(_ question: String = "When do I get my refund?", history: [TranscriptLine] = []) -> AnswerRequest {
        AnswerRequest(orgID: orgID, question: question, history: history, threshold: 0.3)
    }

    /// Every event of one streamed answer.
    func events(_ question: String = "When do I get my refund?", history: [TranscriptLine] = []) async throws -> [AnswerEvent] {
        var events: [AnswerEvent] = []
        for try await event in engine.stream(Self.request(question, history: history)) { events.append(event) }
        return events
    }

    /// One client for the whole run, as the server would share one; never shut down, so never deinitialised.
    static let client = HTTPClient(
        eventLoopGroupProvider: .singleton,
        configuration: OpenAICompatibleConfiguration(baseURL: "", model: "", apiKey: nil, connectTimeout: .milliseconds(500))
            .httpClientConfiguration
    )

    func counter(_ label: String, _ dimensions: [(String, String)]) -> Int64 {
        metrics.counterTotal(label: label, dimensions: dimensions)
    }
}

extension [AnswerEvent] {
    var finalAnswer: Answer? {
        for case .finished(let answer) in self { return answer }
        return nil
    }

    /// The streamed text, as a widget would have shown it before the final answer.
    var streamedText: String {
        compactMap { if case .delta(let text) = $0 { text } else { nil } }.joined()
    }

    var retracted: Bool { contains(.retracted) }
}

/// What the built-in engine answers with `EngineHarness.refunds` on top.
let builtInRefundAnswer = Answer.answered(
    body: EngineHarness.refunds.passage,
    articles: [EngineHarness.refunds.reference],
    confidence: 0.8
)
