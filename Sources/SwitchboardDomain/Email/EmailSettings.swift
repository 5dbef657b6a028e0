import Foundation

/// An organisation's SMTP server for emails to customers. The password is kept sealed; nothing
/// here ever holds it in the clear.
public struct EmailSettings: DefaultableSettings {
    /// How the connection is protected.
    public enum Security: String, Sendable, Codable, CaseIterable {
        /// Plain text; with a username only to a server on this machine's loopback.
        case none
        /// Plain connection upgraded with STARTTLS after EHLO; a server that does not offer it fails.
        case starttls
        /// TLS from the first byte (usually port 465).
        case tls
    }

    /// On: replies and transcripts are emailed; off: nothing is queued.
    public var enabled: Bool
    public var host: String
    public var port: Int
    public var security: Security
    /// "" for a server that needs no authentication.
    public var username: String
    /// The password, sealed by the composition root; nil when none is set.
    public var sealedPassword: Data?
    public var fromAddress: String
    /// The display name in From (the organisation's name when "").
    public var fromName: String
    public var updatedAt: Date?

    public init(
        enabled: Bool = false,
        host: String = "",
        port: Int = 587,
        security: Security = .starttls,
        username: String = "",
        sealedPassword: Data? = nil,
        fromAddress: String = "",
        fromName: String = "",
        updatedAt: Date? = nil
    ) {
        self.enabled = enabled
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.sealedPassword = sealedPassword
        self.fromAddress = fromAddress
        self.fromName = fromName
        self.updatedAt = updatedAt
    }

    /// The settings of an organisation that never changed them: email off.
    public static var defaults: Self { Self() }

    /// Whether a password is stored (the only thing any response says about it).
    public var passwordSet: Bool { sealedPassword != nil }

    /// What the audit log records of these settings: everything but the password.
    public var auditSnapshot: AuditSnapshot {
        AuditSnapshot(
            enabled: enabled,
            host: host,
            port: port,
            security: security.rawValue,
            username: username,
            passwordSet: passwordSet,
            fromAddress: fromAddress,
            fromName: fromName
        )
    }

    /// The settings as an audit entry shows them, never the password.
    public struct AuditSnapshot: Sendable, Equatable, Codable {
        public var enabled: Bool
        public var host: String
        public var port: Int
        public var security: String
        public var username: String
        public var passwordSet: Bool
        public var fromAddress: String
        public var fromName: String
    }
}

/// A change to the email settings: the fields given replace the stored ones.
public struct EmailSettingsChange: Sendable {
    public var enabled: Bool?
    public var host: String?
    public var port: Int?
    public var security: String?
    public var username: String?
    /// A new password (in the clear, sealed before it is stored); "" is refused, use `removePassword`.
    public var password: String?
    public var removePassword: Bool
    public var fromAddress: String?
    public var fromName: String?

    public init(
        enabled: Bool? = nil,
        host: String? = nil,
        port: Int? = nil,
        security: String? = nil,
        username: String? = nil,
        password: String? = nil,
        removePassword: Bool = false,
        fromAddress: String? = nil,
        fromName: String? = nil
    ) {
        self.enabled = enabled
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.removePassword = removePassword
        self.fromAddress = fromAddress
        self.fromName = fromName
    }
}

/// Seals and opens SMTP passwords (AES-GCM under a key derived from the server secret).
public protocol EmailPasswordSealer: Sendable {
    func seal(_ password: String) throws -> Data
    /// The password, or nil when it was sealed under another server secret.
    func open(_ sealed: Data) -> String?
}

/// Organisations' email settings in storage; nil settings: the organisation never set them (no email).
public typealias EmailSettingsRepository = AuditedSettingsRepository<EmailSettings>
