import Foundation
import PostgresClient

/// Writes demo conversations with their contacts, messages, owner history and review flags:
/// one tenant transaction per chunk, one multi-row statement per table.
struct DemoConversationWriter {
    let pool: PostgresPool
    let orgID: UUID
    /// Conversations per transaction: large enough to be quick, small enough to keep locks short.
    var chunkSize = 25

    func write(_ conversations: [DemoConversation]) async throws {
        var start = 0
        while start < conversations.count {
            let chunk = Array(conversations[start..<min(start + chunkSize, conversations.count)])
            let statements = try Self.statements(for: chunk)
            let orgID = self.orgID
            try await pool.withTenant(orgID) { session in
                for statement in statements {
                    try await statement.run(in: session, orgID: orgID)
                }
                try await DemoConversationFacts.refresh(session, orgID: orgID, conversationIDs: chunk.map(\.id))
            }
            start += chunkSize
        }
    }

    /// The inserts for `chunk`, in foreign-key order.
    static func statements(for chunk: [DemoConversation]) throws -> [DemoBulkInsert] {
        var contacts = DemoBulkInsert(DemoScaleTable.contacts)
        var conversations = DemoBulkInsert(DemoScaleTable.conversations)
        var messages = DemoBulkInsert(DemoScaleTable.messages)
        var events = DemoBulkInsert(DemoScaleTable.ownershipEvents)
        var reviews = DemoBulkInsert(DemoScaleTable.qaReviews)
        var kbUpdates = DemoBulkInsert(DemoScaleTable.kbUpdates)
        var followups = DemoBulkInsert(DemoScaleTable.followups)

        for c in chunk {
            try contacts.append([
                c.contactID, c.contactName, c.contactEmail, c.contactPhone, c.startedAt, c.contactCapturedAt ?? c.startedAt,
            ])
            try conversations.append([
                c.id, c.contactID, c.mode.rawValue, c.ownerAgentID, c.pageURL, c.context, c.handoffRequested, c.handoffReason,
                c.handoffRequestedAt, c.status, c.nameProvided, c.emailProvided, c.ownerChanges, c.messages.count,
                c.messages.count, c.aiUnansweredCount, c.startedAt, c.updatedAt, c.messages.last?.at, c.closedAt,
                c.archivedAt, c.closedByAgentID, c.closeReviewed,
            ])
            for (index, message) in c.messages.enumerated() {
                let articles = message.articleID.map { "{\($0.uuidString.lowercased())}" } ?? "{}"
                try messages.append([
                    c.id, index + 1, message.author.rawValue, message.agentID, message.body, message.aiOutcome, articles,
                    message.confidence, message.at,
                ])
            }
            for event in c.ownershipEvents {
                try events.append([event.id, c.id, event.kind, event.from, event.to, event.at])
            }
            if let review = c.qaReview {
                try reviews.append([
                    c.id, true, review.correctionNote, review.flaggedBy, review.flaggedAt, review.reviewedAt != nil,
                    review.reviewedBy, review.reviewedAt, review.reviewedAt ?? review.flaggedAt,
                ])
            }
            if let update = c.kbUpdate {
                try kbUpdates.append([
                    c.id, true, update.note, update.flaggedBy, update.flaggedAt, update.updatedAt != nil, update.updatedBy,
                    update.updatedAt,
                ])
            }
            if let followup = c.followup {
                try followups.append([
                    c.id, true, followup.note, followup.flaggedBy, followup.flaggedAt, followup.doneAt != nil,
                    followup.doneNote, followup.doneBy, followup.doneAt,
                ])
            }
        }
        return [contacts, conversations, messages, events, reviews, kbUpdates, followups]
    }
}
