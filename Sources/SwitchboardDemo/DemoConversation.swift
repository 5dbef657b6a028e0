import Foundation
import SwitchboardDomain

/// A console user of a demo organisation, with the id the seeder gives it.
struct DemoAgent: Sendable {
    var id: UUID
    var name: String
    var email: String
    var role: String
    /// Whether the presence row shows a heartbeat from the last minutes.
    var online: Bool

    var canReviewCorrections: Bool { role == "supervisor" || role == "admin" }
}

/// A knowledge-base article with the id the seeder gives it.
struct DemoArticle: Sendable {
    var id: UUID
    var content: DemoContent.Article
}

/// One conversation as the seeder will write it: the row, its messages, owner history and flags.
struct DemoConversation: Sendable {
    struct Message: Sendable {
        var author: MessageAuthor
        var agentID: UUID?
        var body: String
        var aiOutcome: String?
        var articleID: UUID?
        var confidence: Double?
        var at: Date
    }

    struct OwnershipEvent: Sendable {
        var id: UUID
        /// take_over, transfer, hand_back or close.
        var kind: String
        var from: UUID?
        var to: UUID?
        var at: Date
    }

    struct QAReview: Sendable {
        var correctionNote: String
        var flaggedBy: UUID
        var flaggedAt: Date
        var reviewedBy: UUID?
        var reviewedAt: Date?
    }

    struct KBUpdate: Sendable {
        var note: String?
        var flaggedBy: UUID
        var flaggedAt: Date
        var updatedBy: UUID?
        var updatedAt: Date?
    }

    struct Followup: Sendable {
        var note: String
        var flaggedBy: UUID
        var flaggedAt: Date
        var doneNote: String?
        var doneBy: UUID?
        var doneAt: Date?
    }

    var id: UUID
    var contactID: UUID
    var contactName: String?
    var contactEmail: String?
    var contactPhone: String?
    /// When the AI stored the details the visitor typed.
    var contactCapturedAt: Date?
    var mode: Conversation.Mode = .ai
    var ownerAgentID: UUID?
    var pageURL: String?
    /// A JSON object, as text.
    var context: String = "{}"
    var handoffRequested = false
    var handoffReason: String?
    var handoffRequestedAt: Date?
    /// after-hours or agent-handled.
    var status: String?
    var nameProvided: String?
    var emailProvided: String?
    var ownerChanges = 0
    var aiUnansweredCount = 0
    var startedAt: Date
    var updatedAt: Date
    var closedAt: Date?
    var archivedAt: Date?
    var closedByAgentID: UUID?
    var closeReviewed = false
    var messages: [Message] = []
    var ownershipEvents: [OwnershipEvent] = []
    var qaReview: QAReview?
    var kbUpdate: KBUpdate?
    var followup: Followup?

    init(id: UUID, contactID: UUID, startedAt: Date) {
        self.id = id
        self.contactID = contactID
        self.startedAt = startedAt
        self.updatedAt = startedAt
    }

    /// Time of the newest message, or the start.
    var lastActivity: Date { messages.last?.at ?? startedAt }

    /// Whether an AI answer from the knowledge base is in the transcript.
    var hasAIAnswer: Bool { messages.contains { $0.aiOutcome == "answered" } }

    /// The first article the AI answered from, for knowledge-base notes.
    var firstArticleID: UUID? { messages.first { $0.articleID != nil }?.articleID }

    /// Moves to `mode`; a change of mode is what `updated_at` records.
    mutating func set(_ mode: Conversation.Mode, at date: Date) {
        self.mode = mode
        updatedAt = date
    }
}
