import Foundation

/// An organisation's choice of answer engine: the built-in one (the default), or a provider
/// speaking OpenAI's chat completions protocol, with the built-in engine as its fallback.
/// The API key is kept sealed; nothing here ever holds it in the clear.
public struct AnswerEngineSettings: DefaultableSettings {
    /// How the API key travels: `Authorization: Bearer` (OpenAI, Ollama, vLLM, llama.cpp) or Azure's `api-key`.
    public enum KeyHeader: String, Sendable, Codable, CaseIterable {
        case bearer
        case apiKey = "api-key"
    }

    /// On: the provider words the answers; off: the built-in engine answers alone.
    public var enabled: Bool
    /// The API root, e.g. `https://api.openai.com/v1` or `http://127.0.0.1:11434/v1`; "" until set.
    public var baseURL: String
    /// Query string for every request without the `?` (Azure's `api-version=2024-10-21`); "" for none.
    public var urlQuery: String
    public var model: String
    /// The API key, sealed by the HTTP layer; nil when the provider needs none.
    public var sealedAPIKey: Data?
    public var keyHeader: KeyHeader
    public var connectTimeoutMilliseconds: Int
    public var firstTokenTimeoutMilliseconds: Int
    public var totalTimeoutMilliseconds: Int
    public var maxTokens: Int
    /// The organisation's own instructions (tone, name, language), below the fixed platform rules.
    public var instructions: String
    public var updatedAt: Date?

    public init(
        enabled: Bool = false,
        baseURL: String = "",
        urlQuery: String = "",
        model: String = "",
        sealedAPIKey: Data? = nil,
        keyHeader: KeyHeader = .bearer,
        connectTimeoutMilliseconds: Int = 2000,
        firstTokenTimeoutMilliseconds: Int = 5000,
        totalTimeoutMilliseconds: Int = 30000,
        maxTokens: Int = 400,
        instructions: String = "",
        updatedAt: Date? = nil
    ) {
        self.enabled = enabled
        self.baseURL = baseURL
        self.urlQuery = urlQuery
        self.model = model
        self.sealedAPIKey = sealedAPIKey
        self.keyHeader = keyHeader
        self.connectTimeoutMilliseconds = connectTimeoutMilliseconds
        self.firstTokenTimeoutMilliseconds = firstTokenTimeoutMilliseconds
        self.totalTimeoutMilliseconds = totalTimeoutMilliseconds
        self.maxTokens = maxTokens
        self.instructions = instructions
        self.updatedAt = updatedAt
    }

    /// The settings of an organisation that never changed them: the built-in engine.
    public static var defaults: Self { Self() }

    /// Whether an API key is stored (the only thing any response says about it).
    public var apiKeySet: Bool { sealedAPIKey != nil }

    /// What the audit log records of these settings: everything but the key, of which only whether one is set.
    public var auditSnapshot: AuditSnapshot {
        AuditSnapshot(
            enabled: enabled,
            baseUrl: baseURL,
            urlQuery: urlQuery,
            model: model,
            apiKeySet: apiKeySet,
            keyHeader: keyHeader.rawValue,
            connectTimeoutMs: connectTimeoutMilliseconds,
            firstTokenTimeoutMs: firstTokenTimeoutMilliseconds,
            totalTimeoutMs: totalTimeoutMilliseconds,
            maxTokens: maxTokens,
            instructions: instructions
        )
    }

    /// The settings as an audit entry shows them, never the key.
    public struct AuditSnapshot: Sendable, Equatable, Codable {
        public var enabled: Bool
        public var baseUrl: String
        public var urlQuery: String
        public var model: String
        public var apiKeySet: Bool
        public var keyHeader: String
        public var connectTimeoutMs: Int
        public var firstTokenTimeoutMs: Int
        public var totalTimeoutMs: Int
        public var maxTokens: Int
        public var instructions: String
    }
}

/// A change to the engine settings: the fields given replace the stored ones.
public struct AnswerEngineSettingsChange: Sendable {
    public var enabled: Bool?
    public var baseURL: String?
    public var urlQuery: String?
    public var model: String?
    /// A new API key (in the clear, sealed before it is stored); "" is refused, use `removeAPIKey`.
    public var apiKey: String?
    /// Forget the stored key (for a provider that needs none).
    public var removeAPIKey: Bool
    public var keyHeader: String?
    public var connectTimeoutMilliseconds: Int?
    public var firstTokenTimeoutMilliseconds: Int?
    public var totalTimeoutMilliseconds: Int?
    public var maxTokens: Int?
    public var instructions: String?

    public init(
        enabled: Bool? = nil,
        baseURL: String? = nil,
        urlQuery: String? = nil,
        model: String? = nil,
        apiKey: String? = nil,
        removeAPIKey: Bool = false,
        keyHeader: String? = nil,
        connectTimeoutMilliseconds: Int? = nil,
        firstTokenTimeoutMilliseconds: Int? = nil,
        totalTimeoutMilliseconds: Int? = nil,
        maxTokens: Int? = nil,
        instructions: String? = nil
    ) {
        self.enabled = enabled
        self.baseURL = baseURL
        self.urlQuery = urlQuery
        self.model = model
        self.apiKey = apiKey
        self.removeAPIKey = removeAPIKey
        self.keyHeader = keyHeader
        self.connectTimeoutMilliseconds = connectTimeoutMilliseconds
        self.firstTokenTimeoutMilliseconds = firstTokenTimeoutMilliseconds
        self.totalTimeoutMilliseconds = totalTimeoutMilliseconds
        self.maxTokens = maxTokens
        self.instructions = instructions
    }
}

/// Seals and opens provider API keys (AES-GCM under a key derived from the server secret, in the HTTP layer).
public protocol ProviderKeySealer: Sendable {
    func seal(_ key: String) throws -> Data
    /// The key, or nil when it was sealed under another server secret.
    func open(_ sealed: Data) -> String?
}

/// Organisations' engine settings in storage; nil settings: the organisation never changed them
/// (the built-in engine).
public typealias AnswerEngineSettingsRepository = AuditedSettingsRepository<AnswerEngineSettings>
