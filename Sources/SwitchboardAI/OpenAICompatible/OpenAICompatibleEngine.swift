import AsyncHTTPClient
import Foundation
import Logging
import SwitchboardDomain

/// Answers from the passages the built-in ranking retrieves, worded by a model behind an
/// OpenAI-compatible chat completions API and streamed as it is written. Below the threshold no
/// provider is asked. When the provider fails, times out or is skipped by the circuit breaker,
/// `fallback` (the built-in engine) answers instead; an answer that cites no passage it was
/// given becomes "not sure". Nothing partial is ever the final answer.
public struct OpenAICompatibleEngine: AnswerEngine {
    static let engineLabel = "openai_compatible"
    static let fallbackLabel = "built_in"
    /// Pause before retrying a failure that named no `Retry-After`.
    static let retryBackoff: Duration = .milliseconds(200)

    private let configuration: OpenAICompatibleConfiguration
    private let knowledge: any KnowledgeSearch
    private let fallback: any AnswerEngine
    private let call: ChatCompletionCall
    private let breaker: ProviderCircuitBreaker
    private let metrics: AnswerMetrics
    private let logger: Logger

    /// `httpClient` should use `configuration.httpClientConfiguration`; `breaker` should be shared
    /// by every engine that talks to the same provider.
    public init(
        configuration: OpenAICompatibleConfiguration,
        knowledge: any KnowledgeSearch,
        fallback: any AnswerEngine,
        httpClient: HTTPClient,
        breaker: ProviderCircuitBreaker,
        metrics: AnswerMetrics = AnswerMetrics(),
        logger: Logger
    ) {
        self.configuration = configuration
        self.knowledge = knowledge
        self.fallback = fallback
        self.call = ChatCompletionCall(client: httpClient, configuration: configuration, logger: logger)
        self.breaker = breaker
        self.metrics = metrics
        self.logger = logger
    }

    public func answer(_ request: AnswerRequest) async throws -> Answer {
        try await stream(request).finalAnswer()
    }

    public var streamsText: Bool { true }

