import AsyncHTTPClient
import Foundation
import NIOCore

/// How to reach one provider speaking OpenAI's chat completions protocol (OpenAI, Azure OpenAI,
/// Ollama, vLLM, llama.cpp's server) and how long to wait for it. The API key never appears in
/// `description`, `debugDescription` or a dump.
public struct OpenAICompatibleConfiguration: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// How the API key travels: OpenAI and most servers take a bearer token, Azure an `api-key` header.
    public enum KeyHeader: String, Sendable {
        case bearer
        case azureAPIKey
    }

    /// The API root, e.g. `https://api.openai.com/v1` or `http://127.0.0.1:11434/v1`;
    /// `/chat/completions` is appended. Azure's `?api-version=…` goes in `query`.
    public var baseURL: String
    /// Query string appended to the request URL without the `?` (Azure's `api-version=2024-10-21`); "" for none.
    public var query: String
    public var model: String
    /// nil for servers that need none (a local Ollama or llama.cpp).
    public var apiKey: String?
    public var keyHeader: KeyHeader
    /// Time to establish the connection; set on the `HTTPClient` (see `httpClientConfiguration`).
    public var connectTimeout: Duration
    /// Time from sending the request to the first text token, connecting included.
    public var firstTokenTimeout: Duration
    /// Time for the whole answer.
    public var totalTimeout: Duration
    public var maxTokens: Int
    /// Only this many of the latest conversation messages are shown to the model.
    public var maxHistoryMessages: Int
    /// At most this many retrieved passages are given to the model.
    public var maxPassages: Int
    /// The organisation's own instructions (tone, name, language); they sit below the platform rules.
    public var instructions: String
    /// A `Retry-After` longer than this is not waited for: the built-in engine answers instead.
    public var maxRetryDelay: Duration
    /// Asks for `usage` in the stream (`stream_options.include_usage`); turn off for servers that reject it.
    public var requestUsage: Bool

    public init(
        baseURL: String,
        query: String = "",
        model: String,
        apiKey: String?,
        keyHeader: KeyHeader = .bearer,
        connectTimeout: Duration = .seconds(2),
        firstTokenTimeout: Duration = .seconds(5),
        totalTimeout: Duration = .seconds(30),
        maxTokens: Int = 400,
        maxHistoryMessages: Int = 8,
        maxPassages: Int = 3,
        instructions: String = "",
        maxRetryDelay: Duration = .seconds(2),
        requestUsage: Bool = true
    ) {
        self.baseURL = baseURL
        self.query = query
        self.model = model
        self.apiKey = apiKey
        self.keyHeader = keyHeader
        self.connectTimeout = connectTimeout
        self.firstTokenTimeout = firstTokenTimeout
        self.totalTimeout = totalTimeout
        self.maxTokens = maxTokens
        self.maxHistoryMessages = maxHistoryMessages
        self.maxPassages = maxPassages
        self.instructions = instructions
        self.maxRetryDelay = maxRetryDelay
        self.requestUsage = requestUsage
    }

    /// The chat completions endpoint.
    public var completionsURL: String {
        var url = baseURL
        while url.hasSuffix("/") { url.removeLast() }
        url += "/chat/completions"
        return query.isEmpty ? url : url + "?" + query
    }

    /// An `HTTPClient` configuration with this provider's connect timeout and no redirects (a
    /// redirect would carry the key to another host).
    public var httpClientConfiguration: HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.timeout.connect = .nanoseconds(Int64(connectTimeout.nanoseconds))
        configuration.redirectConfiguration = .disallow
        return configuration
    }

    public var description: String {
        "OpenAICompatibleConfiguration(baseURL: \(baseURL), model: \(model), apiKey: \(apiKey == nil ? "none" : "redacted"))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["baseURL": baseURL, "model": model, "apiKey": apiKey == nil ? "none" : "redacted"])
    }
}

extension Duration {
    /// The whole duration in nanoseconds, saturating.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : product + attoseconds / 1_000_000_000
    }
}
