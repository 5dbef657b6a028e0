import Foundation

/// Why one request to the provider did not produce a complete answer.
enum ProviderFailure: Error, Equatable {
    /// The connection could not be made or broke before a response.
    case unreachable
    /// HTTP 429, with how long the provider asked us to wait.
    case rateLimited(retryAfter: Duration?)
    /// HTTP 5xx.
    case serverError(status: Int)
    /// Any other status that is not 2xx (a wrong key, an unknown model).
    case rejected(status: Int)
    /// No text within the first-token timeout.
    case noFirstToken
    /// The whole answer took longer than the total timeout.
    case tooSlow
    /// An `error` event or object inside a 200 stream.
    case streamError
    /// The stream ended or broke without `data: [DONE]`.
    case streamCut
    /// The circuit breaker is open: the provider failed repeatedly and is skipped for a while.
    case circuitOpen

    /// The metric and log label.
    var reason: String {
        switch self {
        case .unreachable: "unreachable"
        case .rateLimited: "rate_limited"
        case .serverError: "server_error"
        case .rejected: "rejected"
        case .noFirstToken: "no_first_token"
        case .tooSlow: "too_slow"
        case .streamError: "stream_error"
        case .streamCut: "stream_cut"
        case .circuitOpen: "circuit_open"
        }
    }

    /// Worth one more try, provided no text has arrived yet: a timeout has already used the
    /// customer's patience, and a rejected request would be rejected again.
    var isRetryable: Bool {
        switch self {
        case .unreachable, .rateLimited, .serverError, .streamError, .streamCut: true
        case .rejected, .noFirstToken, .tooSlow, .circuitOpen: false
        }
    }

    /// Counts towards opening the circuit breaker (an open breaker does not count itself).
    var countsAgainstProvider: Bool { self != .circuitOpen }
}

/// Reads `Retry-After`: delay seconds (decimals accepted) or an HTTP date.
enum RetryAfter {
    static func parse(_ value: String?, now: Date = Date()) -> Duration? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Double(value) {
            return seconds >= 0 && seconds.isFinite ? .milliseconds(Int64(min(seconds, 86_400) * 1000)) : nil
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return nil }
        return .milliseconds(Int64(max(0, min(date.timeIntervalSince(now), 86_400)) * 1000))
    }
}
