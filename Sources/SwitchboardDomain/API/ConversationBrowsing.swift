import Foundation

/// Filters of the REST API's conversation list and export; nil means "any".
public struct ConversationFilter: Sendable, Equatable {
    public var modes: Set<Conversation.Mode>?
    public var flaggedIncorrect: Bool?
    public var kbUpdateNeeded: Bool?
    public var followupNeeded: Bool?
    /// Started at or after this time.
    public var startedAfter: Date?
    /// Started before this time.
    public var startedBefore: Date?
    /// Owned by this agent now, or with a message written by them.
    public var agentID: UUID?
    /// Carrying this label (canonical form, `ConversationLabels.canonical`).
    public var label: String?

    public init(
        modes: Set<Conversation.Mode>? = nil,
        flaggedIncorrect: Bool? = nil,
        kbUpdateNeeded: Bool? = nil,
        followupNeeded: Bool? = nil,
        startedAfter: Date? = nil,
        startedBefore: Date? = nil,
        agentID: UUID? = nil,
        label: String? = nil
    ) {
        self.label = label
        self.modes = modes
        self.flaggedIncorrect = flaggedIncorrect
        self.kbUpdateNeeded = kbUpdateNeeded
        self.followupNeeded = followupNeeded
        self.startedAfter = startedAfter
        self.startedBefore = startedBefore
        self.agentID = agentID
    }
}

/// A position in a list ordered by time and id: the last row's time (in microseconds since 1970,
/// exactly as PostgreSQL stores it) and id. Conversations and the webhook lists page with it.
public struct ConversationCursor: Sendable, Equatable {
    public var startedAtMicroseconds: Int64
    public var id: UUID

    public init(startedAtMicroseconds: Int64, id: UUID) {
        self.startedAtMicroseconds = startedAtMicroseconds
        self.id = id
    }

    /// The opaque text clients pass back as `cursor`.
    public var token: String {
        Data("c1:\(startedAtMicroseconds):\(id.uuidString.lowercased())".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// The cursor a token stands for, or nil for anything this server did not hand out.
    public init?(token: String) {
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard token.count < 200, let data = Data(base64Encoded: base64) else { return nil }
        let parts = String(decoding: data, as: UTF8.self).split(separator: ":")
        guard parts.count == 3, parts[0] == "c1", let micros = Int64(parts[1]), let id = UUID(uuidString: String(parts[2])) else {
            return nil
        }
        self.init(startedAtMicroseconds: micros, id: id)
    }
}

/// A conversation in the REST API's list, with its three review flags.
public struct ListedConversation: Sendable, Equatable {
    public var summary: ConversationSummary
    public var flaggedIncorrect: Bool
    public var kbUpdateNeeded: Bool
    public var followupNeeded: Bool
    public var cursor: ConversationCursor

    public init(summary: ConversationSummary, flaggedIncorrect: Bool, kbUpdateNeeded: Bool, followupNeeded: Bool, cursor: ConversationCursor) {
        self.summary = summary
        self.flaggedIncorrect = flaggedIncorrect
        self.kbUpdateNeeded = kbUpdateNeeded
        self.followupNeeded = followupNeeded
        self.cursor = cursor
    }
}

/// One row of `reporting.chat_log` as a JSON object (keys in `ChatLogExport.columns` order).
public struct ChatLogRow: Sendable, Equatable {
    public var json: String
    public var cursor: ConversationCursor

    public init(json: String, cursor: ConversationCursor) {
        self.json = json
        self.cursor = cursor
    }
}

/// The conversation list and chat-log export of the REST API, newest first, by keyset pages.
public protocol ConversationBrowsing: Sendable {
    func page(orgID: UUID, filter: ConversationFilter, after: ConversationCursor?, limit: Int) async throws -> [ListedConversation]
    func chatLog(orgID: UUID, filter: ConversationFilter, after: ConversationCursor?, limit: Int) async throws -> [ChatLogRow]
}

/// The export's columns: exactly those of the `reporting.chat_log` view, in its order.
public enum ChatLogExport {
    public static let columns = [
        "org_id", "session_id", "chat_started_date_time", "customer_name", "customer_email", "customer_phone", "page",
        "chat_log", "handoff", "handoff_reason", "status", "agent_name", "reply", "email_provided", "name_provided",
        "ai_flagged_incorrect", "correction_note", "correction_reviewed", "reviewed_by", "reviewed_at", "kb_update_needed",
        "kb_updated", "followup_needed", "followup_note", "followup_done", "followup_done_note", "followup_done_by",
        "followup_done_at", "owner_changes",
    ]
}
