import Foundation
import SwitchboardDomain
import SwitchboardHTTP

/// Seals organisations' SMTP passwords with AES-GCM under a key derived from `SWITCHBOARD_SECRET`
/// for this purpose only (another HKDF info than SSO client secrets, provider keys and webhook
/// secrets). After rotating that secret the stored passwords no longer open: sending fails with
/// a reason that says to enter the password again.
public struct EmailPasswordBox: EmailPasswordSealer {
    private let key: SealingKey

    public init(secret: String) {
        key = SealingKey(secret: secret, purpose: "smtp-password v1")
    }

    public func seal(_ password: String) throws -> Data {
        guard let sealed = try key.seal(password) else { throw EmailPasswordUnsealable() }
        return sealed
    }

    public func open(_ sealed: Data) -> String? {
        key.open(sealed)
    }
}

/// AES-GCM could not combine nonce, ciphertext and tag (never expected).
struct EmailPasswordUnsealable: Error, CustomStringConvertible {
    var description: String { "the SMTP password could not be sealed" }
}
