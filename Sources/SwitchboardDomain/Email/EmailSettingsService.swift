import Foundation

/// Reading and changing an organisation's email settings: validation, sealing the password, and
/// an audited change. Nothing it returns holds the password, only whether one is set.
public struct EmailSettingsService: Sendable {
    private let settings: any EmailSettingsRepository
    private let sealer: any EmailPasswordSealer

    public init(settings: any EmailSettingsRepository, sealer: any EmailPasswordSealer) {
        self.settings = settings
        self.sealer = sealer
    }

    /// The stored settings, or the defaults (email off) when there are none.
    public func current(orgID: UUID) async throws -> EmailSettings {
        try await settings.settings(orgID: orgID) ?? EmailSettings()
    }

    /// Applies `change` after validating the result as a whole: one invalid value refuses it all.
    public func update(orgID: UUID, by actor: AuditActor, change: EmailSettingsChange) async throws -> EmailSettings {
        if change.password != nil, change.removePassword {
            throw SimpleDomainError(.invalidInput, code: "invalid_password", message: "Give password or removePassword, not both.")
        }
        let sealed = try change.password.map { try sealer.seal(try EmailSettingsRules.password($0)) }
        let security = try change.security.map { text in
            guard let security = EmailSettings.Security(rawValue: text) else {
                throw SimpleDomainError(.invalidInput, code: "invalid_security", message: "security must be none, starttls or tls.")
            }
            return security
        }
        return try await settings.update(orgID: orgID, by: actor) { stored in
            var next = stored ?? EmailSettings()
            if let value = change.enabled { next.enabled = value }
            if let value = change.host { next.host = value.trimmingCharacters(in: .whitespaces).lowercased() }
            if let value = change.port { next.port = value }
            if let security { next.security = security }
            if let value = change.username { next.username = value.trimmingCharacters(in: .whitespaces) }
            if let sealed { next.sealedPassword = sealed }
            if change.removePassword { next.sealedPassword = nil }
            if let value = change.fromAddress { next.fromAddress = value.trimmingCharacters(in: .whitespaces).lowercased() }
            if let value = change.fromName { next.fromName = value.trimmingCharacters(in: .whitespaces) }
            try EmailSettingsRules.validate(next)
            return next
        }
    }
}
