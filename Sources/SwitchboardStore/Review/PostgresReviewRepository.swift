import Foundation
import PostgresClient
import SwitchboardDomain

/// Review flags and queues in PostgreSQL; every call is one tenant transaction.
public struct PostgresReviewRepository: ReviewRepository {
    private let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    public func find(orgID: UUID, conversationID: UUID) async throws -> ReviewedConversation? {
        try await pool.withTenant(orgID) { session in
            guard let conversation = try await PostgresConversationRepository.summary(session, orgID: orgID, conversationID: conversationID),
                let review = try await ReviewSQL.read(session, orgID: orgID, conversationID: conversationID)
            else { return nil }
            return ReviewedConversation(conversation: conversation, review: review)
        }
    }

    public func update(
        orgID: UUID,
        conversationID: UUID,
        decide: @Sendable (ReviewedConversation) throws -> ReviewDecision
    ) async throws -> ReviewedConversation {
        try await pool.withTenant(orgID) { session in
            // The conversation's row lock serialises every change to it and its flags.
            guard var conversation = try await PostgresConversationRepository.lockedSummary(session, orgID: orgID, conversationID: conversationID),
                let review = try await ReviewSQL.read(session, orgID: orgID, conversationID: conversationID)
            else { throw SimpleDomainError.conversationNotFound }
            let decision = try decide(ReviewedConversation(conversation: conversation, review: review))
            try await ReviewSQL.write(session, orgID: orgID, conversationID: conversationID, old: review, new: decision.review)
            if let plan = decision.transition {
                conversation = try await PostgresConversationRepository.apply(plan, to: conversation, in: session)
            } else if decision.review != review {
                // Open consoles reload the conversation and see the new flags.
                try await ConversationSQL.notify(session, RealtimeEvent(kind: .state, orgID: orgID, conversationID: conversationID))
            }
            guard let stored = try await ReviewSQL.read(session, orgID: orgID, conversationID: conversationID) else {
                throw SimpleDomainError.conversationNotFound
            }
            return ReviewedConversation(conversation: conversation, review: stored)
        }
    }

    public func correctionQueue(orgID: UUID, limit: Int) async throws -> [CorrectionQueueItem] {
        try await pool.withTenant(orgID) { session in
            try await session.query(
                """
                SELECT q.conversation_id, q.correction_note, a.display_name AS flagged_by, q.flagged_at,
                       COALESCE(ct.name, c.name_provided) AS customer_name, c.started_at
                FROM qa_reviews q
                JOIN conversations c ON c.org_id = q.org_id AND c.conversation_id = q.conversation_id
                LEFT JOIN contacts ct ON ct.org_id = c.org_id AND ct.contact_id = c.contact_id
                LEFT JOIN agents a ON a.org_id = q.org_id AND a.agent_id = q.flagged_by_agent_id
                WHERE q.org_id = $1 AND q.flagged_incorrect AND NOT q.correction_reviewed
                ORDER BY q.flagged_at DESC NULLS LAST, q.conversation_id
                LIMIT $2
                """,
                [orgID, limit]
            ).map { row in
                CorrectionQueueItem(
                    conversationID: try row.decode("conversation_id"),
                    correctionNote: try row.decode("correction_note"),
                    flaggedBy: try row.decode("flagged_by"),
                    flaggedAt: try row.decode("flagged_at"),
                    customerName: try row.decode("customer_name"),
                    startedAt: try row.decode("started_at")
                )
            }
        }
    }

    public func knowledgeBaseQueue(orgID: UUID, limit: Int) async throws -> [KnowledgeBaseQueueItem] {
        try await pool.withTenant(orgID) { session in
            try await session.query(
                """
                SELECT k.conversation_id, k.note, a.display_name AS flagged_by, k.flagged_at,
                       COALESCE(ct.name, c.name_provided) AS customer_name
                FROM kb_updates k
                JOIN conversations c ON c.org_id = k.org_id AND c.conversation_id = k.conversation_id
                LEFT JOIN contacts ct ON ct.org_id = c.org_id AND ct.contact_id = c.contact_id
                LEFT JOIN agents a ON a.org_id = k.org_id AND a.agent_id = k.flagged_by_agent_id
                WHERE k.org_id = $1 AND k.update_needed AND NOT k.updated
                ORDER BY k.flagged_at DESC NULLS LAST, k.conversation_id
                LIMIT $2
                """,
                [orgID, limit]
            ).map { row in
                KnowledgeBaseQueueItem(
                    conversationID: try row.decode("conversation_id"),
                    note: try row.decode("note"),
                    flaggedBy: try row.decode("flagged_by"),
                    flaggedAt: try row.decode("flagged_at"),
                    customerName: try row.decode("customer_name")
                )
            }
        }
    }

    public func followUpWorkload(orgID: UUID, limit: Int) async throws -> FollowUpWorkload {
        try await pool.withTenant(orgID) { session in
            let items = try await session.query(
                """
                SELECT f.conversation_id, f.note, flagger.display_name AS flagged_by, f.flagged_at, customer_name, agent_name
                \(Self.openFollowUps)
                ORDER BY f.flagged_at NULLS LAST, f.conversation_id
                LIMIT $2
                """,
                [orgID, limit]
            ).map { row in
                FollowUpQueueItem(
                    conversationID: try row.decode("conversation_id"),
                    note: try row.decode("note"),
                    flaggedBy: try row.decode("flagged_by"),
                    flaggedAt: try row.decode("flagged_at"),
                    customerName: try row.decode("customer_name"),
                    agentName: try row.decode("agent_name")
                )
            }
            let counts = try await session.query(
                """
                SELECT COALESCE(agent_name, 'Unassigned') AS agent_name, count(*) AS open
                \(Self.openFollowUps)
                GROUP BY 1 ORDER BY 2 DESC, 1
                """,
                [orgID]
            ).map { FollowUpWorkload.AgentCount(agentName: try $0.decode("agent_name"), open: try $0.decode("open")) }
            return FollowUpWorkload(items: items, byAgent: counts)
        }
    }

    /// Open follow-ups of organisation $1 with the customer's name and the agent each counts
    /// against: the owning agent, else the one who closed the chat, else whoever flagged it.
    static let openFollowUps = """
        FROM followups f
        JOIN conversations c ON c.org_id = f.org_id AND c.conversation_id = f.conversation_id
        LEFT JOIN contacts ct ON ct.org_id = c.org_id AND ct.contact_id = c.contact_id
        LEFT JOIN agents flagger ON flagger.org_id = f.org_id AND flagger.agent_id = f.flagged_by_agent_id
        LEFT JOIN agents owner ON owner.org_id = c.org_id AND owner.agent_id = c.owner_agent_id
        LEFT JOIN agents closer ON closer.org_id = c.org_id AND closer.agent_id = c.closed_by_agent_id
        CROSS JOIN LATERAL (SELECT COALESCE(ct.name, c.name_provided) AS customer_name,
                                   COALESCE(owner.display_name, closer.display_name, flagger.display_name) AS agent_name) AS names
        WHERE f.org_id = $1 AND f.needed AND NOT f.done
        """
}
