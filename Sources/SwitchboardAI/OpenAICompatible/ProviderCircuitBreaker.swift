import Foundation

/// Skips a provider that keeps failing: closed (requests flow) → open after `failureThreshold`
/// consecutive failures (requests skipped) → half-open after `coolDown` (one probe request; its
/// success closes the breaker, its failure opens it again). Share one per provider.
public actor ProviderCircuitBreaker {
    /// Where the breaker stands.
    public enum State: Sendable, Equatable {
        case closed(failures: Int)
        case open(until: ContinuousClock.Instant)
        case halfOpen
    }

    public private(set) var state: State = .closed(failures: 0)
    private let failureThreshold: Int
    private let coolDown: Duration
    private let now: @Sendable () -> ContinuousClock.Instant
    private var probeInFlight = false

    public init(
        failureThreshold: Int = 5,
        coolDown: Duration = .seconds(30),
        now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }
    ) {
        self.failureThreshold = max(1, failureThreshold)
        self.coolDown = coolDown
        self.now = now
    }

    /// Whether a request may go to the provider now; in half-open, only one probe at a time.
    public func permitsRequest() -> Bool {
        switch state {
        case .closed:
            return true
        case .open(let until):
            guard now() >= until else { return false }
            state = .halfOpen
            probeInFlight = true
            return true
        case .halfOpen:
            guard !probeInFlight else { return false }
            probeInFlight = true
            return true
        }
    }

    public func recordSuccess() {
        state = .closed(failures: 0)
        probeInFlight = false
    }

    public func recordFailure() {
        switch state {
        case .closed(let failures):
            state = failures + 1 >= failureThreshold ? .open(until: now() + coolDown) : .closed(failures: failures + 1)
        case .halfOpen, .open:
            state = .open(until: now() + coolDown)
        }
        probeInFlight = false
    }

    /// A request that was permitted but ended without a verdict on the provider (the caller cancelled).
    public func recordAbandoned() {
        probeInFlight = false
    }
}
