import Foundation
import SwitchboardDomain
import SwitchboardHTTP

/// Seals webhook signing secrets with AES-GCM under a key derived from `SWITCHBOARD_SECRET`.
///
/// The worker needs the secret itself to compute the HMAC, so it cannot be stored hashed;
/// sealed, a database dump alone does not reveal it. The key is derived for this purpose only
/// (another HKDF info than the SSO client secrets), so one sealed value never opens as the other.
public struct WebhookSecretBox: WebhookSecretSealer {
    private let key: SealingKey

    public init(secret: String) {
        key = SealingKey(secret: secret, purpose: "webhook-signing-secret v1")
    }

    /// Nonce, ciphertext and tag in one value.
    public func seal(_ secret: String) throws -> Data {
        guard let sealed = try key.seal(secret) else { throw WebhookSecretUnreadable() }
        return sealed
    }

    /// The signing secret, or `WebhookSecretUnreadable` when it was sealed under another server secret.
    public func open(_ sealed: Data) throws -> String {
        guard let secret = key.open(sealed) else { throw WebhookSecretUnreadable() }
        return secret
    }
}

/// The stored signing secret does not open with this server's secret (it was rotated).
public struct WebhookSecretUnreadable: Error, CustomStringConvertible {
    public var description: String {
        "the signing secret was sealed under another SWITCHBOARD_SECRET; delete the subscription and create it again"
    }
}
