import Foundation
import JWTKit
import Testing

@testable import SwitchboardHTTP

/// An OpenID provider in memory: serves its discovery document and key set to
/// `OpenIDProviders` as `OpenIDTransport`, and signs ID tokens with its keys. Counts how often
/// the key set was fetched, so tests can see caching and rotation.
actor TestIdentityProvider: OpenIDTransport {
    static let issuer = "https://idp.test"
    static let clientID = "switchboard-console"

    /// A 2048-bit RSA key made for these tests only (RSA key generation at run time is slow).
    static let rsaPrivateKeyPEM = """
        -----BEGIN PRIVATE KEY-----
        MIIEvAIBADANBgkqhkiG9w0BAQEFAASCBKYwggSiAgEAAoIBAQCfDumusom5WSF4
        n01vH9J8IRXyuL14hJly14H2irXaXrRurj778vxfu07kC1lZCMRQIOOjA6mesqXE
        KQX8A7jwOvH5JiALwwni8KqLOHZ6VcczWmRyCs61uYzYm5IFTzuV4/PqOrHB4Yya
        zlq1NUcBGVAGuWR6oFu/Jphr9iWC0jzeQ15GsNCSIWnYFXiLhvseAvl4CSevuYTJ
        czUgFN4/Kz0O8jrxlryxX17REb1WArug2+HBoKh35jvGXSUmlgfF6XMZd9NgA5r2
        3CmzrMyM4VlKN2YElqyWJcAB5pwroS9qSNvWz64jla2TUIqaGhrLLBr9Ie/a2tKu
        Npdn4jDpAgMBAAECggEAEem/ShAr4A6obRn9wcPS8+1S+DazifDfCja4mYA2Kk1r
        oyJnD/9lyk9BO4AGtDb/SunlURzOu8NxVUXseV0e9RkiWrWfOsvgn2kMv+igOTdT
        W5Z0xP4wGPm4YcWlfIkXlBIrzGeHUOc6q02NnCZPpJFJ+LPk28WXB5BMbq42O8UN
        doQn7pZ3Ayg7zVyls2pMD9X3+y/WDndOxnTHzbowT9norziVFVv1HV9Iu5hYnSXs
        Im7zWvZtHkJj154NzO5dCDHxQ0+2PRgx2z49R4mj5kBXrEfc6K+PM1aP4CREk5mJ
        Kk566hKPCNf136+Ha+GIVDN4zvQeEHjtXJdAVOFF7QKBgQDdOaTptumCMTFyLkHJ
        tz4LV1gNfu0G0rxVj7PX8zHyPlHc6DTego2DYz6CByET1KMuzXBVmMVziu1wj1sV
        OIyWvUbAosFeFOnCq8brrGWqqSGexOSbCCYR6oDc/tE8yKac5GO5h5Z0nWfLyJiW
        lZ4sA7ZMZdbn5H2n/N0bVkxvLQKBgQC4D5mlBDyFIhI/AbqIxOb6k2TN2AtS5O/A
        yeMUj/j4reJQelsE37nAzq64QKeieSScXGndK0QJ76I1UvwmvFG1aa8+7a66+1zk
        cZ1PYOo2w9bU0PhCSqEUhZXykd4ESGo9V7LQ5wFX/4Y1QX3PHbFiKKUx3sW8mQk6
        AWgotTT+LQKBgHBC9U3olTyNDCN+F8JuK50DuNo4Y73HqOzeXIwkjF76gv5QE6wq
        ofdfoHPJfF6c1CZG+E9nlCNbB7zL8pOlO6qu6D2PGgNNJ4azNuGXfYwKAdaY4c1O
        aEtFLhl3ceSfifUp7PVUOeR5kBeYdt5LlJWPWK4SK+lHSQC7T9S0iVsNAoGAUaBZ
        ex0N2dzqSpbxqoXoCWgkZEVTgEeXK+BcnFndCCvVGeupQdgWALOoOH4z2ZHv8ofp
        SvRNEDr9rLhIqsUJV3KvDTFLNBEVeRoJsZJBTFg9hdPGxV9jYD596T1XQH783odt
        /cb0iZoAYs3QhXGdoPJ1kFBDUQhtVxQYpTT3c2ECgYByoCywdeb02JsVMr5rQUpR
        2Tz360WouWGug5ICOjEOVJq9Q6C6I3h7WCBWpAc2CmMT9iknsb9ZTHr6cEwfU4Wv
        9Y1M9tXxOPl/qad8r+pyF3bX4fcxZ7F862VKaQFgNIxvVQWTEMTVr+drUDP43rMh
        mHTOENZMWIFRfffFlA3Kmg==
        -----END PRIVATE KEY-----
        """

    private(set) var published: [[String: String]] = []
    private(set) var keySetFetches = 0

    /// Publishes a public key in the key set.
    func publish(_ jwk: [String: String]) { published.append(jwk) }

    /// Replaces the key set (a rotation).
    func replaceKeys(with jwks: [[String: String]]) { published = jwks }

    nonisolated func getJSON(_ url: URL) async throws -> Data {
        switch url.absoluteString {
        case Self.issuer + "/.well-known/openid-configuration":
            return try JSONEncoder().encode(
                OpenIDProviderMetadata(
                    issuer: Self.issuer,
                    authorizationEndpoint: Self.issuer + "/authorize",
                    tokenEndpoint: Self.issuer + "/token",
                    jwksURI: Self.issuer + "/jwks"
                )
            )
        case Self.issuer + "/jwks":
            let keys = await servedKeys()
            return try JSONSerialization.data(withJSONObject: ["keys": keys])
        default:
            throw OpenIDProviderError("no such document: \(url)")
        }
    }

    private func servedKeys() -> [[String: String]] {
        keySetFetches += 1
        return published
    }

    /// Token requests received, as form fields (plus `basic` for the HTTP Basic credentials).
    private(set) var tokenRequests: [[String: String]] = []
    private var idTokens: [String: String] = [:]

    /// The ID token the token endpoint hands out for `code` (once).
    func issue(code: String, idToken: String) { idTokens[code] = idToken }

    nonisolated func postForm(
        _ url: URL,
        fields: [(String, String)],
        basicAuthorization: (user: String, password: String)?
    ) async throws -> (status: Int, body: Data) {
        guard url.absoluteString == Self.issuer + "/token" else { return (404, Data()) }
        var request = Dictionary(fields, uniquingKeysWith: { $1 })
        if let basicAuthorization { request["basic"] = "\(basicAuthorization.user):\(basicAuthorization.password)" }
        return await answerTokenRequest(request)
    }

    private func answerTokenRequest(_ request: [String: String]) -> (status: Int, body: Data) {
        tokenRequests.append(request)
        guard request["grant_type"] == "authorization_code", let code = request["code"], let token = idTokens.removeValue(forKey: code) else {
            return (400, Data(#"{"error":"invalid_grant"}"#.utf8))
        }
        return (200, Data(#"{"access_token":"at","token_type":"Bearer","id_token":"\#(token)"}"#.utf8))
    }

    // MARK: Keys and tokens

    static func rsaKey() throws -> Insecure.RSA.PrivateKey {
        try Insecure.RSA.PrivateKey(pem: rsaPrivateKeyPEM)
    }

    static func jwk(rsa key: Insecure.RSA.PrivateKey, kid: String) throws -> [String: String] {
        let (modulus, exponent) = try key.publicKey.getKeyPrimitives()
        return [
            "kty": "RSA", "use": "sig", "alg": "RS256", "kid": kid,
            "n": TokenSigner.base64URL(modulus), "e": TokenSigner.base64URL(exponent),
        ]
    }

    static func jwk(ec key: ES256PrivateKey, kid: String) throws -> [String: String] {
        guard let parameters = key.publicKey.parameters else { throw OpenIDProviderError("no EC parameters") }
        return ["kty": "EC", "use": "sig", "alg": "ES256", "crv": "P-256", "kid": kid, "x": parameters.x, "y": parameters.y]
    }

    /// Claims as a provider would issue them; each test spoils one.
    struct Claims: JWTPayload {
        var iss = TestIdentityProvider.issuer
        var sub = "user-1234"
        var aud = AudienceClaim(value: [TestIdentityProvider.clientID])
        var azp: String?
        var exp = Date().addingTimeInterval(300).timeIntervalSince1970
        var iat = Date().timeIntervalSince1970
        var nonce: String? = "nonce-abc"
        var email: String? = "Carol@Example.com"
        var name: String? = "Carol Mendes"
        var roles: [String]?

        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    static func sign(_ claims: Claims, rsa key: Insecure.RSA.PrivateKey, kid: String) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(rsa: key, digestAlgorithm: .sha256, kid: JWKIdentifier(string: kid))
        return try await keys.sign(claims, kid: JWKIdentifier(string: kid))
    }

    static func sign(_ claims: Claims, ec key: ES256PrivateKey, kid: String) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(ecdsa: key, kid: JWKIdentifier(string: kid))
        return try await keys.sign(claims, kid: JWKIdentifier(string: kid))
    }
}
