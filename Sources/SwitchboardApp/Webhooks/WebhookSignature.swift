import Crypto
import Foundation

/// The `Switchboard-Signature` header: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
///
/// Receivers recompute the HMAC over the timestamp, a dot and the raw body, compare in constant
/// time, and reject timestamps far from now to stop replays.
public enum WebhookSignature {
    public static func header(secret: String, timestamp: Int, body: String) -> String {
        "t=\(timestamp),v1=\(hex(secret: secret, timestamp: timestamp, body: body))"
    }

    public static func hex(secret: String, timestamp: Int, body: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data("\(timestamp).\(body)".utf8),
            using: SymmetricKey(data: Data(secret.utf8))
        )
        return mac.map { String(format: "%02x", $0) }.joined()
    }
}
