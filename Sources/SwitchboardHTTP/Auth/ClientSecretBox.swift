import Foundation

/// Seals organisations' OpenID Connect client secrets with AES-GCM before they are stored.
///
/// The key is derived (HKDF-SHA256) from the server secret `SWITCHBOARD_SECRET`, so every
/// instance can open what another sealed; after rotating that secret the stored client secrets
/// no longer open and must be entered again (`switchboard org sso` or `PUT /console/api/sso`).
public struct ClientSecretBox: Sendable {
    private let key: SealingKey

    public init(secret: String) {
        key = SealingKey(secret: secret, purpose: "sso-client-secret v1")
    }

    /// Nonce, ciphertext and tag in one value.
    public func seal(_ clientSecret: String) throws -> Data {
        guard let sealed = try key.seal(clientSecret) else { throw ClientSecretUnreadable() }
        return sealed
    }

    /// The client secret, or `ClientSecretUnreadable` when it was sealed under another server secret.
    public func open(_ sealed: Data) throws -> String {
        guard let secret = key.open(sealed) else { throw ClientSecretUnreadable() }
        return secret
    }
}

/// The stored client secret does not open with this server's secret (it was rotated).
public struct ClientSecretUnreadable: Error, CustomStringConvertible {
    public var description: String {
        "the stored SSO client secret was sealed under another SWITCHBOARD_SECRET; enter it again"
    }
}
