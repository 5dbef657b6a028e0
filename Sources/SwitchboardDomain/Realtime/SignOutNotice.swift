import Foundation

/// Tells every instance, through the same NOTIFY channel as `RealtimeEvent`, to close an
/// agent's console sockets: those of one session (sign-out), or all of them (agent disabled).
public struct SignOutNotice: Sendable, Equatable, Codable {
    public var orgID: UUID
    public var agentID: UUID
    /// Nil: every session of the agent.
    public var sessionID: UUID?

    public init(orgID: UUID, agentID: UUID, sessionID: UUID?) {
        self.orgID = orgID
        self.agentID = agentID
        self.sessionID = sessionID
    }

    enum CodingKeys: String, CodingKey {
        case signOut = "signout"
        case orgID = "o"
        case agentID = "a"
        case sessionID = "s"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard try container.decode(Bool.self, forKey: .signOut) else {
            throw DecodingError.dataCorruptedError(forKey: .signOut, in: container, debugDescription: "not a sign-out")
        }
        orgID = try container.decode(UUID.self, forKey: .orgID)
        agentID = try container.decode(UUID.self, forKey: .agentID)
        sessionID = try container.decodeIfPresent(UUID.self, forKey: .sessionID)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(true, forKey: .signOut)
        try container.encode(orgID, forKey: .orgID)
        try container.encode(agentID, forKey: .agentID)
        try container.encodeIfPresent(sessionID, forKey: .sessionID)
    }

    /// The NOTIFY payload; `RealtimeEvent(payload:)` does not read it (it has no conversation).
    public var payload: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? String(decoding: encoder.encode(self), as: UTF8.self)) ?? "{}"
    }

    public init?(payload: String) {
        guard let notice = try? JSONDecoder().decode(SignOutNotice.self, from: Data(payload.utf8)) else { return nil }
        self = notice
    }
}
