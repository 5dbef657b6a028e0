import Metrics

/// The email worker's counters through swift-metrics: attempts by outcome (`sent`, `retried`, `failed`).
struct EmailMetrics: Sendable {
    private let factory: any MetricsFactory

    init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
    }

    static let attempts = "switchboard_email_attempts_total"

    func record(_ outcome: String) {
        Counter(label: Self.attempts, dimensions: [("outcome", outcome)], factory: factory).increment()
    }
}
