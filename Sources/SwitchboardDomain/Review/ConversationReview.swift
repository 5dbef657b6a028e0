import Foundation

/// Who did something, and when; the name is filled in when the review is read back.
public struct AgentStamp: Sendable, Equatable {
    public var agentID: UUID
    /// The agent's display name at the time of reading; nil on a stamp not yet stored.
    public var name: String?
    public var at: Date

    public init(agentID: UUID, name: String? = nil, at: Date) {
        self.agentID = agentID
        self.name = name
        self.at = at
    }
}

/// The review loop's flags on one conversation, orthogonal to its mode (DESIGN.md): was the AI
/// wrong, does the knowledge base need a fix, does someone need to follow up. Each flag records
/// who set it and when; the rules for changing them live here so they need no database to test.
public struct ConversationReview: Sendable, Equatable {
    /// "AI answered incorrectly", its correction note, and the reviewer's check-off.
    public struct Correction: Sendable, Equatable {
        public var flagged = false
        public var note: String?
        public var flaggedBy: AgentStamp?
        public var reviewed = false
        public var reviewedBy: AgentStamp?
        public init() {}
    }

    /// "Knowledge base needs updating" and whether it has been updated.
    public struct KnowledgeBase: Sendable, Equatable {
        public var needed = false
        public var note: String?
        public var flaggedBy: AgentStamp?
        public var updated = false
        public var updatedBy: AgentStamp?
        public init() {}
    }

    /// "Needs follow-up" and its resolution.
    public struct FollowUp: Sendable, Equatable {
        public var needed = false
        public var note: String?
        public var flaggedBy: AgentStamp?
        public var done = false
        public var doneNote: String?
        public var doneBy: AgentStamp?
        public init() {}

        /// Flagged and not yet done: the conversation waits in the follow-up workload.
        public var isOpen: Bool { needed && !done }
    }

    public var correction = Correction()
    public var knowledgeBase = KnowledgeBase()
    public var followUp = FollowUp()

    public init(correction: Correction = Correction(), knowledgeBase: KnowledgeBase = KnowledgeBase(), followUp: FollowUp = FollowUp()) {
        self.correction = correction
        self.knowledgeBase = knowledgeBase
        self.followUp = followUp
    }
}

extension ConversationReview {
    /// Sets or clears "AI answered incorrectly". Setting it (or changing its note) records who and
    /// when; clearing it also clears the check-off, so a later flag goes back into the queue.
    public mutating func markIncorrect(_ flagged: Bool, note: String?, by stamp: AgentStamp) {
        guard flagged else {
            correction = Correction()
            correction.note = note
            return
        }
        if !correction.flagged || correction.note != note { correction.flaggedBy = stamp }
        correction.flagged = true
        correction.note = note
    }

    /// The knowledge-base fix for a wrong answer is confirmed ("Needs correction" check-off).
    public mutating func confirmCorrection(by stamp: AgentStamp) throws {
        guard correction.flagged else {
            throw SimpleDomainError(
                .conflict, code: "not_flagged_incorrect",
                message: "This conversation is not flagged as answered incorrectly, so there is nothing to check off.")
        }
        guard !correction.reviewed else { return }
        correction.reviewed = true
        correction.reviewedBy = stamp
    }

    /// Sets or clears "Knowledge base needs updating"; clearing it also clears "updated".
    public mutating func markKnowledgeBaseUpdateNeeded(_ needed: Bool, note: String?, by stamp: AgentStamp) {
        guard needed else {
            knowledgeBase = KnowledgeBase()
            knowledgeBase.note = note
            return
        }
        if !knowledgeBase.needed || knowledgeBase.note != note { knowledgeBase.flaggedBy = stamp }
        knowledgeBase.needed = true
        knowledgeBase.note = note
    }

    /// The knowledge base has been changed (KB review queue check-off).
    public mutating func confirmKnowledgeBaseUpdated(by stamp: AgentStamp) throws {
        guard knowledgeBase.needed else {
            throw SimpleDomainError(
                .conflict, code: "kb_update_not_needed",
                message: "This conversation is not flagged for a knowledge-base update, so there is nothing to mark updated.")
        }
        guard !knowledgeBase.updated else { return }
        knowledgeBase.updated = true
        knowledgeBase.updatedBy = stamp
    }

    /// Sets or clears "Needs follow-up". Flagging again after a completed follow-up starts a new one.
    public mutating func markFollowUpNeeded(_ needed: Bool, note: String?, by stamp: AgentStamp) {
        guard needed else {
            followUp = FollowUp()
            followUp.note = note
            return
        }
        if !followUp.isOpen || followUp.note != note { followUp.flaggedBy = stamp }
        if followUp.done {
            followUp.done = false
            followUp.doneNote = nil
            followUp.doneBy = nil
        }
        followUp.needed = true
        followUp.note = note
    }

    /// "Follow-up completed" with how it was resolved.
    public mutating func completeFollowUp(resolution: String, by stamp: AgentStamp) throws {
        guard followUp.isOpen else {
            throw SimpleDomainError(
                .conflict, code: "no_open_followup",
                message: followUp.done
                    ? "This follow-up was already completed; flag a new follow-up first if more work is needed."
                    : "This conversation has no follow-up to complete; flag \"Needs follow-up\" first.")
        }
        followUp.done = true
        followUp.doneNote = resolution
        followUp.doneBy = stamp
    }
}