    public func stream(_ request: AnswerRequest) -> AnswerStream {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    let answer = try await produce(request, emit: { _ = continuation.yield($0) })
                    continuation.yield(.finished(answer))
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: Task.isCancelled ? CancellationError() : error)
                }
            }
            // A consumer that stops listening (a take-over mid-stream) cancels the HTTP request.
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    private func produce(_ request: AnswerRequest, emit: @escaping @Sendable (AnswerEvent) -> Void) async throws -> Answer {
        let started = ContinuousClock.now
        let decision = try await decide(request)
        emit(.decided(decision.decision))
        guard case .answer(let articles, let confidence) = decision.decision else {
            metrics.answered(engine: Self.engineLabel, outcome: decision.decision == .handOff ? "hand_off" : "not_sure")
            return .notSure(body: KnowledgeBaseEngine.notSureMessage, confidence: decision.confidence)
        }
        let passages = decision.passages
        let messages = ChatPrompt.messages(
            for: request,
            passages: passages,
            instructions: configuration.instructions,
            maxHistoryMessages: configuration.maxHistoryMessages
        )
        let deadline = started + configuration.totalTimeout
        var attempt = 0
        var lastFailure = ProviderFailure.circuitOpen
        while attempt < 2 {
            attempt += 1
            guard await breaker.permitsRequest() else { break }
            let text = StreamedAnswerText()
            let attemptStarted = ContinuousClock.now
            do {
                let usage = try await call.run(messages, deadline: deadline, text: text, show: { emit(.delta($0)) })
                await breaker.recordSuccess()
                if let firstToken = text.firstTokenAt { metrics.firstToken(after: attemptStarted.duration(to: firstToken)) }
                if let usage { metrics.used(promptTokens: usage.prompt, completionTokens: usage.completion) }
                metrics.finished(engine: Self.engineLabel, after: started.duration(to: .now))
                return grounded(text, passages: passages, articles: articles, confidence: confidence, emit: emit)
            } catch {
                guard !Task.isCancelled, let failure = error as? ProviderFailure else {
                    await breaker.recordAbandoned()
                    throw Task.isCancelled ? CancellationError() : error
                }
                lastFailure = failure
                await breaker.recordFailure()
                logger.warning(
                    "AI provider failed",
                    metadata: [
                        "reason": "\(failure.reason)", "attempt": "\(attempt)", "model": "\(configuration.model)",
                    ]
                )
                if text.showedText { emit(.retracted) }
                guard attempt < 2, failure.isRetryable, text.firstTokenAt == nil,
                    let delay = retryDelay(after: failure), ContinuousClock.now + delay < deadline
                else { break }
                metrics.retried(reason: failure.reason)
                try await Task.sleep(for: delay)
            }
        }
        return try await fallBack(request, reason: lastFailure, started: started)
    }

    /// Retrieval first: which passages the model may answer from, or why no provider is asked.
    private func decide(_ request: AnswerRequest) async throws -> (decision: AnswerDecision, passages: [KnowledgeMatch], confidence: Double) {
        if CustomerTextAnalyzer.isHumanRequest(request.question) { return (.handOff, [], 0) }
        guard !QuestionWords.contentWords(request.question).isEmpty else { return (.notSure(confidence: 0), [], 0) }
        let matches = try await knowledge.search(
            orgID: request.orgID,
            query: request.question,
            context: KnowledgeBaseEngine.followUpContext(for: request),
            limit: max(1, configuration.maxPassages)
        )
        let best = matches.first?.score ?? 0
        let passages = matches.filter { $0.score >= request.threshold && $0.score > 0 }
        guard !passages.isEmpty else { return (.notSure(confidence: best), [], best) }
        return (.answer(articles: Self.distinct(passages.map(\.reference)), confidence: best), passages, best)
    }

    /// The model's complete text checked against the passages it was given.
    private func grounded(
        _ text: StreamedAnswerText,
        passages: [KnowledgeMatch],
        articles: [ArticleReference],
        confidence: Double,
        emit: @Sendable (AnswerEvent) -> Void
    ) -> Answer {
        let verdict = Citations.check(text.text, passageCount: passages.count)
        guard case .grounded(let body, let cited) = verdict else {
            if text.showedText { emit(.retracted) }
            logger.info("AI answer not grounded in its passages", metadata: ["verdict": "\(verdict)"])
            metrics.answered(engine: Self.engineLabel, outcome: "not_sure")
            return .notSure(body: KnowledgeBaseEngine.notSureMessage, confidence: confidence)
        }
        metrics.answered(engine: Self.engineLabel, outcome: "answered")
        return .answered(body: body, articles: Self.distinct(cited.map { passages[$0 - 1].reference }), confidence: confidence)
    }

    private func fallBack(_ request: AnswerRequest, reason: ProviderFailure, started: ContinuousClock.Instant) async throws -> Answer {
        metrics.fellBack(reason: reason.reason)
        let answer = try await fallback.answer(request)
        try Task.checkCancellation()
        metrics.answered(engine: Self.fallbackLabel, outcome: answer.isAnswered ? "answered" : "not_sure")
        metrics.finished(engine: Self.fallbackLabel, after: started.duration(to: .now))
        return answer
    }

    /// How long to wait before the one retry; nil when the provider asks for longer than we wait.
    private func retryDelay(after failure: ProviderFailure) -> Duration? {
        guard case .rateLimited(let retryAfter) = failure, let retryAfter else { return Self.retryBackoff }
        return retryAfter <= configuration.maxRetryDelay ? retryAfter : nil
    }

    private static func distinct(_ references: [ArticleReference]) -> [ArticleReference] {
        var seen = Set<UUID>()
        return references.filter { seen.insert($0.id).inserted }
    }
}

extension Answer {
    var isAnswered: Bool {
        if case .answered = self { return true }
        return false
    }
}
