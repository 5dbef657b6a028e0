import Foundation

/// What happened to a message on its way into the store.
public enum AppendOutcome: Sendable, Equatable {
    /// Stored now, with its new sequence number, while the conversation was in `mode`.
    case stored(ChatMessage, mode: Conversation.Mode)
    /// A message with the same client id was stored before; this is that message.
    case duplicate(ChatMessage)
    /// Not stored: the conversation is no longer in a mode that accepts it (e.g. the AI after a take-over).
    case refused(LifecyclePosition)
}

/// The changes a lifecycle decision makes, beyond mode and owner.
public struct TransitionEffects: Sendable, Equatable {
    /// System line the customer sees ("Carol joined").
    public var systemMessage: String?
    /// Ownership history entry, when the owner changes (or the AI resumes).
    public var ownershipEvent: OwnershipEventKind?
    public var handoffReason: String?
    public var markHandoffRequested = false
    /// `after-hours` or `agent-handled`.
    public var status: String?
    public var closedByAgentID: UUID?
    public var closeReviewed: Bool?

    public init(
        systemMessage: String? = nil,
        ownershipEvent: OwnershipEventKind? = nil,
        handoffReason: String? = nil,
        markHandoffRequested: Bool = false,
        status: String? = nil,
        closedByAgentID: UUID? = nil,
        closeReviewed: Bool? = nil
    ) {
        self.systemMessage = systemMessage
        self.ownershipEvent = ownershipEvent
        self.handoffReason = handoffReason
        self.markHandoffRequested = markHandoffRequested
        self.status = status
        self.closedByAgentID = closedByAgentID
        self.closeReviewed = closeReviewed
    }
}

/// Kinds of entries in a conversation's ownership history.
public enum OwnershipEventKind: String, Sendable, Codable {
    case takeOver = "take_over"
    case transfer
    case handBack = "hand_back"
    case close
}

/// A lifecycle decision: where the conversation goes and what else changes.
public struct TransitionPlan: Sendable, Equatable {
    public var position: LifecyclePosition
    public var effects: TransitionEffects

    public init(position: LifecyclePosition, effects: TransitionEffects = TransitionEffects()) {
        self.position = position
        self.effects = effects
    }
}

/// Filters for listing conversations.
public struct ConversationQuery: Sendable, Equatable {
    public var modes: Set<Conversation.Mode>
    public var ownerAgentID: UUID?
    public var limit: Int
    /// Only conversations a search finds (customer text, name, email, phone or id).
    public var search: ConversationSearch?
    /// Only conversations with this (canonical) label.
    public var label: String?

    public init(modes: Set<Conversation.Mode> = Set(Conversation.Mode.allCases), ownerAgentID: UUID? = nil, limit: Int = 100) {
        self.modes = modes
        self.ownerAgentID = ownerAgentID
        self.limit = limit
    }
}

/// Conversations and their messages, always within one organisation.
public protocol ConversationRepository: Sendable {
    /// Creates a conversation (and its contact) in the given starting position.
    func start(orgID: UUID, pageURL: String?, contextJSON: String, position: LifecyclePosition) async throws -> ConversationSummary

    func find(orgID: UUID, conversationID: UUID) async throws -> ConversationSummary?

    func list(orgID: UUID, query: ConversationQuery) async throws -> [ConversationSummary]

    /// How many conversations the organisation has in each mode; modes with none are left out.
    func countByMode(orgID: UUID) async throws -> [Conversation.Mode: Int]

    /// Stores a message with the next sequence number, at most once per client message id.
    /// The conversation row is locked; when `requiredModes` (or `requiredOwner`) is given the
    /// message is only stored while the conversation is in one of those modes (and owned by that
    /// agent): this is how the AI is kept out of live chats.
    func append(
        orgID: UUID,
        conversationID: UUID,
        message: NewMessage,
        requiredModes: Set<Conversation.Mode>?,
        requiredOwner: UUID?
    ) async throws -> AppendOutcome

    /// Replaces the conversation's labels; nil when there is no such conversation.
    func setLabels(orgID: UUID, conversationID: UUID, labels: [String], agentID: UUID) async throws -> [String]?

    /// Every label in use and how many conversations (started in `range`, when given) carry it, most first.
    func labelCounts(orgID: UUID, startedIn range: Range<Date>?) async throws -> [LabelCount]

    /// The customer's other conversations: those whose contact has the same email (or the email
    /// typed into the handoff form) or the same phone number, newest first.
    func history(orgID: UUID, conversationID: UUID, limit: Int) async throws -> [ConversationSummary]

