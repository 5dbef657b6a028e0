import Foundation

/// Token buckets by key (a conversation, an IP address): `limit` events per `window`, refilled
/// continuously. Memory is bounded by pruning buckets that have refilled completely.
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

    private func pruneIfDue(_ now: ContinuousClock.Instant) {
        guard (now - lastPrune).seconds > 60 else { return }
        lastPrune = now
        buckets = buckets.filter { _, bucket in
            bucket.tokens + (now - bucket.updated).seconds * refillPerSecond < capacity
        }
    }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
