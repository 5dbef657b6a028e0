import Metrics

/// The engine's counters and timers, through swift-metrics (the process's `MetricsSystem` unless
/// a factory is given): answers by engine and outcome, fallbacks by reason, retries, first-token
/// and total latency, and tokens used as the provider reported them.
public struct AnswerMetrics: Sendable {
    private let factory: any MetricsFactory

    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
    }

    static let answers = "switchboard_ai_answers_total"
    static let fallbacks = "switchboard_ai_fallbacks_total"
    static let retries = "switchboard_ai_provider_retries_total"
    static let firstToken = "switchboard_ai_first_token_seconds"
    static let total = "switchboard_ai_answer_seconds"
    static let tokens = "switchboard_ai_tokens_total"

    /// `engine` is "openai_compatible" or "built_in"; `outcome` "answered", "not_sure" or "hand_off".
    func answered(engine: String, outcome: String) {
        Counter(label: Self.answers, dimensions: [("engine", engine), ("outcome", outcome)], factory: factory).increment()
    }

    func fellBack(reason: String) {
        Counter(label: Self.fallbacks, dimensions: [("reason", reason)], factory: factory).increment()
    }

    func retried(reason: String) {
        Counter(label: Self.retries, dimensions: [("reason", reason)], factory: factory).increment()
    }

    func firstToken(after duration: Duration) {
        Timer(label: Self.firstToken, dimensions: [], factory: factory).recordNanoseconds(duration.nanoseconds)
    }

    func finished(engine: String, after duration: Duration) {
        Timer(label: Self.total, dimensions: [("engine", engine)], factory: factory).recordNanoseconds(duration.nanoseconds)
    }

    func used(promptTokens: Int, completionTokens: Int) {
        Counter(label: Self.tokens, dimensions: [("kind", "prompt")], factory: factory).increment(by: promptTokens)
        Counter(label: Self.tokens, dimensions: [("kind", "completion")], factory: factory).increment(by: completionTokens)
    }
}
