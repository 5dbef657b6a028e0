import Foundation

/// The mode and owner of a conversation: all the lifecycle rules look at.
public struct LifecyclePosition: Sendable, Equatable {
    public var mode: Conversation.Mode
    public var ownerAgentID: UUID?

    public init(mode: Conversation.Mode, ownerAgentID: UUID? = nil) {
        self.mode = mode
        self.ownerAgentID = ownerAgentID
    }
}

/// A transition the lifecycle refused.
public struct LifecycleError: DomainError, Equatable {
    public enum Reason: Sendable, Equatable {
        /// The event is not allowed from the current mode.
        case notAllowed
        /// The conversation is owned by someone other than the caller expected.
        case ownedBySomeoneElse
        /// Closing needs the "chat reviewed" confirmation.
        case reviewRequired
    }

    public var reason: Reason
    public var event: String
    public var current: LifecyclePosition

    public init(reason: Reason, event: String, current: LifecyclePosition) {
        self.reason = reason
        self.event = event
        self.current = current
    }

    public var kind: DomainErrorKind { reason == .reviewRequired ? .invalidInput : .conflict }

    public var code: String {
        switch reason {
        case .notAllowed: "invalid_transition"
        case .ownedBySomeoneElse: "conversation_taken"
        case .reviewRequired: "review_required"
        }
    }

    public var message: String {
        switch reason {
        case .notAllowed:
            "Cannot \(event) a conversation that is in mode \"\(current.mode.rawValue)\"."
        case .ownedBySomeoneElse:
            "Another agent owns this conversation now (mode \"\(current.mode.rawValue)\"); reload it before acting."
        case .reviewRequired:
            "Confirm \"Chat reviewed\" before closing this conversation."
        }
    }
}

/// The conversation state machine of DESIGN.md, in one place.
///
/// start → ai (needs when the AI is off); ai → needs; ai/needs → live (take over);
/// live → live with another owner (transfer); live → ai (hand back); needs → review
/// (after-hours); ai/needs/live/review → closed (reviewed); closed → followup → closed;
/// closed → archived; idle ai → closed (background service). Everything else is refused.
public enum ConversationLifecycle {
    /// Where a new conversation starts.
    public static func start(aiChatEnabled: Bool) -> LifecyclePosition {
        LifecyclePosition(mode: aiChatEnabled ? .ai : .needs)
    }

    /// Modes a conversation can be closed from.
    public static let openModes: Set<Conversation.Mode> = [.ai, .needs, .live, .review]

    /// The position after `event`, or the reason it is refused.
    public static func apply(_ event: LifecycleEvent, to current: LifecyclePosition) throws(LifecycleError) -> LifecyclePosition {
        func refuse(_ reason: LifecycleError.Reason = .notAllowed) -> LifecycleError {
            LifecycleError(reason: reason, event: event.name, current: current)
        }
        switch (event, current.mode) {
        case (.requestHuman, .ai), (.aiCouldNotAnswer, .ai):
            return LifecyclePosition(mode: .needs)
        case (.takeOver(let agent), .ai), (.takeOver(let agent), .needs):
            return LifecyclePosition(mode: .live, ownerAgentID: agent)
        case (.takeOver, .live):
            throw refuse(.ownedBySomeoneElse)
        case (.transfer(let from, let to), .live):
            guard current.ownerAgentID == from else { throw refuse(.ownedBySomeoneElse) }
            guard from != to else { throw refuse() }
            return LifecyclePosition(mode: .live, ownerAgentID: to)
        case (.handBack(let agent), .live):
            guard current.ownerAgentID == agent else { throw refuse(.ownedBySomeoneElse) }
            return LifecyclePosition(mode: .ai)
        case (.afterHours, .needs):
            return LifecyclePosition(mode: .review)
        case (.close(let reviewed), let mode) where openModes.contains(mode):
            guard reviewed else { throw refuse(.reviewRequired) }
            return LifecyclePosition(mode: .closed, ownerAgentID: current.ownerAgentID)
        case (.flagFollowUp, .closed):
            return LifecyclePosition(mode: .followup, ownerAgentID: current.ownerAgentID)
        case (.completeFollowUp, .followup):
            return LifecyclePosition(mode: .closed, ownerAgentID: current.ownerAgentID)
        case (.archive, .closed):
            return LifecyclePosition(mode: .archived, ownerAgentID: current.ownerAgentID)
        case (.closeIdle, .ai):
            return LifecyclePosition(mode: .closed)
        default:
            throw refuse()
        }
    }
}
