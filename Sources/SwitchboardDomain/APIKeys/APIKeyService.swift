import Foundation

/// Creating, listing, revoking and checking REST API keys.
public struct APIKeyService: Sendable {
    private let keys: any APIKeyRepository

    public init(keys: any APIKeyRepository) {
        self.keys = keys
    }

    /// A new key with a fresh random secret; the secret is returned this once and then only its hash exists.
    public func create(orgID: UUID, name: String, scopes: [String], by actor: APIKeyActor) async throws -> IssuedAPIKey {
        let name = try Validation.text(name, field: "name", maxLength: 100)
        let scopes = try APIScope.parse(scopes)
        let (prefix, secret) = APIKeyFormat.generate()
        let key = try await keys.create(orgID: orgID, name: name, prefix: prefix, secret: secret, scopes: scopes, by: actor)
        return IssuedAPIKey(key: key, secret: secret)
    }

    public func list(orgID: UUID) async throws -> [APIKey] {
        try await keys.list(orgID: orgID)
    }

    /// Revokes by id or by prefix (`sk_live_` may be included); another organisation's key is not found.
    public func revoke(orgID: UUID, keyID: UUID? = nil, prefix: String? = nil, by actor: APIKeyActor) async throws -> APIKey {
        let prefix = prefix.map { $0.hasPrefix(APIKeyFormat.scheme) ? String($0.dropFirst(APIKeyFormat.scheme.count)) : $0 }
        guard keyID != nil || prefix != nil,
            let key = try await keys.revoke(orgID: orgID, keyID: keyID, prefix: prefix, by: actor)
        else { throw Self.notFound }
        return key
    }

    /// The live key a request presented, or nil for a malformed, unknown, wrong or revoked one.
    public func authenticate(_ presented: String) async throws -> APIKey? {
        guard let prefix = APIKeyFormat.prefix(of: presented) else { return nil }
        return try await keys.authenticate(prefix: prefix, secret: presented)
    }

    public func recordUses(_ uses: [APIKeyUse]) async throws {
        try await keys.recordUses(uses)
    }

    static let notFound = SimpleDomainError(.notFound, code: "api_key_not_found", message: "There is no such API key in this organisation.")
}
