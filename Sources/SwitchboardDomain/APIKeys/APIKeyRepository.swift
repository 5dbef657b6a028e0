import Foundation

/// Who created or revoked a key, for the audit log.
public enum APIKeyActor: Sendable, Equatable {
    case agent(UUID)
    /// The `switchboard apikey` command line.
    case commandLine
}

/// One authenticated request made with a key, as the audit log records it.
public struct APIKeyUse: Sendable, Equatable {
    public var orgID: UUID
    public var keyID: UUID
    public var at: Date
    public var method: String
    public var path: String
    public var status: Int
    public var requestID: String

    public init(orgID: UUID, keyID: UUID, at: Date, method: String, path: String, status: Int, requestID: String) {
        self.orgID = orgID
        self.keyID = keyID
        self.at = at
        self.method = method
        self.path = path
        self.status = status
        self.requestID = requestID
    }
}

/// API keys in storage. Secrets are hashed by the store; no method returns one.
public protocol APIKeyRepository: Sendable {
    /// Stores a new key (its secret hashed) and its audit entry in one transaction.
    func create(orgID: UUID, name: String, prefix: String, secret: String, scopes: [APIScope], by actor: APIKeyActor) async throws -> APIKey

    /// Every key of the organisation, newest first, revoked ones included.
    func list(orgID: UUID) async throws -> [APIKey]

    /// Revokes the key with this id (or prefix); nil when the organisation has no such key.
    /// Revoking a revoked key keeps its first revocation time.
    func revoke(orgID: UUID, keyID: UUID?, prefix: String?, by actor: APIKeyActor) async throws -> APIKey?

    /// The live (not revoked) key whose prefix and secret hash match, from any organisation.
    func authenticate(prefix: String, secret: String) async throws -> APIKey?

    /// Records uses: `last_used_at` and one audit entry per key per batch with every request in it.
    func recordUses(_ uses: [APIKeyUse]) async throws
}
