import Foundation

/// The review loop after (and during) a chat: the three flags, closing with the "Before you close
/// this chat" checklist, follow-ups that reopen work on closed chats, archiving, and the queues.
/// Mode changes go through `ConversationLifecycle`; the repository applies flags and mode together.
public struct ReviewService: Sendable {
    private let reviews: any ReviewRepository
    private let agents: any AgentDirectory
    private let unitOfWork: any UnitOfWork
    private let now: @Sendable () -> Date

    /// What the customer sees when an agent closes the chat.
    public static let closedMessage = "This chat has been closed. Start a new chat any time if you need anything else."

    public init(
        reviews: any ReviewRepository,
        agents: any AgentDirectory,
        unitOfWork: any UnitOfWork,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.reviews = reviews
        self.agents = agents
        self.unitOfWork = unitOfWork
        self.now = now
    }

    /// The conversation with its flags, or not found.
    public func find(orgID: UUID, conversationID: UUID) async throws -> ReviewedConversation {
        guard let found = try await reviews.find(orgID: orgID, conversationID: conversationID) else {
            throw SimpleDomainError.conversationNotFound
        }
        return found
    }

    /// "AI answered incorrectly" with the correction note.
    public func flagIncorrect(orgID: UUID, conversationID: UUID, agentID: UUID, flagged: Bool, note: String?) async throws -> ReviewedConversation {
        try await setFlags(orgID: orgID, conversationID: conversationID, agentID: agentID, ReviewFlagChanges(incorrect: .init(flagged, note: note)))
    }

    /// "Knowledge base needs updating" with an optional note.
    public func flagKnowledgeBaseUpdate(
        orgID: UUID,
        conversationID: UUID,
        agentID: UUID,
        needed: Bool,
        note: String?
    ) async throws -> ReviewedConversation {
        try await setFlags(
            orgID: orgID,
            conversationID: conversationID,
            agentID: agentID,
            ReviewFlagChanges(knowledgeBase: .init(needed, note: note))
        )
    }

    /// "Needs follow-up": on a closed conversation, flagging moves it to `followup`; clearing the
    /// flag on a conversation waiting in `followup` closes it again.
    public func flagFollowUp(orgID: UUID, conversationID: UUID, agentID: UUID, needed: Bool, note: String?) async throws -> ReviewedConversation {
        try await setFlags(orgID: orgID, conversationID: conversationID, agentID: agentID, ReviewFlagChanges(followUp: .init(needed, note: note)))
    }

    /// Sets or clears every flag `changes` names, atomically in one transaction (in the order QA,
    /// knowledge base, follow-up); a follow-up change moves the conversation as `flagFollowUp` says.
    public func setFlags(orgID: UUID, conversationID: UUID, agentID: UUID, _ changes: ReviewFlagChanges) async throws -> ReviewedConversation {
        let incorrectNote = try Self.note(changes.incorrect?.note, field: "note")
        let knowledgeBaseNote = try Self.note(changes.knowledgeBase?.note, field: "note")
        let followUpNote = try Self.note(changes.followUp?.note, field: "note")
        return try await changeReview(orgID: orgID, conversationID: conversationID, agentID: agentID) { review, stamp, position in
            if let incorrect = changes.incorrect { review.markIncorrect(incorrect.on, note: incorrectNote, by: stamp) }
            if let knowledgeBase = changes.knowledgeBase {
                review.markKnowledgeBaseUpdateNeeded(knowledgeBase.on, note: knowledgeBaseNote, by: stamp)
            }
            guard let followUp = changes.followUp else { return nil }
            review.markFollowUpNeeded(followUp.on, note: followUpNote, by: stamp)
            if followUp.on, position.mode == .closed {
                return TransitionPlan(position: try ConversationLifecycle.apply(.flagFollowUp, to: position))
            } else if !followUp.on, position.mode == .followup {
                return TransitionPlan(position: try ConversationLifecycle.apply(.completeFollowUp, to: position))
            }
            return nil
        }
    }

    /// `setFlags` for a caller that names the agent itself (a REST client): the conversation is
    /// looked up first (not found, whatever the rest), then the agent (`agentNotFound` unless an
    /// agent of the organisation), then every flag is set; one transaction for all of it.
    public func setFlags(
        orgID: UUID,
        conversationID: UUID,
        namedAgent agentID: UUID,
        _ changes: ReviewFlagChanges
    ) async throws -> ReviewedConversation {
        try await unitOfWork.run(orgID: orgID) {
            _ = try await find(orgID: orgID, conversationID: conversationID)
            guard try await agents.displayName(orgID: orgID, agentID: agentID) != nil else { throw SimpleDomainError.agentNotFound }
            return try await setFlags(orgID: orgID, conversationID: conversationID, agentID: agentID, changes)
        }
    }

    /// "Follow-up completed" with a resolution note; a conversation waiting in `followup` closes.
    public func completeFollowUp(orgID: UUID, conversationID: UUID, agentID: UUID, resolution: String) async throws -> ReviewedConversation {
        let resolution = try Validation.text(resolution, field: "resolution", maxLength: Self.maxNoteLength)
        return try await changeReview(orgID: orgID, conversationID: conversationID, agentID: agentID) { review, stamp, position in
            try review.completeFollowUp(resolution: resolution, by: stamp)
            return position.mode == .followup
                ? TransitionPlan(position: try ConversationLifecycle.apply(.completeFollowUp, to: position)) : nil
        }
    }

