import Foundation

/// A conversation and its review flags, as read under the conversation's row lock.
public struct ReviewedConversation: Sendable, Equatable {
    public var conversation: ConversationSummary
    public var review: ConversationReview

    public init(conversation: ConversationSummary, review: ConversationReview) {
        self.conversation = conversation
        self.review = review
    }
}

/// What a review action changes: the flags, and optionally the conversation's mode.
public struct ReviewDecision: Sendable, Equatable {
    public var review: ConversationReview
    /// A lifecycle move to apply in the same transaction (close, follow-up, archive).
    public var transition: TransitionPlan?

    public init(review: ConversationReview, transition: TransitionPlan? = nil) {
        self.review = review
        self.transition = transition
    }
}

/// A conversation flagged "AI answered incorrectly" whose fix is not yet confirmed.
public struct CorrectionQueueItem: Sendable, Equatable {
    public var conversationID: UUID
    public var correctionNote: String?
    public var flaggedBy: String?
    public var flaggedAt: Date?
    public var customerName: String?
    public var startedAt: Date

    public init(conversationID: UUID, correctionNote: String?, flaggedBy: String?, flaggedAt: Date?, customerName: String?, startedAt: Date) {
        self.conversationID = conversationID
        self.correctionNote = correctionNote
        self.flaggedBy = flaggedBy
        self.flaggedAt = flaggedAt
        self.customerName = customerName
        self.startedAt = startedAt
    }
}

/// A conversation whose knowledge-base update is flagged and not yet made.
public struct KnowledgeBaseQueueItem: Sendable, Equatable {
    public var conversationID: UUID
    public var note: String?
    public var flaggedBy: String?
    public var flaggedAt: Date?
    /// The customer's name as the chat captured it, if any.
    public var customerName: String?

    public init(conversationID: UUID, note: String?, flaggedBy: String?, flaggedAt: Date?, customerName: String? = nil) {
        self.customerName = customerName
        self.conversationID = conversationID
        self.note = note
        self.flaggedBy = flaggedBy
        self.flaggedAt = flaggedAt
    }
}

/// An open follow-up.
public struct FollowUpQueueItem: Sendable, Equatable {
    public var conversationID: UUID
    public var note: String?
    public var flaggedBy: String?
    public var flaggedAt: Date?
    public var customerName: String?
    /// Who the follow-up counts against: the owning agent, else the one who closed it, else whoever flagged it.
    public var agentName: String?

    public init(conversationID: UUID, note: String?, flaggedBy: String?, flaggedAt: Date?, customerName: String?, agentName: String?) {
        self.conversationID = conversationID
        self.note = note
        self.flaggedBy = flaggedBy
        self.flaggedAt = flaggedAt
        self.customerName = customerName
        self.agentName = agentName
    }
}

/// The open follow-ups, and how many each agent has.
public struct FollowUpWorkload: Sendable, Equatable {
    /// How many open follow-ups count against one agent.
    public struct AgentCount: Sendable, Equatable {
        public var agentName: String
        public var open: Int

        public init(agentName: String, open: Int) {
            self.agentName = agentName
            self.open = open
        }
    }

    /// Oldest flag first, at most the queue's limit.
    public var items: [FollowUpQueueItem]
    /// Every agent with open follow-ups (not only those in `items`), most first.
    public var byAgent: [AgentCount]

    public init(items: [FollowUpQueueItem], byAgent: [AgentCount]) {
        self.items = items
        self.byAgent = byAgent
    }
}

/// Review flags and the three review queues, always within one organisation.
public protocol ReviewRepository: Sendable {
    /// The conversation and its flags; nil when there is no such conversation in the organisation.
    func find(orgID: UUID, conversationID: UUID) async throws -> ReviewedConversation?

    /// Locks the conversation, lets `decide` change its flags (and plan a lifecycle move) from the
    /// current state, and stores both atomically; state changes are announced to every console.
    func update(
        orgID: UUID,
        conversationID: UUID,
        decide: @Sendable (ReviewedConversation) throws -> ReviewDecision
    ) async throws -> ReviewedConversation

    /// Flagged incorrect and not yet reviewed, newest flag first.
    func correctionQueue(orgID: UUID, limit: Int) async throws -> [CorrectionQueueItem]
    /// Knowledge-base update needed and not yet made, newest flag first.
    func knowledgeBaseQueue(orgID: UUID, limit: Int) async throws -> [KnowledgeBaseQueueItem]
    /// Open follow-ups (needed, not done), oldest flag first, with the count per agent.
    func followUpWorkload(orgID: UUID, limit: Int) async throws -> FollowUpWorkload
}
