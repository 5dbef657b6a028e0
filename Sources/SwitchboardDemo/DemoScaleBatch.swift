import Foundation
import PostgresClient
import SwitchboardDomain

/// A slice of generated conversations encoded as COPY text, one buffer per table in
/// `DemoScaleTable.all` order, with the counts the progress report needs.
struct DemoScaleBatch: Sendable {
    private(set) var data: [PostgresCopyData]
    private(set) var conversations = 0
    /// The conversations of this slice, for recomputing their analytics facts after the move.
    private(set) var conversationIDs: [UUID] = []
    private(set) var messages = 0
    /// Conversations per mode, as written.
    private(set) var modes: [Conversation.Mode: Int] = [:]

    init() {
        data = DemoScaleTable.all.map { _ in PostgresCopyData() }
    }

    /// Rows in all tables.
    var rows: Int { data.reduce(0) { $0 + $1.rowCount } }

    /// Encodes one conversation with the same row shapes (and counters) as `DemoConversationWriter`:
    /// `message_count` and `last_seq` are the number of messages, numbered 1…n, `last_message_at`
    /// the newest one's time.
    mutating func append(_ c: DemoConversation) throws {
        let T = DemoScaleText.self
        let id = T.uuid(c.id)
        conversations += 1
        conversationIDs.append(c.id)
        modes[c.mode, default: 0] += 1
        messages += c.messages.count

        try data[0].append(row: [
            T.uuid(c.contactID), c.contactName, c.contactEmail, c.contactPhone, T.timestamp(c.startedAt),
            T.timestamp(c.contactCapturedAt ?? c.startedAt),
        ])
        try data[1].append(row: [
            id, T.uuid(c.contactID), c.mode.rawValue, T.uuid(orNil: c.ownerAgentID), c.pageURL, c.context,
            T.bool(c.handoffRequested), c.handoffReason, T.timestamp(orNil: c.handoffRequestedAt), c.status, c.nameProvided,
            c.emailProvided, String(c.ownerChanges), String(c.messages.count), String(c.messages.count),
            String(c.aiUnansweredCount), T.timestamp(c.startedAt), T.timestamp(c.updatedAt),
            T.timestamp(orNil: c.messages.last?.at), T.timestamp(orNil: c.closedAt), T.timestamp(orNil: c.archivedAt),
            T.uuid(orNil: c.closedByAgentID), T.bool(c.closeReviewed),
        ])
        for (index, message) in c.messages.enumerated() {
            let articles = message.articleID.map { "{\(T.uuid($0))}" } ?? "{}"
            try data[2].append(row: [
                id, String(index + 1), message.author.rawValue, T.uuid(orNil: message.agentID), message.body,
                message.aiOutcome, articles, message.confidence.map { String($0) }, T.timestamp(message.at),
            ])
        }
        for event in c.ownershipEvents {
            try data[3].append(row: [
                T.uuid(event.id), id, event.kind, T.uuid(orNil: event.from), T.uuid(orNil: event.to), T.timestamp(event.at),
            ])
        }
        if let review = c.qaReview {
            try data[4].append(row: [
                id, "t", review.correctionNote, T.uuid(review.flaggedBy), T.timestamp(review.flaggedAt),
                T.bool(review.reviewedAt != nil), T.uuid(orNil: review.reviewedBy), T.timestamp(orNil: review.reviewedAt),
                T.timestamp(review.reviewedAt ?? review.flaggedAt),
            ])
        }
        if let update = c.kbUpdate {
            try data[5].append(row: [
                id, "t", update.note, T.uuid(update.flaggedBy), T.timestamp(update.flaggedAt),
                T.bool(update.updatedAt != nil), T.uuid(orNil: update.updatedBy), T.timestamp(orNil: update.updatedAt),
            ])
        }
        if let followup = c.followup {
            try data[6].append(row: [
                id, "t", followup.note, T.uuid(followup.flaggedBy), T.timestamp(followup.flaggedAt),
                T.bool(followup.doneAt != nil), followup.doneNote, T.uuid(orNil: followup.doneBy), T.timestamp(orNil: followup.doneAt),
            ])
        }
    }

    /// Copies every buffer into its staging table, moves the rows into the real tables for
    /// `orgID` (the session's tenant) and empties the staging tables.
    func write(in session: PostgresSession, orgID: UUID) async throws {
        for (table, rows) in zip(DemoScaleTable.all, data) where rows.rowCount > 0 {
            try await session.copy(into: "pg_temp." + table.staging, columns: table.columnNames, data: rows)
        }
        for (table, rows) in zip(DemoScaleTable.all, data) where rows.rowCount > 0 {
            try await session.execute(table.moveSQL, [orgID])
        }
        if !conversationIDs.isEmpty {
            try await DemoConversationFacts.refresh(session, orgID: orgID, conversationIDs: conversationIDs)
        }
        let staging = DemoScaleTable.all.map { "pg_temp.\($0.staging)" }.joined(separator: ", ")
        try await session.execute("TRUNCATE \(staging)")
    }
}
