import Foundation

/// What engine settings may hold. The provider URL is https, or plain http only on this machine's
/// loopback (a local Ollama or llama.cpp): a key must never cross a network in the clear.
public enum AnswerEngineSettingsRules {
    public static let connectTimeout = 100...30_000
    public static let firstTokenTimeout = 500...60_000
    public static let totalTimeout = 1_000...300_000
    public static let maxTokens = 16...8_192
    public static let maxInstructions = 4_000
    public static let maxModel = 200
    public static let maxURL = 2_000
    public static let maxKey = 4_096

    /// Refuses settings the engine could not work with, naming the field and what is allowed.
    public static func validate(_ settings: AnswerEngineSettings) throws {
        if !settings.baseURL.isEmpty || settings.enabled { try baseURL(settings.baseURL) }
        try query(settings.urlQuery)
        if settings.enabled || !settings.model.isEmpty { try model(settings.model) }
        try range(settings.connectTimeoutMilliseconds, connectTimeout, field: "connectTimeoutMs")
        try range(settings.firstTokenTimeoutMilliseconds, firstTokenTimeout, field: "firstTokenTimeoutMs")
        try range(settings.totalTimeoutMilliseconds, totalTimeout, field: "totalTimeoutMs")
        guard settings.totalTimeoutMilliseconds >= settings.firstTokenTimeoutMilliseconds else {
            throw invalid("invalid_total_timeout", "totalTimeoutMs must be at least firstTokenTimeoutMs.")
        }
        try range(settings.maxTokens, maxTokens, field: "maxTokens")
        guard Validation.length(settings.instructions) <= maxInstructions, !settings.instructions.utf8.contains(0) else {
            throw invalid("invalid_instructions", "instructions must be at most \(maxInstructions) characters.")
        }
    }

    static func baseURL(_ text: String) throws {
        let refusal = invalid(
            "invalid_base_url",
            "baseUrl must be the provider's https:// API root (e.g. https://api.openai.com/v1), or http:// on this machine's loopback "
                + "(e.g. http://127.0.0.1:11434/v1), without a query, user or fragment."
        )
        guard text.utf8.count <= maxURL, !text.contains(where: { $0.isWhitespace }),
            let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty,
            components.query == nil, components.fragment == nil, components.user == nil, components.password == nil
        else { throw refusal }
        switch scheme {
        case "https": return
        case "http" where isLoopback(host): return
        default: throw refusal
        }
    }

    /// 127.0.0.0/8, ::1 and localhost.
    static func isLoopback(_ host: String) -> Bool {
        let host = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if host == "localhost" || host == "::1" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { part in UInt8(part).map { _ in true } ?? false }
    }

    static func query(_ text: String) throws {
        guard text.utf8.count <= 500,
            text.allSatisfy({ $0.isASCII && !$0.isWhitespace && $0 != "#" && $0 != "?" })
        else {
            throw invalid(
                "invalid_url_query",
                "urlQuery must be a plain query string without ? (e.g. api-version=2024-10-21), at most 500 characters."
            )
        }
    }

    static func model(_ text: String) throws {
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty, Validation.length(text) <= maxModel,
            !text.contains(where: { $0.isNewline || $0 == "\0" })
        else {
            throw invalid("invalid_model", "model must name the provider's model (e.g. gpt-4o-mini or llama3.1), at most \(maxModel) characters.")
        }
    }

    /// A key to seal: printable, one line.
    public static func apiKey(_ text: String) throws -> String {
        let key = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !key.isEmpty, key.utf8.count <= maxKey, key.allSatisfy({ $0.isASCII && !$0.isWhitespace && !$0.isNewline }),
            key.unicodeScalars.allSatisfy({ $0.value >= 0x21 && $0.value < 0x7F })
        else {
            throw invalid(
                "invalid_api_key",
                "apiKey must be the provider's key: printable characters without spaces, at most \(maxKey). Use removeApiKey to forget it."
            )

        }
        return key
    }

    static func range(_ value: Int, _ allowed: ClosedRange<Int>, field: String) throws {
        guard allowed.contains(value) else {
            throw invalid("invalid_\(snake(field))", "\(field) must be from \(allowed.lowerBound) to \(allowed.upperBound).")
        }
    }

    static func snake(_ field: String) -> String {
        field.reduce(into: "") { result, character in
            if character.isUppercase { result += "_" + character.lowercased() } else { result.append(character) }
        }
    }

    static func invalid(_ code: String, _ message: String) -> SimpleDomainError {
        SimpleDomainError(.invalidInput, code: code, message: message)
    }
}
