import Foundation

/// Reading and changing an organisation's email settings: validation, sealing the password, and
/// an audited change. The defaults: email off.
public typealias EmailSettingsService = SealedSettingsService<EmailSettingsChange>

extension SealedSettingsService where Change == EmailSettingsChange {
    public init(settings: any EmailSettingsRepository, sealer: any EmailPasswordSealer) {
        self.init(settings: settings, seal: { try sealer.seal($0) })
    }
}

extension EmailSettingsChange: SealedSettingsChange {
    public var secret: (new: String?, remove: Bool, conflict: SimpleDomainError) {
        (password, removePassword, SimpleDomainError(.invalidInput, code: "invalid_password", message: "Give password or removePassword, not both."))
    }

    public static func checkSecret(_ text: String) throws -> String {
        try EmailSettingsRules.password(text)
    }

    public static func validate(_ settings: EmailSettings) throws {
        try EmailSettingsRules.validate(settings)
    }

    public func edit(secret password: SealedSecretChange) throws -> @Sendable (inout EmailSettings) -> Void {
        let security = try security.map {
            try EmailSettings.Security(
                $0,
                orThrow: SimpleDomainError(.invalidInput, code: "invalid_security", message: "security must be none, starttls or tls.")
            )
        }
        return { next in
            if let value = enabled { next.enabled = value }
            if let value = host { next.host = value.trimmingCharacters(in: .whitespaces).lowercased() }
            if let value = port { next.port = value }
            if let security { next.security = security }
            if let value = username { next.username = value.trimmingCharacters(in: .whitespaces) }
            next.sealedPassword = password.applied(to: next.sealedPassword)
            if let value = fromAddress { next.fromAddress = value.trimmingCharacters(in: .whitespaces).lowercased() }
            if let value = fromName { next.fromName = value.trimmingCharacters(in: .whitespaces) }
        }
    }
}
