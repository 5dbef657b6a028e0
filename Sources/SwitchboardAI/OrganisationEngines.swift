import AsyncHTTPClient
import Foundation
import Logging
import SwitchboardDomain

/// Chooses each organisation's engine at answer time from its stored settings: the built-in
/// engine, or the OpenAI-compatible engine over the built-in one as fallback. One circuit breaker
/// per organisation and provider (base URL and model) lives as long as this object, so a failing
/// provider is skipped across requests; HTTP clients are shared, one per connect timeout.
public actor OrganisationEngines: AnswerEngineSelecting {
    private struct BreakerKey: Hashable {
        let orgID: UUID
        let baseURL: String
        let model: String
    }

    private let settings: any AnswerEngineSettingsRepository
    private let sealer: any ProviderKeySealer
    private let knowledge: any KnowledgeSearch
    private let builtIn: KnowledgeBaseEngine
    private let metrics: AnswerMetrics
    private let logger: Logger
    private let makeBreaker: @Sendable () -> ProviderCircuitBreaker
    private var breakers: [BreakerKey: ProviderCircuitBreaker] = [:]
    private var clients: [Int: HTTPClient] = [:]
    private var shutDown = false

    public init(
        settings: any AnswerEngineSettingsRepository,
        sealer: any ProviderKeySealer,
        knowledge: any KnowledgeSearch,
        metrics: AnswerMetrics = AnswerMetrics(),
        makeBreaker: @escaping @Sendable () -> ProviderCircuitBreaker = { ProviderCircuitBreaker() },
        logger: Logger
    ) {
        self.settings = settings
        self.sealer = sealer
        self.knowledge = knowledge
        self.builtIn = KnowledgeBaseEngine(knowledge: knowledge)
        self.metrics = metrics
        self.makeBreaker = makeBreaker
        self.logger = logger
    }

    public func engine(orgID: UUID) async throws -> any AnswerEngine {
        let builtIn = MeasuredBuiltInEngine(engine: self.builtIn, metrics: metrics)
        guard let stored = try await settings.settings(orgID: orgID), stored.enabled, !shutDown else { return builtIn }
        var apiKey: String?
        if let sealed = stored.sealedAPIKey {
            guard let opened = sealer.open(sealed) else {
                // Sealed under another SWITCHBOARD_SECRET: the key must be entered again.
                logger.warning(
                    "AI provider key does not open with this server's secret; the built-in engine answers",
                    metadata: [
                        "org_id": "\(orgID)"
                    ]
                )
                metrics.fellBack(reason: "key_unreadable")
                return builtIn
            }
            apiKey = opened
        }
        let configuration = OpenAICompatibleConfiguration(
            baseURL: stored.baseURL,
            query: stored.urlQuery,
            model: stored.model,
            apiKey: apiKey,
            keyHeader: stored.keyHeader == .apiKey ? .azureAPIKey : .bearer,
            connectTimeout: .milliseconds(stored.connectTimeoutMilliseconds),
            firstTokenTimeout: .milliseconds(stored.firstTokenTimeoutMilliseconds),
            totalTimeout: .milliseconds(stored.totalTimeoutMilliseconds),
            maxTokens: stored.maxTokens,
            instructions: stored.instructions
        )
        let key = BreakerKey(orgID: orgID, baseURL: stored.baseURL, model: stored.model)
        let breaker = breakers[key] ?? makeBreaker()
        breakers[key] = breaker
        return OpenAICompatibleEngine(
            configuration: configuration,
            knowledge: knowledge,
            fallback: self.builtIn,
            httpClient: client(connectTimeoutMilliseconds: stored.connectTimeoutMilliseconds, configuration: configuration),
            breaker: breaker,
            metrics: metrics,
            logger: logger
        )
    }

    /// The breaker of an organisation's provider, if it was used; for tests and diagnostics.
    public func breaker(orgID: UUID, baseURL: String, model: String) -> ProviderCircuitBreaker? {
        breakers[BreakerKey(orgID: orgID, baseURL: baseURL, model: model)]
    }

    /// Closes the HTTP clients; later answers use the built-in engine. Call once answers have drained.
    public func shutdown() async {
        shutDown = true
        let open = Array(clients.values)
        clients.removeAll()
        for client in open { try? await client.shutdown() }
    }

    private func client(connectTimeoutMilliseconds: Int, configuration: OpenAICompatibleConfiguration) -> HTTPClient {
        if let client = clients[connectTimeoutMilliseconds] { return client }
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration.httpClientConfiguration)
        clients[connectTimeoutMilliseconds] = client
        return client
    }
}

/// The built-in engine answering on its own, counted in the same metrics as the provider's answers.
struct MeasuredBuiltInEngine: AnswerEngine {
    let engine: KnowledgeBaseEngine
    let metrics: AnswerMetrics

    func answer(_ request: AnswerRequest) async throws -> Answer {
        let started = ContinuousClock.now
        let answer = try await engine.answer(request)
        metrics.answered(engine: OpenAICompatibleEngine.fallbackLabel, outcome: answer.isAnswered ? "answered" : "not_sure")
        metrics.finished(engine: OpenAICompatibleEngine.fallbackLabel, after: started.duration(to: .now))
        return answer
    }
}
