import Foundation

/// An organisation's OpenID Connect provider.
public struct SingleSignOnConfiguration: Sendable, Equatable {
    /// How the client proves itself at the token endpoint.
    public enum TokenAuthMethod: String, Sendable, Codable, CaseIterable {
        case clientSecretBasic = "client_secret_basic"
        case clientSecretPost = "client_secret_post"
    }

    /// Signature algorithms an organisation may allow: asymmetric only, so a provider's public
    /// key can never double as an HMAC secret and unsigned (`none`) tokens never pass.
    public static let supportedAlgorithms = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"]

    public var issuer: String
    public var clientID: String
    /// The client secret, sealed by the HTTP layer's `ClientSecretBox`; never shown again.
    public var sealedClientSecret: Data
    public var tokenAuthMethod: TokenAuthMethod
    public var scopes: [String]
    /// The ID-token claim holding agent/supervisor/admin, if the provider sends one.
    public var roleClaim: String?
    public var allowedAlgorithms: [String]
    public var updatedAt: Date?

    public init(
        issuer: String,
        clientID: String,
        sealedClientSecret: Data,
        tokenAuthMethod: TokenAuthMethod = .clientSecretBasic,
        scopes: [String] = ["openid", "email", "profile"],
        roleClaim: String? = nil,
        allowedAlgorithms: [String] = ["RS256", "ES256"],
        updatedAt: Date? = nil
    ) {
        self.issuer = issuer
        self.clientID = clientID
        self.sealedClientSecret = sealedClientSecret
        self.tokenAuthMethod = tokenAuthMethod
        self.scopes = scopes
        self.roleClaim = roleClaim
        self.allowedAlgorithms = allowedAlgorithms
        self.updatedAt = updatedAt
    }

    /// Refuses settings the provider round trip could not work with.
    public func validate() throws {
        guard let url = URL(string: issuer), let scheme = url.scheme, ["https", "http"].contains(scheme), url.host != nil else {
            throw SimpleDomainError(.invalidInput, code: "invalid_issuer", message: "The issuer must be the provider's https:// URL.")
        }
        guard !clientID.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw SimpleDomainError(.invalidInput, code: "invalid_client_id", message: "Give the client id the provider issued.")
        }
        guard scopes.contains("openid"),
            scopes.allSatisfy({ $0.range(of: #"^[\x21\x23-\x5B\x5D-\x7E]+$"#, options: .regularExpression) != nil })
        else {

            throw SimpleDomainError(.invalidInput, code: "invalid_scopes", message: "Scopes must include openid and be plain words.")
        }
        guard !allowedAlgorithms.isEmpty, allowedAlgorithms.allSatisfy(Self.supportedAlgorithms.contains) else {
            throw SimpleDomainError(
                .invalidInput,
                code: "invalid_algorithms",
                message: "Allowed algorithms must be among \(Self.supportedAlgorithms.joined(separator: ", "))."
            )
        }
        if let roleClaim, roleClaim.trimmingCharacters(in: .whitespaces).isEmpty {
            throw SimpleDomainError(.invalidInput, code: "invalid_role_claim", message: "Leave the role claim out, or name a claim.")
        }
    }
}

/// Organisations' single sign-on settings in storage.
public protocol SingleSignOnRepository: Sendable {
    func configuration(orgID: UUID) async throws -> SingleSignOnConfiguration?
    /// Creates or replaces the configuration, audited.
    func save(orgID: UUID, _ configuration: SingleSignOnConfiguration, by actor: AuditActor) async throws
}
