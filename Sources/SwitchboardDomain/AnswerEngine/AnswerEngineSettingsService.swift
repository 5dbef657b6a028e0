import Foundation

/// Reading and changing an organisation's engine settings: validation, sealing the API key, and
/// an audited change. Nothing it returns holds the key, only whether one is set.
public struct AnswerEngineSettingsService: Sendable {
    private let settings: any AnswerEngineSettingsRepository
    private let sealer: any ProviderKeySealer

    public init(settings: any AnswerEngineSettingsRepository, sealer: any ProviderKeySealer) {
        self.settings = settings
        self.sealer = sealer
    }

    /// The stored settings, or the defaults (built-in engine) when there are none.
    public func current(orgID: UUID) async throws -> AnswerEngineSettings {
        try await settings.settings(orgID: orgID) ?? AnswerEngineSettings()
    }

    /// Applies `change` after validating the result as a whole: one invalid value refuses it all.
    public func update(orgID: UUID, by actor: AuditActor, change: AnswerEngineSettingsChange) async throws -> AnswerEngineSettings {
        if change.apiKey != nil, change.removeAPIKey {
            throw SimpleDomainError(.invalidInput, code: "invalid_api_key", message: "Give apiKey or removeApiKey, not both.")
        }
        let sealed = try change.apiKey.map { try sealer.seal(try AnswerEngineSettingsRules.apiKey($0)) }
        let keyHeader = try change.keyHeader.map { text in
            guard let header = AnswerEngineSettings.KeyHeader(rawValue: text) else {
                throw SimpleDomainError(.invalidInput, code: "invalid_key_header", message: "keyHeader must be bearer or api-key.")
            }
            return header
        }
        return try await settings.update(orgID: orgID, by: actor) { stored in
            var next = stored ?? AnswerEngineSettings()
            if let value = change.enabled { next.enabled = value }
            if let value = change.baseURL { next.baseURL = value.trimmingCharacters(in: .whitespaces) }
            if let value = change.urlQuery { next.urlQuery = value.trimmingCharacters(in: .whitespaces) }
            if let value = change.model { next.model = value.trimmingCharacters(in: .whitespaces) }
            if let sealed { next.sealedAPIKey = sealed }
            if change.removeAPIKey { next.sealedAPIKey = nil }
            if let keyHeader { next.keyHeader = keyHeader }
            if let value = change.connectTimeoutMilliseconds { next.connectTimeoutMilliseconds = value }
            if let value = change.firstTokenTimeoutMilliseconds { next.firstTokenTimeoutMilliseconds = value }
            if let value = change.totalTimeoutMilliseconds { next.totalTimeoutMilliseconds = value }
            if let value = change.maxTokens { next.maxTokens = value }
            if let value = change.instructions { next.instructions = value }
            try AnswerEngineSettingsRules.validate(next)
            return next
        }
    }
}
