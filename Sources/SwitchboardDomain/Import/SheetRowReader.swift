import Foundation

/// Turns one ChatLog row and its Sessions row into an `ImportedConversation`, checking every
/// cell against what the schema will accept, so a row that passes here can be written whole.
struct SheetRowReader {
    let chat: SheetTable
    let sessions: SheetTable
    let zone: TimeZone

    /// The longest message the schema takes: people type 4,000 characters, the AI writes 8,000.
    static func limit(_ author: TranscriptMessage.Author) -> Int {
        author == .ai ? 8000 : 4000
    }

    func conversation(id: String, chat record: CSVRecord, session: CSVRecord) throws -> ImportedConversation {
        let c = SheetCells(table: chat, record: record, zone: zone)
        let s = SheetCells(table: sessions, record: session, zone: zone)

        let messages = try Self.messages(chat.cell(record, "chat_log"))
        for (index, message) in messages.enumerated() {
            let length = message.body.unicodeScalars.count
            if message.body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                throw SheetCellError(column: "chat_log", reason: "message \(index + 1) is empty")
            }
            if length > Self.limit(message.author) {
                throw SheetCellError(
                    column: "chat_log",
                    reason: "message \(index + 1) has \(length) characters; at most \(Self.limit(message.author)) are kept"
                )
            }
        }
        let status = c.text("status")?.trimmingCharacters(in: .whitespaces)
        if let status, status != "after-hours", status != "agent-handled" {
            throw SheetCellError(column: "status", reason: "expected after-hours, agent-handled or blank, found \"\(status)\"")
        }
        let modeText = s.text("mode")?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        guard let mode = Conversation.Mode(rawValue: modeText) else {
            throw SheetCellError(
                tab: "Sessions",
                row: session.row,
                column: "mode",
                reason: "expected ai, live, needs, review, followup, closed or archived, found \"\(modeText)\""
            )
        }
        let owner = s.text("agent_name")?.trimmingCharacters(in: .whitespaces)
        if mode == .live, owner == nil {
            throw SheetCellError(tab: "Sessions", row: session.row, column: "agent_name", reason: "a live conversation needs the agent who owns it")
        }
        let startedAt = try c.requiredTime("chat_started_date_time")
        let updatedAt = try s.time("updated_at") ?? startedAt

        let flagged = try c.boolean("ai_flagged_incorrect")
        let correctionReviewed = try c.boolean("correction_reviewed")
        let reviewedAt = try c.time("reviewed_at")
        let review = ImportedConversation.Review(
            flaggedIncorrect: flagged,
            correctionNote: c.text("correction_note"),
            correctionReviewed: correctionReviewed,
            reviewedBy: c.text("reviewed_by")?.trimmingCharacters(in: .whitespaces),
            reviewedAt: reviewedAt
        )
        let kbNeeded = try c.boolean("kb_update_needed")
        let kbUpdated = try c.boolean("kb_updated")
        let kb = ImportedConversation.KnowledgeBaseFlag(updateNeeded: kbNeeded, updated: kbUpdated)
        let followupNeeded = try c.boolean("followup_needed")
        let followupDone = try c.boolean("followup_done")
        let followupDoneAt = try c.time("followup_done_at")
        let followup = ImportedConversation.Followup(
            needed: followupNeeded,
            note: c.text("followup_note"),
            done: followupDone,
            doneNote: c.text("followup_done_note"),
            doneBy: c.text("followup_done_by")?.trimmingCharacters(in: .whitespaces),
            doneAt: followupDoneAt
        )
        let history = try ownerHistory(s.text("owner_history"), row: session.row)

        let handoff = try c.boolean("handoff")
        let ownerChanges = try c.count("owner_changes")
        return ImportedConversation(
            row: record.row,
            sessionID: id,
            fingerprint: Self.fingerprint(record.cells + ["\u{1E}"] + session.cells),
            conversationID: UUID(uuidString: id) ?? UUID(),
            startedAt: startedAt,
            updatedAt: updatedAt,
            customerName: c.text("customer_name"),
            customerEmail: c.text("customer_email"),
            customerPhone: c.text("customer_phone"),
            page: c.text("page"),
            messages: messages,
            handoff: handoff,
            handoffReason: c.text("handoff_reason"),
            status: status,
            emailProvided: c.text("email_provided"),
            nameProvided: c.text("name_provided"),
            review: review.isEmpty ? nil : review,
            knowledgeBase: kb.updateNeeded || kb.updated ? kb : nil,
            followup: followup.isEmpty ? nil : followup,
            ownerChanges: ownerChanges,
            mode: mode,
            owner: owner,
            ownerHistory: history
        )
    }

    static func messages(_ text: String) throws -> [TranscriptMessage] {
        do {
            return try Transcript.split(text)
        } catch let error as Transcript.Problem {
            throw SheetCellError(column: "chat_log", reason: error.reason)
        }
    }

    /// Sessions `owner_history`: a JSON array of `{from, to, ts}`; blank is none.
    func ownerHistory(_ text: String?, row: Int) throws -> [ImportedConversation.OwnerChange] {
        guard let text else { return [] }
        func problem(_ reason: String) -> SheetCellError {
            SheetCellError(tab: "Sessions", row: row, column: "owner_history", reason: reason)
        }
        guard let array = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [Any] else {
            throw problem("expected a JSON array of {from, to, ts}")
        }
        var changes: [ImportedConversation.OwnerChange] = []
        for (index, element) in array.enumerated() {
            guard let object = element as? [String: Any] else {
                throw problem("element \(index + 1) is not an object {from, to, ts}")
            }
            func name(_ key: String) throws -> String? {
                switch object[key] {
                case nil, is NSNull: return nil
                case let value as String: return SheetValues.optional(value)?.trimmingCharacters(in: .whitespaces)
                default: throw problem("element \(index + 1): \(key) must be a name or null")
                }
            }
            guard let ts = object["ts"] as? String, let at = SheetValues.timestamp(ts, zone: zone) else {
                throw problem("element \(index + 1): ts must be an ISO 8601 time")
            }
            let change = ImportedConversation.OwnerChange(from: try name("from"), to: try name("to"), at: at)
            if change.from == nil, change.to == nil {
                throw problem("element \(index + 1) has neither from nor to")
            }
            changes.append(change)
        }
        return changes
    }

    /// FNV-1a (64 bit) over the cells: stable across runs and machines, unlike `Hasher`.
    static func fingerprint(_ cells: [String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for cell in cells {
            for byte in cell.utf8 {
                hash ^= UInt64(byte)
                hash &*= 0x100_0000_01b3
            }
            hash ^= 0x1F
            hash &*= 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}

extension ImportedConversation.Review {
    var isEmpty: Bool { !flaggedIncorrect && correctionNote == nil && !correctionReviewed && reviewedBy == nil && reviewedAt == nil }
}

extension ImportedConversation.Followup {
    var isEmpty: Bool { !needed && note == nil && !done && doneNote == nil && doneBy == nil && doneAt == nil }
}
