import Foundation
import SwitchboardDomain

/// A sustained rate with the burst allowed at once: "20 a minute, 10 at once".
public struct RateLimit: Sendable, Equatable, CustomStringConvertible {
    public var perMinute: Int
    public var burst: Int

    public init(perMinute: Int, burst: Int? = nil) {
        self.perMinute = max(1, perMinute)
        self.burst = max(1, burst ?? perMinute)
    }

    /// "120" (a burst as large as a minute's worth) or "120:30" (at most 30 at once); nil when malformed.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard (1...2).contains(parts.count), let rate = parts[0], rate > 0 else { return nil }
        if parts.count == 2 {
            guard let burst = parts[1], burst > 0 else { return nil }
            self.init(perMinute: rate, burst: burst)
        } else {
            self.init(perMinute: rate)
        }
    }

    public var description: String { burst == perMinute ? "\(perMinute)/min" : "\(perMinute)/min, \(burst) at once" }
}

/// Token buckets by key (a conversation, an IP address): a burst of tokens refilled continuously
/// at the sustained rate. Memory is bounded by pruning buckets that have refilled completely.
public actor RateLimiter {
    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    private let capacity: Double
    private let refillPerSecond: Double
    private var buckets: [String: Bucket] = [:]
    private var lastPrune = ContinuousClock.now

    /// `limit` events per `window` for each key.
    public init(limit: Int, per window: Duration) {
        self.capacity = Double(max(1, limit))
        self.refillPerSecond = Double(max(1, limit)) / max(window.seconds, 0.001)
    }

    /// `limit.burst` at once for each key, refilled at `limit.perMinute`.
    public init(_ limit: RateLimit) {
        self.capacity = Double(limit.burst)
        self.refillPerSecond = Double(limit.perMinute) / 60
    }

    /// Takes one token for `key`: nil when allowed, else the seconds until the next one.
    public func consume(_ key: String) -> Int? {
        let now = ContinuousClock.now
        var bucket = buckets[key] ?? Bucket(tokens: capacity, updated: now)
        bucket.tokens = min(capacity, bucket.tokens + (now - bucket.updated).seconds * refillPerSecond)
        bucket.updated = now
        defer {
            buckets[key] = bucket
            pruneIfDue(now)
        }
        guard bucket.tokens >= 1 else {
            return max(1, Int(((1 - bucket.tokens) / refillPerSecond).rounded(.up)))
        }
        bucket.tokens -= 1
        return nil
    }

    /// Gives back a token taken for `key`, when a later limit refused the same request.
    public func refund(_ key: String) {
        guard var bucket = buckets[key] else { return }
        bucket.tokens = min(capacity, bucket.tokens + 1)
        buckets[key] = bucket
    }

    private func pruneIfDue(_ now: ContinuousClock.Instant) {
        guard (now - lastPrune).seconds > 60 else { return }
        lastPrune = now
        buckets = buckets.filter { _, bucket in
            bucket.tokens + (now - bucket.updated).seconds * refillPerSecond < capacity
        }
    }
}
