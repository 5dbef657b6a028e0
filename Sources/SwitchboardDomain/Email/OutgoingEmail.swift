import Foundation

/// An email to a customer and how far its delivery got, as the console and REST show it.
public struct EmailDelivery: Sendable, Equatable {
    /// Why it was written.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// An agent's reply the customer had left the chat before reading, with a transcript excerpt.
        case agentReply = "agent_reply"
        /// The whole chat, sent by an agent.
        case transcript
    }

    /// `pending` covers waiting, being sent and waiting for a retry.
    public enum Status: String, Sendable, Codable, CaseIterable {
        case pending, sent, failed
    }

    public var id: UUID
    public var conversationID: UUID
    public var kind: Kind
    public var recipient: String
    public var subject: String
    public var status: Status
    public var attempts: Int
    /// When the next attempt is due (pending only).
    public var nextAttemptAt: Date?
    /// The reason the last attempt failed: the server's reply, never a password.
    public var lastError: String?
    public var createdAt: Date
    public var lastAttemptAt: Date?
    public var sentAt: Date?

    public init(
        id: UUID,
        conversationID: UUID,
        kind: Kind,
        recipient: String,
        subject: String,
        status: Status,
        attempts: Int,
        nextAttemptAt: Date?,
        lastError: String?,
        createdAt: Date,
        lastAttemptAt: Date?,
        sentAt: Date?
    ) {
        self.id = id
        self.conversationID = conversationID
        self.kind = kind
        self.recipient = recipient
        self.subject = subject
        self.status = status
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.createdAt = createdAt
        self.lastAttemptAt = lastAttemptAt
        self.sentAt = sentAt
    }
}

/// An email about to be queued.
public struct NewEmail: Sendable, Equatable {
    public var conversationID: UUID
    public var kind: EmailDelivery.Kind
    public var recipient: String
    public var subject: String
    public var body: String
    /// The agent reply this email carries (agent_reply only): one email per reply.
    public var messageSeq: Int64?
    /// The agent who asked for it (transcripts sent from the console).
    public var requestedBy: UUID?

    public init(
        conversationID: UUID,
        kind: EmailDelivery.Kind,
        recipient: String,
        subject: String,
        body: String,
        messageSeq: Int64? = nil,
        requestedBy: UUID? = nil
    ) {
        self.conversationID = conversationID
        self.kind = kind
        self.recipient = recipient
        self.subject = subject
        self.body = body
        self.messageSeq = messageSeq
        self.requestedBy = requestedBy
    }
}

/// The console's and REST's side of the outbox, one organisation at a time.
public protocol EmailOutboxRepository: Sendable {
    /// Queues the email and wakes the workers at commit; an agent reply already queued is not
    /// queued again (nil then).
    func enqueue(orgID: UUID, _ email: NewEmail) async throws -> EmailDelivery?
    /// The conversation's emails, oldest first.
    func deliveries(orgID: UUID, conversationID: UUID) async throws -> [EmailDelivery]
    /// The newest emails whose last attempt failed (retrying or given up), newest first.
    func recentFailures(orgID: UUID, limit: Int) async throws -> [EmailDelivery]
    /// A transcript of this conversation still waiting to be sent, if any.
    func pendingTranscript(orgID: UUID, conversationID: UUID) async throws -> EmailDelivery?
}

/// An email a worker holds: what to send, and the claim that lets it record the outcome.
public struct ClaimedEmail: Sendable, Equatable, Identifiable {
    public var orgID: UUID
    public var id: UUID
    public var claimID: UUID
    public var recipient: String
    public var subject: String
    public var body: String
    /// Attempts including this one.
    public var attempt: Int

    public init(orgID: UUID, id: UUID, claimID: UUID, recipient: String, subject: String, body: String, attempt: Int) {
        self.orgID = orgID
        self.id = id
        self.claimID = claimID
        self.recipient = recipient
        self.subject = subject
        self.body = body
        self.attempt = attempt
    }
}

/// What one attempt came to.
public enum EmailAttemptOutcome: Sendable, Equatable {
    /// The server accepted the message.
    case sent
    /// Try again at `retryAt` (a 4xx reply, no connection, a timeout).
    case retry(error: String, retryAt: Date)
    /// No more attempts: a 5xx reply, no settings, or the last attempt failed.
    case failed(error: String)
}

/// The email outbox (`email_outbox`) as the delivery worker sees it.
public protocol EmailOutbox: DeliveryOutbox where Claim == ClaimedEmail, Outcome == EmailAttemptOutcome {}

/// Where customers are: whether a conversation's customer still has the widget open.
public protocol CustomerPresenceRepository: Sendable {
    /// These conversations' customers have a socket open on this instance now.
    func seen(orgID: UUID, conversationIDs: [UUID]) async throws
    /// The conversation's customer closed their last socket on this instance.
    func left(orgID: UUID, conversationID: UUID) async throws
    /// True unless the customer has a socket open (seen within `staleAfter` and not left since).
    func isAway(orgID: UUID, conversationID: UUID, staleAfter: Duration) async throws -> Bool
}
