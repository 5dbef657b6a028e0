import Foundation
import JWTKit
import SwitchboardDomain

/// Why an ID token was refused; the sign-in page shows a generic message, logs show this.
public enum IDTokenRejection: Error, Equatable, Sendable {
    case malformed
    /// `none`, HS*, or an algorithm the organisation did not allow.
    case algorithmNotAllowed(String)
    /// No key with the token's `kid`, even after fetching the key set again.
    case unknownKey
    /// The key's type does not fit the algorithm the token names.
    case keyDoesNotMatchAlgorithm
    case badSignature
    case wrongIssuer
    case wrongAudience
    case wrongAuthorizedParty
    case expired
    case issuedInTheFuture
    case nonceMismatch
    case missingSubject
}

/// Checks an ID token the way OpenID Connect Core §3.1.3.7 asks: signature with one of the
/// organisation's allowed asymmetric algorithms and the provider's published key, then
/// `iss`, `aud` (and `azp` when there are several audiences), `exp`/`iat` with a small leeway,
/// and the `nonce` this sign-in sent.
public struct IDTokenValidator: Sendable {
    let providers: OpenIDProviders
    /// Clock skew tolerated between us and the provider.
    let leeway: TimeInterval
    let now: @Sendable () -> Date

    public init(providers: OpenIDProviders, leeway: TimeInterval = 60, now: @escaping @Sendable () -> Date = { Date() }) {
        self.providers = providers
        self.leeway = leeway
        self.now = now
    }

    /// What was asked of the token.
    public struct Expectations: Sendable {
        public var issuer: String
        public var clientID: String
        public var nonce: String
        public var allowedAlgorithms: [String]
        public var roleClaim: String?

        public init(issuer: String, clientID: String, nonce: String, allowedAlgorithms: [String], roleClaim: String? = nil) {
            self.issuer = issuer
            self.clientID = clientID
            self.nonce = nonce
            self.allowedAlgorithms = allowedAlgorithms
            self.roleClaim = roleClaim
        }
    }

    /// The identity in a valid token; throws `IDTokenRejection` otherwise.
    public func validate(_ token: String, expecting expected: Expectations) async throws -> SignInIdentity {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, token.utf8.count < 16_384,
            let headerData = TokenSigner.data(base64URL: String(parts[0])),
            let header = try? JSONDecoder().decode(Header.self, from: headerData)
        else { throw IDTokenRejection.malformed }

        // Only asymmetric algorithms can be allowed at all; HS* would turn a public key into a shared secret.
        guard SingleSignOnConfiguration.supportedAlgorithms.contains(header.alg),
            expected.allowedAlgorithms.contains(header.alg),
            let algorithm = JWK.Algorithm(rawValue: header.alg)
        else { throw IDTokenRejection.algorithmNotAllowed(header.alg) }

        guard let jwk = try await providers.key(issuer: expected.issuer, keyID: header.kid) else {
            throw IDTokenRejection.unknownKey
        }
        guard Self.keyType(for: header.alg) == jwk.keyType, jwk.algorithm == nil || jwk.algorithm == algorithm else {
            throw IDTokenRejection.keyDoesNotMatchAlgorithm
        }
        var key = jwk
        key.algorithm = algorithm
        key.keyIdentifier = JWKIdentifier(string: "verify")
        let keys = JWTKeyCollection()
        let claims: IDTokenClaims
        do {
            try await keys.add(jwk: key, isDefault: true)
            claims = try await keys.verify(token, as: IDTokenClaims.self)
        } catch {
            throw IDTokenRejection.badSignature
        }
        try check(claims, expected)
        return SignInIdentity(
            issuer: claims.iss,
            subject: claims.sub,
            email: claims.email?.lowercased(),
            name: claims.name,
            role: expected.roleClaim.flatMap { Self.role(claim: $0, in: parts[1]) }
        )
    }

    private func check(_ claims: IDTokenClaims, _ expected: Expectations) throws {
        guard claims.iss == expected.issuer else { throw IDTokenRejection.wrongIssuer }
        guard !claims.sub.isEmpty else { throw IDTokenRejection.missingSubject }
        guard claims.aud.value.contains(expected.clientID) else { throw IDTokenRejection.wrongAudience }
        if claims.aud.value.count > 1 || claims.azp != nil {
            guard claims.azp == expected.clientID else { throw IDTokenRejection.wrongAuthorizedParty }
        }
        let now = now().timeIntervalSince1970
        guard claims.exp + leeway > now else { throw IDTokenRejection.expired }
        if let iat = claims.iat, iat - leeway > now { throw IDTokenRejection.issuedInTheFuture }
        guard let nonce = claims.nonce, Self.constantTimeEqual(nonce, expected.nonce) else {
            throw IDTokenRejection.nonceMismatch
        }
    }

    static func keyType(for algorithm: String) -> JWK.KeyType? {
        switch algorithm.prefix(2) {
        case "RS", "PS": .rsa
        case "ES": .ecdsa
        case "Ed": .octetKeyPair
        default: nil
        }
    }

    /// The highest Switchboard role named by the claim (a string or an array of strings).
    static func role(claim: String, in payload: Substring) -> AgentRole? {
        guard let data = TokenSigner.data(base64URL: String(payload)),
            let object = try? JSONDecoder().decode([String: JSONValue].self, from: data),
            let value = object[claim]
        else { return nil }
        let names: [String] =
            switch value {
            case .string(let name): [name]
            case .array(let values):
                values.compactMap { value -> String? in
                    if case .string(let name) = value { return name }
                    return nil
                }
            default: []
            }
        return names.compactMap { AgentRole(rawValue: $0.lowercased()) }.max()
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    private struct Header: Decodable {
        let alg: String
        let kid: String?
    }
}

/// The ID-token claims sign-in reads; checked by `IDTokenValidator` after the signature.
struct IDTokenClaims: JWTPayload {
    var iss: String
    var sub: String
    var aud: AudienceClaim
    var azp: String?
    var exp: Double
    var iat: Double?
    var nonce: String?
    var email: String?
    var name: String?

    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
