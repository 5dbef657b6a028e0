import Foundation
import SwitchboardDomain

/// Seals organisations' AI provider API keys with AES-GCM before they are stored, under a key
/// derived from `SWITCHBOARD_SECRET` for this purpose only (another HKDF info than SSO client
/// secrets and webhook secrets). After rotating that secret the stored keys no longer open: the
/// built-in engine answers until an administrator enters the key again.
public struct ProviderKeyBox: ProviderKeySealer {
    private let key: SealingKey

    public init(secret: String) {
        key = SealingKey(secret: secret, purpose: "ai-provider-api-key v1")
    }

    public func seal(_ apiKey: String) throws -> Data {
        guard let sealed = try key.seal(apiKey) else { throw ProviderKeyUnsealable() }
        return sealed
    }

    public func open(_ sealed: Data) -> String? {
        key.open(sealed)
    }
}

/// AES-GCM could not combine nonce, ciphertext and tag (never expected).
struct ProviderKeyUnsealable: Error, CustomStringConvertible {
    var description: String { "the provider key could not be sealed" }
}
