import Foundation

/// What a POST with an `Idempotency-Key` finds when it arrives.
public enum IdempotencyClaim: Sendable, Equatable {
    /// First use of the key: run the request, then `complete` (or `release` when it failed).
    case claimed
    /// The key answered this same request before: send this response again.
    case replay(status: Int, body: Data)
    /// The first request with this key is still running.
    case inProgress
    /// The key was used for a different request.
    case mismatch
}

/// Responses stored for 24 hours per API key and idempotency key (migration 0009).
public protocol IdempotencyStore: Sendable {
    func claim(orgID: UUID, keyID: UUID, idempotencyKey: String, requestHash: Data) async throws -> IdempotencyClaim
    func complete(orgID: UUID, keyID: UUID, idempotencyKey: String, status: Int, body: Data) async throws
    /// Forgets a claim whose request failed, so a retry runs it again.
    func release(orgID: UUID, keyID: UUID, idempotencyKey: String) async throws
}
