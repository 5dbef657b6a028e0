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
    public struct Correction: Sendable, Equatable, ReviewFlag {
        public var flagged = false
        public var note: String?
        public var flaggedBy: AgentStamp?
        public var reviewed = false
        public var reviewedBy: AgentStamp?
        public init() {}

        var isRaised: Bool {
            get { flagged }
            set { flagged = newValue }
        }
    }

    /// "Knowledge base needs updating" and whether it has been updated.
    public struct KnowledgeBase: Sendable, Equatable, ReviewFlag {
        public var needed = false
        public var note: String?
        public var flaggedBy: AgentStamp?
        public var updated = false
        public var updatedBy: AgentStamp?
        public init() {}

        var isRaised: Bool {
            get { needed }
            set { needed = newValue }
        }
    }

    /// "Needs follow-up" and its resolution.
    public struct FollowUp: Sendable, Equatable, ReviewFlag {
        public var needed = false
        public var note: String?
        public var flaggedBy: AgentStamp?
        public var done = false
        public var doneNote: String?
        public var doneBy: AgentStamp?
        public init() {}

        /// Flagged and not yet done: the conversation waits in the follow-up workload.
        public var isOpen: Bool { needed && !done }

        var isRaised: Bool {
            get { needed }
            set { needed = newValue }
        }

        /// A completed follow-up flagged again is a new one: it is open from the new stamp on.
        var isStanding: Bool { isOpen }

        mutating func reopen() {
            guard done else { return }
            done = false
            doneNote = nil
            doneBy = nil
        }
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
        correction.mark(flagged, note: note, by: stamp)
    }

    /// The knowledge-base fix for a wrong answer is confirmed ("Needs correction" check-off).
    public mutating func confirmCorrection(by stamp: AgentStamp) throws {
        guard correction.flagged else {
            throw SimpleDomainError(
                .conflict,
                code: "not_flagged_incorrect",
                message: "This conversation is not flagged as answered incorrectly, so there is nothing to check off."
            )
        }
        guard !correction.reviewed else { return }
        correction.reviewed = true
        correction.reviewedBy = stamp
    }

    /// Sets or clears "Knowledge base needs updating"; clearing it also clears "updated".
    public mutating func markKnowledgeBaseUpdateNeeded(_ needed: Bool, note: String?, by stamp: AgentStamp) {
        knowledgeBase.mark(needed, note: note, by: stamp)
    }

    /// The knowledge base has been changed (KB review queue check-off).
    public mutating func confirmKnowledgeBaseUpdated(by stamp: AgentStamp) throws {
        guard knowledgeBase.needed else {
            throw SimpleDomainError(
                .conflict,
                code: "kb_update_not_needed",
                message: "This conversation is not flagged for a knowledge-base update, so there is nothing to mark updated."
            )
        }
        guard !knowledgeBase.updated else { return }
        knowledgeBase.updated = true
        knowledgeBase.updatedBy = stamp
    }

    /// Sets or clears "Needs follow-up". Flagging again after a completed follow-up starts a new one.
    public mutating func markFollowUpNeeded(_ needed: Bool, note: String?, by stamp: AgentStamp) {
        followUp.mark(needed, note: note, by: stamp)
    }

    /// "Follow-up completed" with how it was resolved.
    public mutating func completeFollowUp(resolution: String, by stamp: AgentStamp) throws {
        guard followUp.isOpen else {
            throw SimpleDomainError(
                .conflict,
                code: "no_open_followup",
                message: followUp.done
                    ? "This follow-up was already completed; flag a new follow-up first if more work is needed."
                    : "This conversation has no follow-up to complete; flag \"Needs follow-up\" first."
            )
        }
        followUp.done = true
        followUp.doneNote = resolution
        followUp.doneBy = stamp
    }
}

/// What the three review flags share: raised with a note by someone, or cleared back to nothing.
protocol ReviewFlag: Sendable, Equatable {
    init()
    var isRaised: Bool { get set }
    var note: String? { get set }
    var flaggedBy: AgentStamp? { get set }
    /// Raised in a way that flagging again with the same note leaves alone (keeps its stamp).
    var isStanding: Bool { get }
    /// Starts over a flag raised again after its work was done.
    mutating func reopen()
}

extension ReviewFlag {
    var isStanding: Bool { isRaised }

    mutating func reopen() {}

    /// Sets or clears the flag. Clearing resets it (and its check-off), keeping only the note;
    /// raising it, or changing its note, records who and when.
    mutating func mark(_ raised: Bool, note: String?, by stamp: AgentStamp) {
        guard raised else {
            self = Self()
            self.note = note
            return
        }
        if !isStanding || self.note != note { flaggedBy = stamp }
        reopen()
        isRaised = true
        self.note = note
    }
}
