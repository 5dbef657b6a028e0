import Foundation

/// Reading and changing an organisation's engine settings: validation, sealing the API key, and
/// an audited change. The defaults: the built-in engine.
public typealias AnswerEngineSettingsService = SealedSettingsService<AnswerEngineSettingsChange>

extension SealedSettingsService where Change == AnswerEngineSettingsChange {
    public init(settings: any AnswerEngineSettingsRepository, sealer: any ProviderKeySealer) {
        self.init(settings: settings, seal: { try sealer.seal($0) })
    }
}

extension AnswerEngineSettingsChange: SealedSettingsChange {
    public var secret: (new: String?, remove: Bool, conflict: SimpleDomainError) {
        (apiKey, removeAPIKey, SimpleDomainError(.invalidInput, code: "invalid_api_key", message: "Give apiKey or removeApiKey, not both."))
    }

    public static func checkSecret(_ text: String) throws -> String {
        try AnswerEngineSettingsRules.apiKey(text)
    }

    public static func validate(_ settings: AnswerEngineSettings) throws {
        try AnswerEngineSettingsRules.validate(settings)
    }

    public func edit(secret apiKey: SealedSecretChange) throws -> @Sendable (inout AnswerEngineSettings) -> Void {
        let keyHeader = try keyHeader.map {
            try AnswerEngineSettings.KeyHeader(
                $0,
                orThrow: SimpleDomainError(.invalidInput, code: "invalid_key_header", message: "keyHeader must be bearer or api-key.")
            )
        }
        return { next in
            if let value = enabled { next.enabled = value }
            if let value = baseURL { next.baseURL = value.trimmingCharacters(in: .whitespaces) }
            if let value = urlQuery { next.urlQuery = value.trimmingCharacters(in: .whitespaces) }
            if let value = model { next.model = value.trimmingCharacters(in: .whitespaces) }
            next.sealedAPIKey = apiKey.applied(to: next.sealedAPIKey)
            if let keyHeader { next.keyHeader = keyHeader }
            if let value = connectTimeoutMilliseconds { next.connectTimeoutMilliseconds = value }
            if let value = firstTokenTimeoutMilliseconds { next.firstTokenTimeoutMilliseconds = value }
            if let value = totalTimeoutMilliseconds { next.totalTimeoutMilliseconds = value }
            if let value = maxTokens { next.maxTokens = value }
            if let value = instructions { next.instructions = value }
        }
    }
}
