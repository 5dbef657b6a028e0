import Crypto
import Foundation

/// Seals organisations' OpenID Connect client secrets with AES-GCM before they are stored.
///
/// The key is derived (HKDF-SHA256) from the server secret `SWITCHBOARD_SECRET`, so every
/// instance can open what another sealed; after rotating that secret the stored client secrets
/// no longer open and must be entered again (`switchboard org sso` or `PUT /console/api/sso`).
public struct ClientSecretBox: Sendable {
    private let key: SymmetricKey

    public init(secret: String) {
        self.key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: Data(secret.utf8)), salt: Data("switchboard".utf8),
            info: Data("sso-client-secret v1".utf8), outputByteCount: 32)
    }

    /// Nonce, ciphertext and tag in one value.
    public func seal(_ clientSecret: String) throws -> Data {
        guard let combined = try AES.GCM.seal(Data(clientSecret.utf8), using: key).combined else {
            throw ClientSecretUnreadable()
        }
        return combined
    }

    /// The client secret, or `ClientSecretUnreadable` when it was sealed under another server secret.
    public func open(_ sealed: Data) throws -> String {
        do {
            return String(decoding: try AES.GCM.open(AES.GCM.SealedBox(combined: sealed), using: key), as: UTF8.self)
        } catch {
            throw ClientSecretUnreadable()
        }
    }
}

/// The stored client secret does not open with this server's secret (it was rotated).
public struct ClientSecretUnreadable: Error, CustomStringConvertible {
    public var description: String {
        "the stored SSO client secret was sealed under another SWITCHBOARD_SECRET; enter it again"
    }
}
