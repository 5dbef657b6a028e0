import Foundation

/// When to try a failed delivery again: exponential backoff with jitter, then give up.
///
/// Attempt n (1-based) that failed waits `base × 2^(n-1)`, capped at `cap`, scaled by a random
/// factor in 0.8...1.2 so receivers coming back up are not hit by every retry at once.
public struct WebhookRetrySchedule: Sendable, Equatable {
    public var base: Duration
    public var cap: Duration
    /// Attempts in all, the first included; after the last one the delivery is failed.
    public var maxAttempts: Int

    public init(base: Duration = .seconds(10), cap: Duration = .seconds(3600), maxAttempts: Int = 12) {
        self.base = base
        self.cap = cap
        self.maxAttempts = max(1, maxAttempts)
    }

    /// The delay after failed attempt `attempt`, or nil when it was the last one.
    public func delay(afterAttempt attempt: Int, jitter: Double = Double.random(in: 0.8...1.2)) -> Duration? {
        guard attempt < maxAttempts else { return nil }
        let exponent = min(max(attempt - 1, 0), 30)
        let seconds = min(base.seconds * pow(2, Double(exponent)), cap.seconds)
        return .milliseconds(Int64((seconds * jitter * 1000).rounded()))
    }

    /// When to try again after failed attempt `attempt`, or nil when it was the last one.
    public func retryTime(afterAttempt attempt: Int, now: Date = Date()) -> Date? {
        delay(afterAttempt: attempt).map { now.addingTimeInterval($0.seconds) }
    }
}
