import Crypto
import Foundation
import SwitchboardDomain

/// Seals webhook signing secrets with AES-GCM under a key derived from `SWITCHBOARD_SECRET`.
///
/// The worker needs the secret itself to compute the HMAC, so it cannot be stored hashed;
/// sealed, a database dump alone does not reveal it. The key is derived for this purpose only
/// (another HKDF info than the SSO client secrets), so one sealed value never opens as the other.
public struct WebhookSecretBox: WebhookSecretSealer {
    private let key: SymmetricKey

    public init(secret: String) {
        self.key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: Data(secret.utf8)), salt: Data("switchboard".utf8),
            info: Data("webhook-signing-secret v1".utf8), outputByteCount: 32)
    }

    /// Nonce, ciphertext and tag in one value.
    public func seal(_ secret: String) throws -> Data {
        guard let combined = try AES.GCM.seal(Data(secret.utf8), using: key).combined else {
            throw WebhookSecretUnreadable()
        }
        return combined
    }

    /// The signing secret, or `WebhookSecretUnreadable` when it was sealed under another server secret.
    public func open(_ sealed: Data) throws -> String {
        do {
            return String(decoding: try AES.GCM.open(AES.GCM.SealedBox(combined: sealed), using: key), as: UTF8.self)
        } catch {
            throw WebhookSecretUnreadable()
        }
    }
}

/// The stored signing secret does not open with this server's secret (it was rotated).
public struct WebhookSecretUnreadable: Error, CustomStringConvertible {
    public var description: String {
        "the signing secret was sealed under another SWITCHBOARD_SECRET; delete the subscription and create it again"
    }
}
