import Foundation

/// An organisation's REST API key as administrators see it: never the secret, only its prefix.
public struct APIKey: Sendable, Equatable {
    public var id: UUID
    public var orgID: UUID
    public var name: String
    /// The random public part of the key (`sk_live_<prefix>_…`); globally unique.
    public var prefix: String
    public var scopes: [APIScope]
    public var createdByAgentID: UUID?
    public var createdAt: Date
    public var lastUsedAt: Date?
    public var revokedAt: Date?

    public init(
        id: UUID,
        orgID: UUID,
        name: String,
        prefix: String,
        scopes: [APIScope],
        createdByAgentID: UUID?,
        createdAt: Date,
        lastUsedAt: Date?,
        revokedAt: Date?
    ) {
        self.id = id
        self.orgID = orgID
        self.name = name
        self.prefix = prefix
        self.scopes = scopes
        self.createdByAgentID = createdByAgentID
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
    }

    /// How the key starts, as shown in lists: enough to recognise it, useless to call with.
    public var displayPrefix: String { APIKeyFormat.scheme + prefix }

    public func allows(_ scope: APIScope) -> Bool { scopes.contains(scope) }
}

/// A key just created: the only time the whole secret exists outside the caller's hands.
public struct IssuedAPIKey: Sendable, Equatable {
    public var key: APIKey
    /// `sk_live_<prefix>_<secret>`; only its SHA-256 is stored.
    public var secret: String
}

/// The text form of keys: `sk_live_` + 12 hex digits of prefix + `_` + 40 hex digits of secret (160 random bits).
public enum APIKeyFormat {
    public static let scheme = "sk_live_"
    static let prefixLength = 12
    static let secretLength = 40

    /// A new random key and its prefix.
    public static func generate() -> (prefix: String, secret: String) {
        var generator = SystemRandomNumberGenerator()
        let prefix = hex(count: prefixLength, using: &generator)
        return (prefix, scheme + prefix + "_" + hex(count: secretLength, using: &generator))
    }

    /// The prefix of a well-formed key, or nil for anything else (which cannot be a key of ours).
    public static func prefix(of key: String) -> String? {
        guard key.hasPrefix(scheme) else { return nil }
        let parts = key.dropFirst(scheme.count).split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == prefixLength, parts[1].count == secretLength,
            (parts[0] + parts[1]).allSatisfy({ $0.isHexDigit && !$0.isUppercase })
        else { return nil }
        return String(parts[0])
    }

    private static func hex(count: Int, using generator: inout SystemRandomNumberGenerator) -> String {
        let digits = Array("0123456789abcdef")
        return String((0..<count).map { _ in digits[Int(generator.next() % 16)] })
    }
}
