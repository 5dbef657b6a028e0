import Foundation

/// Moves conversations between the AI and people: handoff requests, take-overs, transfers,
/// hand-backs and after-hours routing. The lifecycle rules come from `ConversationLifecycle`;
/// the repository applies each decision atomically under a row lock.
public struct HandoffService: Sendable {
    private let conversations: any ConversationRepository
    private let agents: any AgentDirectory

    /// What the customer is told while an agent is on the way.
    public static let waitingMessage = "I've asked a colleague to join. Someone will be with you shortly."
    /// What the customer is asked when nobody is online.
    public static let afterHoursMessage =
        "Our team is offline right now. Leave your name, email and what you need, and we'll get back to you."

    public init(conversations: any ConversationRepository, agents: any AgentDirectory) {
        self.conversations = conversations
        self.agents = agents
    }

    /// The customer asked for a human: to `needs`, or to after-hours review when nobody is online.
    public func requestHuman(orgID: UUID, conversationID: UUID, reason: String) async throws -> ConversationSummary {
        let reason = try Validation.text(reason, field: "reason", maxLength: 1000, allowEmpty: true)
        return try await routeToPeople(orgID: orgID, conversationID: conversationID, event: .requestHuman, reason: reason.isEmpty ? nil : reason)
    }

    /// The customer said yes to the AI's offer of a person after it could not answer `question`:
    /// the same routing, recorded as the AI's handoff (webhook trigger `ai_could_not_answer`).
    public func aiCouldNotAnswer(orgID: UUID, conversationID: UUID, question: String) async throws -> ConversationSummary {
        let question = try Validation.text(question, field: "reason", maxLength: 1000, allowEmpty: true)
        return try await routeToPeople(
            orgID: orgID,
            conversationID: conversationID,
            event: .aiCouldNotAnswer,
            reason: question.isEmpty ? nil : question
        )
    }

    private func routeToPeople(orgID: UUID, conversationID: UUID, event: LifecycleEvent, reason: String?) async throws -> ConversationSummary {
        let online = try await agents.anyAgentOnline(orgID: orgID)
        return try await conversations.transition(orgID: orgID, conversationID: conversationID) { current in
            var position = try ConversationLifecycle.apply(event, to: current.position)
            var effects = TransitionEffects(
                systemMessage: Self.waitingMessage,
                handoffReason: reason,
                markHandoffRequested: event == .requestHuman
            )
            if !online {
                position = try ConversationLifecycle.apply(.afterHours, to: position)
                effects.status = "after-hours"
                effects.systemMessage = Self.afterHoursMessage
            }
            return TransitionPlan(position: position, effects: effects)
        }
    }

    /// An agent takes the conversation over; `expectedOwner` is who they saw owning it (nil: nobody).
    public func takeOver(orgID: UUID, conversationID: UUID, agentID: UUID, expectedOwner: UUID?) async throws -> ConversationSummary {
        try await bringIn(
            agentID,
            orgID: orgID,
            conversationID: conversationID,
            expectedOwner: expectedOwner,
            event: "take over",
            lifecycle: .takeOver(agentID: agentID),
            ownership: .takeOver
        )
    }

    /// The owning agent hands the conversation to a colleague.
    public func transfer(orgID: UUID, conversationID: UUID, from agentID: UUID, to colleagueID: UUID) async throws -> ConversationSummary {
        try await bringIn(
            colleagueID,
            orgID: orgID,
            conversationID: conversationID,
            expectedOwner: agentID,
            event: "transfer",
            lifecycle: .transfer(from: agentID, to: colleagueID),
            ownership: .transfer
        )
    }

    /// Gives the conversation to `joiningID` if `expectedOwner` still owns it; the customer sees
    /// "‹name› joined" and the status becomes agent-handled.
    private func bringIn(
        _ joiningID: UUID,
        orgID: UUID,
        conversationID: UUID,
        expectedOwner: UUID?,
        event: String,
        lifecycle: LifecycleEvent,
        ownership: OwnershipEventKind
    ) async throws -> ConversationSummary {
        // One transaction: the joining agent's name is read beside the locked conversation.
        try await conversations.transition(orgID: orgID, conversationID: conversationID, bringingIn: joiningID) { current, name in
            try Self.expect(owner: expectedOwner, in: current, event: event)
            let position = try ConversationLifecycle.apply(lifecycle, to: current.position)
            let effects = TransitionEffects(systemMessage: "\(name) joined", ownershipEvent: ownership, status: "agent-handled")
            return TransitionPlan(position: position, effects: effects)
        }
    }

    /// The owning agent gives the conversation back to the AI.
    public func handBack(orgID: UUID, conversationID: UUID, agentID: UUID) async throws -> ConversationSummary {
        try await conversations.transition(orgID: orgID, conversationID: conversationID) { current in
            try Self.expect(owner: agentID, in: current, event: "hand back")
            let position = try ConversationLifecycle.apply(.handBack(agentID: agentID), to: current.position)
            return TransitionPlan(
                position: position,
                effects: TransitionEffects(
                    systemMessage: "You're chatting with our AI assistant again.",
                    ownershipEvent: .handBack
                )
            )
        }
    }

    /// The after-hours form: name, email and reason, stored as name/email provided and handoff reason.
    public func submitAfterHoursForm(orgID: UUID, conversationID: UUID, name: String, email: String, reason: String) async throws {
        let name = try Validation.text(name, field: "name", maxLength: 200)
        let email = try Validation.email(email)
        let reason = try Validation.text(reason, field: "reason", maxLength: 1000)
        try await conversations.recordAfterHoursForm(orgID: orgID, conversationID: conversationID, name: name, email: email, reason: reason)
    }

    /// Refuses when the conversation's owner is not who the caller saw, naming who has it now.
    static func expect(owner expected: UUID?, in current: ConversationSummary, event: String) throws {
        guard current.ownerAgentID == expected else {
            throw ConversationTaken(ownerName: current.ownerName, mode: current.mode, since: current.updatedAt)
        }
    }
}

/// Two agents acted at once and the other one won.
public struct ConversationTaken: DomainError, Equatable {
    public var ownerName: String?
    public var mode: Conversation.Mode
    public var since: Date

    public var kind: DomainErrorKind { .conflict }
    public var code: String { "conversation_taken" }
    public var message: String {
        let time = since.formatted(.dateTime.hour(.twoDigits(amPM: .omitted)).minute(.twoDigits).timeZone())
        guard let ownerName else {
            return "This conversation changed at \(time) (now \"\(mode.rawValue)\"); reload it before acting."
        }
        return "\(ownerName) took this conversation over at \(time)."
    }
}
