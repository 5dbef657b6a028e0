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
        var contacts = DemoBulkInsert("contacts", [
            ("contact_id", "uuid"), ("name", "text"), ("email", "text"), ("phone", "text"),
            ("created_at", "timestamptz"), ("updated_at", "timestamptz"),
        ])
        var conversations = DemoBulkInsert("conversations", [
            ("conversation_id", "uuid"), ("contact_id", "uuid"), ("mode", "text"), ("owner_agent_id", "uuid"),
            ("page_url", "text"), ("context", "jsonb"), ("handoff_requested", "boolean"), ("handoff_reason", "text"),
            ("handoff_requested_at", "timestamptz"), ("status", "text"), ("name_provided", "text"),
            ("email_provided", "text"), ("owner_changes", "integer"), ("last_seq", "bigint"), ("message_count", "integer"),
            ("ai_unanswered_count", "integer"), ("started_at", "timestamptz"), ("updated_at", "timestamptz"),
            ("last_message_at", "timestamptz"), ("closed_at", "timestamptz"), ("archived_at", "timestamptz"),
            ("closed_by_agent_id", "uuid"), ("close_reviewed", "boolean"),
        ])
        var messages = DemoBulkInsert("messages", [
            ("conversation_id", "uuid"), ("seq", "bigint"), ("author_kind", "text"), ("agent_id", "uuid"),
            ("body", "text"), ("ai_outcome", "text"), ("ai_article_ids", "uuid[]"), ("ai_confidence", "real"),
            ("created_at", "timestamptz"),
        ])
        var events = DemoBulkInsert("ownership_events", [
            ("event_id", "uuid"), ("conversation_id", "uuid"), ("kind", "text"), ("from_agent_id", "uuid"),
            ("to_agent_id", "uuid"), ("at", "timestamptz"),
        ])
        var reviews = DemoBulkInsert("qa_reviews", [
            ("conversation_id", "uuid"), ("flagged_incorrect", "boolean"), ("correction_note", "text"),
            ("flagged_by_agent_id", "uuid"), ("flagged_at", "timestamptz"), ("correction_reviewed", "boolean"),
            ("reviewed_by_agent_id", "uuid"), ("reviewed_at", "timestamptz"), ("updated_at", "timestamptz"),
        ])
        var kbUpdates = DemoBulkInsert("kb_updates", [
            ("conversation_id", "uuid"), ("update_needed", "boolean"), ("note", "text"), ("flagged_by_agent_id", "uuid"),
            ("flagged_at", "timestamptz"), ("updated", "boolean"), ("updated_by_agent_id", "uuid"),
            ("updated_at", "timestamptz"),
        ])
        var followups = DemoBulkInsert("followups", [
            ("conversation_id", "uuid"), ("needed", "boolean"), ("note", "text"), ("flagged_by_agent_id", "uuid"),
            ("flagged_at", "timestamptz"), ("done", "boolean"), ("done_note", "text"), ("done_by_agent_id", "uuid"),
            ("done_at", "timestamptz"),
        ])

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
