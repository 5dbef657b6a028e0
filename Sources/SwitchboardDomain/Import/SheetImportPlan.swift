import Foundation

/// The sheet's tabs read, checked and joined: what an import (or a dry run) would write, and the
/// rows it cannot take, each with row, column and reason. Pure: nothing here touches a database.
public struct SheetImportPlan: Sendable {
    public var conversations: [ImportedConversation] = []
    public var problems: [SheetRowProblem] = []
    /// Sessions rows whose session_id has no ChatLog row: nothing to attach them to.
    public var orphanSessionRows: [Int] = []
    /// Header columns no tab knows, as `Tab.column`; ignored.
    public var unknownColumns: [String] = []
    public var presence: [PresenceEntry] = []
    /// Settings tab `ai_chat_enabled`, when present.
    public var aiChatEnabled: Bool?
    /// Settings tab keys this service has no place for; ignored.
    public var ignoredSettings: [String] = []
    /// How many data rows the ChatLog tab has (imported or not).
    public var chatLogRows = 0

    /// A Presence tab row: the agent, and when the sheet last saw a heartbeat.
    public struct PresenceEntry: Sendable, Equatable {
        public var agentName: String
        public var online: Bool
        public var updatedAt: Date?
    }

    public static let chatLogColumns = [
        "session_id", "chat_started_date_time", "customer_name", "customer_email", "customer_phone", "page", "chat_log",
        "handoff", "handoff_reason", "status", "agent_name", "reply", "email_provided", "name_provided",
        "ai_flagged_incorrect", "correction_note", "correction_reviewed", "reviewed_by", "reviewed_at", "kb_update_needed",
        "kb_updated", "followup_needed", "followup_note", "followup_done", "followup_done_note", "followup_done_by",
        "followup_done_at", "owner_changes",
    ]
    public static let sessionsColumns = [
        "session_id", "mode", "agent_name", "customer_msgs", "agent_msgs", "updated_at", "owner_history",
    ]

    /// All agent names the plan refers to (messages, owners, reviewers, presence).
    public var agentNames: Set<String> {
        var names = Set(presence.map(\.agentName))
        for conversation in conversations { names.formUnion(conversation.agentNames) }
        return names
    }

    /// Reads the exports. Throws `CSVFileError` when a whole file is unusable (not CSV, not UTF-8,
    /// a required column missing); a bad row only adds a problem. Times without a zone are read
    /// in `zone`.
    public init(chatLog: Data, sessions: Data, presence: Data? = nil, settings: Data? = nil, zone: TimeZone) throws {
        let chatTable = try SheetTable(
            tab: "ChatLog",
            data: chatLog,
            required: ["session_id", "chat_started_date_time", "chat_log"],
            known: Self.chatLogColumns
        )
        let sessionTable = try SheetTable(tab: "Sessions", data: sessions, required: ["session_id", "mode"], known: Self.sessionsColumns)
        unknownColumns = chatTable.unknownColumns.map { "ChatLog.\($0)" } + sessionTable.unknownColumns.map { "Sessions.\($0)" }
        chatLogRows = chatTable.records.count

        var sessionsByID: [String: CSVRecord] = [:]
        for record in sessionTable.records {
            if let problem = sessionTable.shapeProblem(record) {
                problems.append(problem)
                continue
            }
            let id = sessionTable.cell(record, "session_id").trimmingCharacters(in: .whitespaces)
            if id.isEmpty {
                problems.append(SheetRowProblem(tab: "Sessions", row: record.row, column: "session_id", reason: "is empty"))
            } else if sessionsByID[id] != nil {
                problems.append(
                    SheetRowProblem(tab: "Sessions", row: record.row, column: "session_id", reason: "\(id) appears on an earlier row")
                )
            } else {
                sessionsByID[id] = record
            }
        }
        var seen = Set<String>()
        for record in chatTable.records {
            if let problem = chatTable.shapeProblem(record) {
                problems.append(problem)
                continue
            }
            let id = chatTable.cell(record, "session_id").trimmingCharacters(in: .whitespaces)
            do {
                if id.isEmpty { throw SheetCellError(column: "session_id", reason: "is empty") }
                guard seen.insert(id).inserted else {
                    throw SheetCellError(column: "session_id", reason: "\(id) appears on an earlier row")
                }
                guard let sessionRecord = sessionsByID[id] else {
                    throw SheetCellError(column: "session_id", reason: "\(id) has no row in the Sessions tab")
                }
                conversations.append(
                    try SheetRowReader(chat: chatTable, sessions: sessionTable, zone: zone)
                        .conversation(id: id, chat: record, session: sessionRecord)
                )
            } catch let error as SheetCellError {
                problems.append(
                    SheetRowProblem(tab: error.tab ?? "ChatLog", row: error.row ?? record.row, column: error.column, reason: error.reason)
                )
            }
        }
        orphanSessionRows = sessionsByID.filter { !seen.contains($0.key) }.map(\.value.row).sorted()
        if let presence { try readPresence(presence, zone: zone) }
        if let settings { try readSettings(settings) }
    }

    private mutating func readPresence(_ data: Data, zone: TimeZone) throws {
        let table = try SheetTable(tab: "Presence", data: data, required: ["agent_name"], known: ["agent_name", "online", "updated_at"])
        unknownColumns += table.unknownColumns.map { "Presence.\($0)" }
        for record in table.records {
            if let problem = table.shapeProblem(record) {
                problems.append(problem)
                continue
            }
            let cells = SheetCells(table: table, record: record, zone: zone)
            do {
                guard let name = cells.text("agent_name")?.trimmingCharacters(in: .whitespaces) else {
                    throw SheetCellError(column: "agent_name", reason: "is empty")
                }
                presence.append(PresenceEntry(agentName: name, online: try cells.boolean("online"), updatedAt: try cells.time("updated_at")))
            } catch let error as SheetCellError {
                problems.append(SheetRowProblem(tab: "Presence", row: record.row, column: error.column, reason: error.reason))
            }
        }
    }

    private mutating func readSettings(_ data: Data) throws {
        let table = try SheetTable(tab: "Settings", data: data, required: ["key", "value"], known: ["key", "value"])
        for record in table.records {
            let key = table.cell(record, "key").trimmingCharacters(in: .whitespaces)
            let value = table.cell(record, "value")
            guard key == "ai_chat_enabled" else {
                if !key.isEmpty { ignoredSettings.append(key) }
                continue
            }
            guard let enabled = SheetValues.boolean(value), !value.trimmingCharacters(in: .whitespaces).isEmpty else {
                problems.append(SheetRowProblem(tab: "Settings", row: record.row, column: "value", reason: "ai_chat_enabled must be true or false"))
                continue
            }
            aiChatEnabled = enabled
        }
    }
}