    /// A change to the flags stamped with who and when, decided on the stored review inside the
    /// repository's transaction; `change` returns the mode transition to apply with it, if any.
    private func changeReview(
        orgID: UUID,
        conversationID: UUID,
        agentID: UUID,
        _ change: @escaping @Sendable (inout ConversationReview, AgentStamp, LifecyclePosition) throws -> TransitionPlan?
    ) async throws -> ReviewedConversation {
        let stamp = AgentStamp(agentID: agentID, at: now())
        return try await reviews.update(orgID: orgID, conversationID: conversationID) { current in
            var review = current.review
            let transition = try change(&review, stamp, current.conversation.position)
            return ReviewDecision(review: review, transition: transition)
        }
    }

    /// Closes from any open mode after the "Before you close this chat" checklist: "Chat reviewed"
    /// must be confirmed, and "Knowledge base needs updating" is saved when given; nil leaves the
    /// stored flag and its note alone, so a close never clears a flag the agent did not see. A
    /// follow-up that is still open sends the closed conversation on to `followup`.
    public func close(
        orgID: UUID,
        conversationID: UUID,
        agentID: UUID,
        chatReviewed: Bool,
        knowledgeBaseNeedsUpdate: Bool? = nil
    ) async throws -> ReviewedConversation {
        guard chatReviewed else { throw Self.reviewRequired }
        return try await changeReview(orgID: orgID, conversationID: conversationID, agentID: agentID) { review, stamp, current in
            var position = try ConversationLifecycle.apply(.close(reviewed: true), to: current)
            if let knowledgeBaseNeedsUpdate {
                review.markKnowledgeBaseUpdateNeeded(knowledgeBaseNeedsUpdate, note: review.knowledgeBase.note, by: stamp)
            }
            if review.followUp.isOpen {
                position = try ConversationLifecycle.apply(.flagFollowUp, to: position)
            }
            return TransitionPlan(
                position: position,
                effects: TransitionEffects(systemMessage: Self.closedMessage, closedByAgentID: agentID, closeReviewed: true)
            )
        }
    }

    /// Files a closed conversation away.
    public func archive(orgID: UUID, conversationID: UUID) async throws -> ReviewedConversation {
        try await reviews.update(orgID: orgID, conversationID: conversationID) { current in
            ReviewDecision(
                review: current.review,
                transition: TransitionPlan(position: try ConversationLifecycle.apply(.archive, to: current.conversation.position))
            )
        }
    }

    /// "Needs correction" check-off: the knowledge-base fix is confirmed, by whom and when.
    public func confirmCorrection(orgID: UUID, conversationID: UUID, agentID: UUID) async throws -> ReviewedConversation {
        try await changeReview(orgID: orgID, conversationID: conversationID, agentID: agentID) { review, stamp, _ in
            try review.confirmCorrection(by: stamp)
            return nil
        }
    }

    /// KB review check-off: the knowledge base has been updated.
    public func confirmKnowledgeBaseUpdated(orgID: UUID, conversationID: UUID, agentID: UUID) async throws -> ReviewedConversation {
        try await changeReview(orgID: orgID, conversationID: conversationID, agentID: agentID) { review, stamp, _ in
            try review.confirmKnowledgeBaseUpdated(by: stamp)
            return nil
        }
    }

    public func correctionQueue(orgID: UUID) async throws -> [CorrectionQueueItem] {
        try await reviews.correctionQueue(orgID: orgID, limit: Self.queueLimit)
    }

    public func knowledgeBaseQueue(orgID: UUID) async throws -> [KnowledgeBaseQueueItem] {
        try await reviews.knowledgeBaseQueue(orgID: orgID, limit: Self.queueLimit)
    }

    /// Open follow-ups and how many each agent has, most first.
    public func followUpWorkload(orgID: UUID) async throws -> FollowUpWorkload {
        try await reviews.followUpWorkload(orgID: orgID, limit: Self.queueLimit)
    }

    public static let maxNoteLength = 2000
    static let queueLimit = 500

    static let reviewRequired = SimpleDomainError(
        .invalidInput,
        code: "review_required",
        message: "Confirm \"Chat reviewed\" before closing this conversation."
    )

    /// A trimmed note; empty means no note.
    static func note(_ text: String?, field: String) throws -> String? {
        guard let text else { return nil }
        let trimmed = try Validation.text(text, field: field, maxLength: maxNoteLength, allowEmpty: true)
        return trimmed.isEmpty ? nil : trimmed
    }
}

/// The review flags one request sets or clears; nil leaves a flag (and its note) as it is.
public struct ReviewFlagChanges: Sendable, Equatable {
    /// One flag's new state and the note that goes with it.
    public struct Change: Sendable, Equatable {
        public var on: Bool
        public var note: String?

        public init(_ on: Bool, note: String?) {
            self.on = on
            self.note = note
        }
    }

    /// "AI answered incorrectly" and its correction note.
    public var incorrect: Change?
    /// "Knowledge base needs updating" and its note.
    public var knowledgeBase: Change?
    /// "Needs follow-up" and its note.
    public var followUp: Change?

    public init(incorrect: Change? = nil, knowledgeBase: Change? = nil, followUp: Change? = nil) {
        self.incorrect = incorrect
        self.knowledgeBase = knowledgeBase
        self.followUp = followUp
    }

    /// Whether the request names no flag at all.
    public var isEmpty: Bool { incorrect == nil && knowledgeBase == nil && followUp == nil }
}
