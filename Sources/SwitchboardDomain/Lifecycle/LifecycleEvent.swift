import Foundation

/// Something that moves a conversation through its lifecycle.
public enum LifecycleEvent: Sendable, Equatable {
    /// The customer asked for a human, giving a reason.
    case requestHuman
    /// The AI could not answer and offered a human.
    case aiCouldNotAnswer
    /// An agent takes the conversation over from the AI or the queue; no one may own it yet.
    case takeOver(agentID: UUID)
    /// The owning agent hands the conversation to a colleague.
    case transfer(from: UUID, to: UUID)
    /// The owning agent gives the conversation back to the AI.
    case handBack(agentID: UUID)
    /// Nobody is online: the customer is asked for name, email and reason instead.
    case afterHours
    /// An agent closes the conversation, confirming they reviewed it.
    case close(reviewed: Bool)
    /// Someone must still act after the close.
    case flagFollowUp
    /// The follow-up is done.
    case completeFollowUp
    /// File a closed conversation away.
    case archive
    /// The background service closes an AI-only conversation nobody wrote in for a while.
    case closeIdle

    /// A short name for messages and logs.
    public var name: String {
        switch self {
        case .requestHuman: "request a human"
        case .aiCouldNotAnswer: "hand over after an unanswered question"
        case .takeOver: "take over"
        case .transfer: "transfer"
        case .handBack: "hand back to the AI"
        case .afterHours: "switch to after-hours"
        case .close: "close"
        case .flagFollowUp: "flag for follow-up"
        case .completeFollowUp: "complete the follow-up"
        case .archive: "archive"
        case .closeIdle: "close an idle"
        }
    }
}
