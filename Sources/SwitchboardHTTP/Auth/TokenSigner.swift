import Crypto
import Foundation

/// Signs and verifies the server's bearer tokens with HMAC-SHA256 over a JSON payload.
///
/// Format: `v1.<base64url(payload)>.<base64url(mac)>`. Every instance of a deployment must
/// share the secret (`SWITCHBOARD_SECRET`); a token signed by another secret is rejected.
public struct TokenSigner: Sendable {
    private let key: SymmetricKey

    public init(secret: String) {
        self.key = SymmetricKey(data: SHA256.hash(data: Data(secret.utf8)))
    }

    public func sign<Payload: Encodable>(_ payload: Payload) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let body = "v1." + Self.base64URL(try encoder.encode(payload))
        let mac = HMAC<SHA256>.authenticationCode(for: Data(body.utf8), using: key)
        return body + "." + Self.base64URL(Data(mac))
    }

    /// The payload of a token this server signed, or nil for anything else.
    public func verify<Payload: Decodable>(_ token: String, as type: Payload.Type) -> Payload? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "v1", token.utf8.count < 2048,
            let mac = Self.data(base64URL: String(parts[2])),
            let payload = Self.data(base64URL: String(parts[1]))
        else { return nil }
        let body = Data("v1.\(parts[1])".utf8)
        guard HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: body, using: key) else { return nil }
        return try? JSONDecoder().decode(Payload.self, from: payload)
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func data(base64URL text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }
}

/// Who a customer token speaks for: one conversation of one organisation, until when.
public struct CustomerIdentity: Codable, Sendable, Equatable {
    public var orgID: UUID
    public var conversationID: UUID
    /// Required: tokens from before expiry existed (no `e`) are not accepted.
    public var expiresAt: Date

    enum CodingKeys: String, CodingKey {
        case orgID = "o"
        case conversationID = "c"
        case expiresAt = "e"
    }

    public init(orgID: UUID, conversationID: UUID, expiresAt: Date) {
        self.orgID = orgID
        self.conversationID = conversationID
        self.expiresAt = expiresAt
    }
}

/// Who an agent token speaks for, until when.
public struct AgentIdentity: Codable, Sendable, Equatable {
    public var orgID: UUID
    public var agentID: UUID
    public var expiresAt: Date

    enum CodingKeys: String, CodingKey {
        case orgID = "o"
        case agentID = "a"
        case expiresAt = "e"
    }

    public init(orgID: UUID, agentID: UUID, expiresAt: Date) {
        self.orgID = orgID
        self.agentID = agentID
        self.expiresAt = expiresAt
    }
}
