import Foundation

/// A chat between one website visitor and the organisation, answered by the AI or an agent.
public enum Conversation {
    /// Where a conversation is in its lifecycle; the words of the old console's Sessions tab.
    public enum Mode: String, Sendable, Codable, CaseIterable {
        /// The AI is answering.
        case ai
        /// Waiting for a human: the customer asked for one, or the AI could not answer.
        case needs
        /// An agent owns it and the AI is paused.
        case live
        /// Needs review: an after-hours handoff, or a chat flagged for AI QA.
        case review
        /// Closed for the customer, but someone must still act.
        case followup
        case closed
        /// Closed and filed; only the retention clean-up removes it.
        case archived

        /// The dashboard's "Active" group: ai + needs + live.
        public var isActive: Bool { self == .ai || self == .needs || self == .live }
        /// The dashboard's "Resolved" group: closed + archived.
        public var isResolved: Bool { self == .closed || self == .archived }
    }
}

/// Who wrote a message.
public enum MessageAuthor: String, Sendable, Codable, CaseIterable {
    case customer, ai, agent, system
}

/// What an agent may do in the console.
public enum AgentRole: String, Sendable, Codable, CaseIterable, Comparable {
    case agent, supervisor, admin

    private var rank: Int {
        switch self {
        case .agent: 0
        case .supervisor: 1
        case .admin: 2
        }
    }

    public static func < (lhs: AgentRole, rhs: AgentRole) -> Bool { lhs.rank < rhs.rank }
}