    /// Stores (or replaces) the customer's rating while the conversation is in one of
    /// `SatisfactionRating.ratableModes`; nil when it is not (it has not ended).
    func rate(orgID: UUID, conversationID: UUID, rating: Int, comment: String?) async throws -> SatisfactionRating?

    /// The customer's rating of the conversation, if they gave one.
    func satisfaction(orgID: UUID, conversationID: UUID) async throws -> SatisfactionRating?

    /// Adds an internal note (never shown to the customer); nil when there is no such conversation.
    func addNote(orgID: UUID, conversationID: UUID, agentID: UUID, body: String, mentions: [UUID]) async throws -> ConversationNote?

    /// The conversation's internal notes, oldest first.
    func notes(orgID: UUID, conversationID: UUID) async throws -> [ConversationNote]

    /// Notes by id (for realtime delivery), in no particular order.
    func notes(orgID: UUID, ids: [UUID]) async throws -> [ConversationNote]

    /// `append` for a message that sends a file: the file and the message are stored together or not at all.
    func append(
        orgID: UUID,
        conversationID: UUID,
        message: NewMessage,
        attachment: NewAttachment?,
        requiredModes: Set<Conversation.Mode>?,
        requiredOwner: UUID?
    ) async throws -> AppendOutcome

    /// A file of the conversation, with its bytes; nil when the conversation has no such file.
    func attachment(orgID: UUID, conversationID: UUID, attachmentID: UUID) async throws -> StoredAttachment?

    /// Messages with a sequence number above `afterSeq`, oldest first.
    func messages(orgID: UUID, conversationID: UUID, afterSeq: Int64, limit: Int) async throws -> [ChatMessage]

    /// The last `limit` messages, oldest first: what the AI and the handoff rules look back on.
    func latestMessages(orgID: UUID, conversationID: UUID, limit: Int) async throws -> [ChatMessage]

    /// For several conversations at once, the messages after each one's cursor, in sequence order.
    func messages(orgID: UUID, after cursors: [UUID: Int64], limit: Int) async throws -> [ChatMessage]

    /// Exactly these messages (conversation, sequence number), for fan-out of a batch of notifications.
    func messages(orgID: UUID, keys: [(conversationID: UUID, seq: Int64)]) async throws -> [ChatMessage]

    /// Several conversations at once; missing ids are left out.
    func find(orgID: UUID, conversationIDs: [UUID]) async throws -> [ConversationSummary]

    /// Locks the conversation, lets `decide` plan a transition from its current state, and
    /// applies the plan atomically (mode, owner, effects, system message, notification).
    func transition(
        orgID: UUID,
        conversationID: UUID,
        decide: @Sendable (ConversationSummary) throws -> TransitionPlan
    ) async throws -> ConversationSummary

    /// Like `transition`, for a change that brings `agentID` in: the agent's display name is read in
    /// the same transaction (after the conversation is found) and handed to `decide`; a disabled or
    /// unknown agent is `SimpleDomainError.agentNotFound` and changes nothing.
    func transition(
        orgID: UUID,
        conversationID: UUID,
        bringingIn agentID: UUID,
        decide: @Sendable (ConversationSummary, _ agentName: String) throws -> TransitionPlan
    ) async throws -> ConversationSummary

    /// Fills contact details the AI captured; existing values are kept.
    func captureContact(orgID: UUID, conversationID: UUID, contact: ContactDetails) async throws

    /// Stores what the customer typed into the after-hours form.
    func recordAfterHoursForm(orgID: UUID, conversationID: UUID, name: String, email: String, reason: String) async throws

    /// Ids of AI-only conversations with no message since `cutoff` (for the idle closer).
    func idleAIConversations(orgID: UUID, inactiveSince cutoff: Date, limit: Int) async throws -> [UUID]
}

/// Agents as the lifecycle needs them.
public protocol AgentDirectory: Sendable {
    /// The agent's display name, or nil when there is no such (enabled) agent in the organisation.
    func displayName(orgID: UUID, agentID: UUID) async throws -> String?
    /// The agent's role, or nil when there is no such enabled agent in the organisation.
    func role(orgID: UUID, agentID: UUID) async throws -> AgentRole?
    /// True when at least one agent of the organisation is online (presence heartbeat).
    func anyAgentOnline(orgID: UUID) async throws -> Bool
    /// Enabled agents with their presence, online first.
    func agents(orgID: UUID) async throws -> [AgentPresence]
}

/// An agent as the transfer list shows it.
public struct AgentPresence: Sendable, Equatable, Codable {
    public var id: UUID
    public var displayName: String
    public var role: AgentRole
    public var online: Bool

    public init(id: UUID, displayName: String, role: AgentRole, online: Bool) {
        self.id = id
        self.displayName = displayName
        self.role = role
        self.online = online
    }
}
