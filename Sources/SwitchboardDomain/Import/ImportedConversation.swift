import Foundation

/// One ChatLog row joined with its Sessions row: everything the import writes for it. Agents are
/// named by display name; the writer resolves the names to agents.
public struct ImportedConversation: Sendable, Equatable {
    /// Spreadsheet row of the ChatLog tab, for reports.
    public var row: Int
    /// The sheet's `session_id`, kept as the conversation's external id.
    public var sessionID: String
    /// Fingerprint of both rows' cells: tells a later import whether the row changed since.
    public var fingerprint: String
    public var conversationID: UUID
    public var startedAt: Date
    public var updatedAt: Date
    public var customerName: String?
    public var customerEmail: String?
    public var customerPhone: String?
    public var page: String?
    public var messages: [TranscriptMessage]
    public var handoff: Bool
    public var handoffReason: String?
    /// `after-hours`, `agent-handled` or nil.
    public var status: String?
    public var emailProvided: String?
    public var nameProvided: String?
    public var review: Review?
    public var knowledgeBase: KnowledgeBaseFlag?
    public var followup: Followup?
    public var ownerChanges: Int
    public var mode: Conversation.Mode
    /// The agent who owns it now (Sessions `agent_name`).
    public var owner: String?
    public var ownerHistory: [OwnerChange]

    /// `ai_flagged_incorrect`, `correction_note`, `correction_reviewed`, `reviewed_by`, `reviewed_at`.
    public struct Review: Sendable, Equatable {
        public var flaggedIncorrect: Bool
        public var correctionNote: String?
        public var correctionReviewed: Bool
        public var reviewedBy: String?
        public var reviewedAt: Date?

        public init(flaggedIncorrect: Bool, correctionNote: String?, correctionReviewed: Bool, reviewedBy: String?, reviewedAt: Date?) {
            self.flaggedIncorrect = flaggedIncorrect
            self.correctionNote = correctionNote
            self.correctionReviewed = correctionReviewed
            self.reviewedBy = reviewedBy
            self.reviewedAt = reviewedAt
        }
    }

    /// `kb_update_needed`, `kb_updated`.
    public struct KnowledgeBaseFlag: Sendable, Equatable {
        public var updateNeeded: Bool
        public var updated: Bool

        public init(updateNeeded: Bool, updated: Bool) {
            self.updateNeeded = updateNeeded
            self.updated = updated
        }
    }

    /// The `followup_*` columns.
    public struct Followup: Sendable, Equatable {
        public var needed: Bool
        public var note: String?
        public var done: Bool
        public var doneNote: String?
        public var doneBy: String?
        public var doneAt: Date?

        public init(needed: Bool, note: String?, done: Bool, doneNote: String?, doneBy: String?, doneAt: Date?) {
            self.needed = needed
            self.note = note
            self.done = done
            self.doneNote = doneNote
            self.doneBy = doneBy
            self.doneAt = doneAt
        }
    }

    /// One element of Sessions `owner_history`: `from` is nil when the AI had it; `to` nil is a
    /// hand-back to the AI.
    public struct OwnerChange: Sendable, Equatable {
        public var from: String?
        public var to: String?
        public var at: Date

        public init(from: String?, to: String?, at: Date) {
            self.from = from
            self.to = to
            self.at = at
        }
    }

    /// When the chat ended, for the modes that need it (followup, closed, archived): the sheet
    /// has no close time, so the last change of mode or owner stands in.
    public var closedAt: Date? {
        [.followup, .closed, .archived].contains(mode) ? updatedAt : nil
    }

    /// Every agent name the row refers to.
    public var agentNames: Set<String> {
        var names = Set<String>()
        for message in messages { if case .agent(let name) = message.author { names.insert(name) } }
        for name in [owner, review?.reviewedBy, followup?.doneBy] { if let name { names.insert(name) } }
        for change in ownerHistory {
            if let from = change.from { names.insert(from) }
            if let to = change.to { names.insert(to) }
        }
        return names
    }
}
