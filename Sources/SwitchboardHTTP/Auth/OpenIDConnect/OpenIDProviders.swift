import Foundation
import JWTKit

/// What a provider's `/.well-known/openid-configuration` says (the fields sign-in uses).
public struct OpenIDProviderMetadata: Codable, Sendable, Equatable {
    public var issuer: String
    public var authorizationEndpoint: String
    public var tokenEndpoint: String
    public var jwksURI: String

    enum CodingKeys: String, CodingKey {
        case issuer
        case authorizationEndpoint = "authorization_endpoint"
        case tokenEndpoint = "token_endpoint"
        case jwksURI = "jwks_uri"
    }

    public init(issuer: String, authorizationEndpoint: String, tokenEndpoint: String, jwksURI: String) {
        self.issuer = issuer
        self.authorizationEndpoint = authorizationEndpoint
        self.tokenEndpoint = tokenEndpoint
        self.jwksURI = jwksURI
    }
}

/// Discovery documents and signing keys of the organisations' providers, cached per issuer.
///
/// Both are kept for `maxAge`. A token naming a key id the cache does not hold makes the key set
/// be fetched again (the provider rotated its keys), but at most once per `refetchFloor` per
/// issuer, so tokens with made-up key ids cannot make us hammer the provider.
public actor OpenIDProviders {
    private struct Entry<Value> {
        var value: Value
        var fetchedAt: ContinuousClock.Instant
    }

    private let transport: any OpenIDTransport
    private let maxAge: Duration
    private let refetchFloor: Duration
    private var metadata: [String: Entry<OpenIDProviderMetadata>] = [:]
    private var keySets: [String: Entry<[String: JWK]>] = [:]
    /// How often each key set was fetched, for tests and logs.
    public private(set) var keySetFetches: [String: Int] = [:]

    public init(transport: any OpenIDTransport, maxAge: Duration = .seconds(3600), refetchFloor: Duration = .seconds(30)) {
        self.transport = transport
        self.maxAge = maxAge
        self.refetchFloor = refetchFloor
    }

    /// The provider's discovery document; its `issuer` must be exactly the configured one.
    public func metadata(issuer: String) async throws -> OpenIDProviderMetadata {
        if let entry = metadata[issuer], ContinuousClock.now - entry.fetchedAt < maxAge { return entry.value }
        let trimmed = issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer
        guard let url = URL(string: trimmed + "/.well-known/openid-configuration") else {
            throw OpenIDProviderError("the issuer is not a URL")
        }
        let document = try JSONDecoder().decode(OpenIDProviderMetadata.self, from: try await transport.getJSON(url))
        guard document.issuer == issuer else {
            throw OpenIDProviderError("the discovery document names issuer \(document.issuer), not \(issuer)")
        }
        metadata[issuer] = Entry(value: document, fetchedAt: .now)
        return document
    }

    /// The signing key with this id, fetching the key set when it is not cached, too old, or
    /// (at most once per refetch floor) does not hold the id. With no id, the set's only key.
    public func key(issuer: String, keyID: String?) async throws -> JWK? {
        let now = ContinuousClock.now
        if let entry = keySets[issuer], now - entry.fetchedAt < maxAge, let key = Self.pick(keyID, from: entry.value) {
            return key
        }
        if let entry = keySets[issuer], now - entry.fetchedAt < refetchFloor {
            return Self.pick(keyID, from: entry.value)
        }
        let keys = try await fetchKeys(issuer: issuer)
        return Self.pick(keyID, from: keys)
    }

    private func fetchKeys(issuer: String) async throws -> [String: JWK] {
        let document = try await metadata(issuer: issuer)
        guard let url = URL(string: document.jwksURI) else { throw OpenIDProviderError("jwks_uri is not a URL") }
        let set = try JSONDecoder().decode(JWKS.self, from: try await transport.getJSON(url))
        var keys: [String: JWK] = [:]
        for (index, key) in set.keys.enumerated() {
            keys[key.keyIdentifier?.string ?? "#\(index)"] = key
        }
        keySets[issuer] = Entry(value: keys, fetchedAt: .now)
        keySetFetches[issuer, default: 0] += 1
        return keys
    }

    private static func pick(_ keyID: String?, from keys: [String: JWK]) -> JWK? {
        if let keyID { return keys[keyID] }
        return keys.count == 1 ? keys.values.first : nil
    }
}
