import Foundation

/// What email settings and addresses may hold. Every value that reaches an SMTP command or a
/// header is one line of printable characters, so no header or command can be injected.
public enum EmailSettingsRules {
    public static let maxHost = 253
    public static let maxUsername = 320
    public static let maxPassword = 1_024
    public static let maxFromName = 100

    /// Refuses settings the worker could not send with, naming the field and what is allowed.
    public static func validate(_ settings: EmailSettings) throws {
        if settings.enabled || !settings.host.isEmpty { try host(settings.host) }
        guard (1...65_535).contains(settings.port) else { throw invalid("invalid_port", "port must be from 1 to 65535.") }
        guard Validation.length(settings.username) <= maxUsername, isOneLine(settings.username) else {
            throw invalid("invalid_username", "username must be one line of at most \(maxUsername) characters.")
        }
        if settings.enabled || !settings.fromAddress.isEmpty {
            guard (try? address(settings.fromAddress)) != nil else {
                throw invalid("invalid_from_address", "fromAddress must be an email address such as support@example.com.")
            }
        }
        guard Validation.length(settings.fromName) <= maxFromName, isOneLine(settings.fromName) else {
            throw invalid("invalid_from_name", "fromName must be one line of at most \(maxFromName) characters.")
        }
        // A password must never cross a network in the clear.
        if settings.security == .none, !settings.username.isEmpty || settings.passwordSet, !isLoopback(settings.host) {
            throw invalid(
                "insecure_authentication",
                "Signing in without TLS is allowed only to a server on this machine (127.0.0.1, ::1, localhost); "
                    + "choose security starttls or tls."
            )
        }
    }

    /// A host name or IP address: letters, digits, dots, hyphens (or an IPv6 literal).
    static func host(_ text: String) throws {
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:")
        guard !text.isEmpty, text.utf8.count <= maxHost, text.unicodeScalars.allSatisfy(allowed.contains),
            !text.hasPrefix("-"), !text.hasPrefix(".")
        else {
            throw invalid("invalid_host", "host must be the SMTP server's name or address, e.g. smtp.example.com.")
        }
    }

    /// An address that may go into `MAIL FROM`, `RCPT TO` and a header: a plausible email
    /// address of printable ASCII without spaces, quotes, brackets or separators; lower-cased.
    public static func address(_ text: String) throws -> String {
        let address = try Validation.email(text)
        let forbidden = Set("<>,;:\"()[]\\ ".unicodeScalars)
        guard address.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F && !forbidden.contains($0) }) else {
            throw SimpleDomainError(.invalidInput, code: "invalid_email", message: "Enter an email address such as name@example.com.")
        }
        return address
    }

    /// A password to seal: one line (CR, LF and NUL could not travel in AUTH).
    public static func password(_ text: String) throws -> String {
        guard !text.isEmpty, text.utf8.count <= maxPassword, isOneLine(text) else {
            throw invalid(
                "invalid_password",
                "password must be one line of at most \(maxPassword) bytes. Use removePassword to forget it."
            )
        }
        return text
    }

    /// No line breaks or other control characters (header and command injection).
    public static func isOneLine(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F }
    }

    /// 127.0.0.0/8, ::1 and localhost.
    public static func isLoopback(_ host: String) -> Bool {
        AnswerEngineSettingsRules.isLoopback(host)
    }

    static func invalid(_ code: String, _ message: String) -> SimpleDomainError {
        SimpleDomainError(.invalidInput, code: code, message: message)
    }
}
