import Crypto
import Foundation
import SwitchboardDomain

/// What the browser carries from `/console/auth/start` to the callback, in a short-lived
/// cookie signed by the server (`TokenSigner`): bound to one organisation and one attempt.
struct PendingSignIn: Codable, Sendable, Equatable {
    var orgID: UUID
    var state: String
    var nonce: String
    /// PKCE: the provider only sees its SHA-256 (S256) until the token request.
    var codeVerifier: String
    var expiresAt: Date

    enum CodingKeys: String, CodingKey {
        case orgID = "o"
        case state = "s"
        case nonce = "n"
        case codeVerifier = "v"
        case expiresAt = "e"
    }

    static let cookieName = "sb_signin"
    /// Long enough to type a password and answer a second factor.
    static let lifetime: TimeInterval = 600
}

/// The authorization code flow with PKCE (S256) against an organisation's provider.
public struct AuthorizationCodeFlow: Sendable {
    let providers: OpenIDProviders
    let validator: IDTokenValidator
    let transport: any OpenIDTransport
    let secrets: ClientSecretBox

    public init(providers: OpenIDProviders, transport: any OpenIDTransport, secrets: ClientSecretBox) {
        self.providers = providers
        self.validator = IDTokenValidator(providers: providers)
        self.transport = transport
        self.secrets = secrets
    }

    /// The provider URL to send the browser to, and what the callback must find again.
    func start(orgID: UUID, configuration: SingleSignOnConfiguration, redirectURI: String) async throws -> (URL, PendingSignIn) {
        let metadata = try await providers.metadata(issuer: configuration.issuer)
        let pending = PendingSignIn(
            orgID: orgID,
            state: SessionCookie.randomToken(),
            nonce: SessionCookie.randomToken(),
            codeVerifier: SessionCookie.randomToken() + SessionCookie.randomToken(),
            expiresAt: Date().addingTimeInterval(PendingSignIn.lifetime)
        )
        guard var components = URLComponents(string: metadata.authorizationEndpoint), components.scheme != nil else {
            throw OpenIDProviderError("authorization_endpoint is not a URL")
        }
        let challenge = TokenSigner.base64URL(Data(SHA256.hash(data: Data(pending.codeVerifier.utf8))))
        let query = [
            ("response_type", "code"), ("client_id", configuration.clientID), ("redirect_uri", redirectURI),
            ("scope", configuration.scopes.joined(separator: " ")), ("state", pending.state), ("nonce", pending.nonce),
            ("code_challenge", challenge), ("code_challenge_method", "S256"),
        ]
        let existing = components.percentEncodedQuery.map { $0 + "&" } ?? ""
        components.percentEncodedQuery = existing + FormEncoding.encode(query)
        guard let url = components.url else { throw OpenIDProviderError("authorization_endpoint is not a URL") }
        return (url, pending)
    }

    /// Exchanges the code for tokens and validates the ID token; returns who signed in.
    func finish(code: String, pending: PendingSignIn, configuration: SingleSignOnConfiguration, redirectURI: String) async throws -> SignInIdentity {
        let metadata = try await providers.metadata(issuer: configuration.issuer)
        guard let tokenURL = URL(string: metadata.tokenEndpoint) else { throw OpenIDProviderError("token_endpoint is not a URL") }
        let clientSecret = try secrets.open(configuration.sealedClientSecret)
        var fields = [
            ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectURI),
            ("code_verifier", pending.codeVerifier),
        ]
        var basic: (user: String, password: String)?
        switch configuration.tokenAuthMethod {
        case .clientSecretBasic:
            basic = (configuration.clientID, clientSecret)
        case .clientSecretPost:
            fields += [("client_id", configuration.clientID), ("client_secret", clientSecret)]
        }
        let (status, body) = try await transport.postForm(tokenURL, fields: fields, basicAuthorization: basic)
        guard status == 200, let tokens = try? JSONDecoder().decode(TokenResponse.self, from: body) else {
            throw OpenIDProviderError("the token endpoint answered \(status)")
        }
        return try await validator.validate(
            tokens.idToken,
            expecting: .init(
                issuer: configuration.issuer,
                clientID: configuration.clientID,
                nonce: pending.nonce,
                allowedAlgorithms: configuration.allowedAlgorithms,
                roleClaim: configuration.roleClaim
            )
        )
    }

    private struct TokenResponse: Decodable {
        let idToken: String
        enum CodingKeys: String, CodingKey { case idToken = "id_token" }
    }
}
