import Crypto
import Foundation

/// AES-GCM under a key derived (HKDF-SHA256) from `SWITCHBOARD_SECRET` for one purpose: every
/// instance can open what another sealed, and a value sealed for one purpose never opens as another.
public struct SealingKey: Sendable {
    private let key: SymmetricKey

    public init(secret: String, purpose: String) {
        key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: Data(secret.utf8)),
            salt: Data("switchboard".utf8),
            info: Data(purpose.utf8),
            outputByteCount: 32
        )
    }

    /// Nonce, ciphertext and tag in one value; nil only if AES-GCM could not combine them.
    public func seal(_ text: String) throws -> Data? {
        try AES.GCM.seal(Data(text.utf8), using: key).combined
    }

    /// The text, or nil when it was sealed under another server secret or purpose.
    public func open(_ sealed: Data) -> String? {
        guard let box = try? AES.GCM.SealedBox(combined: sealed), let data = try? AES.GCM.open(box, using: key) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
