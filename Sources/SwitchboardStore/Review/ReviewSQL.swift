import Foundation
import PostgresClient
import SwitchboardDomain

/// Reading and writing the three review tables (qa_reviews, kb_updates, followups) of one conversation.
enum ReviewSQL {
    /// The flags of one conversation with the names of the agents behind them; one row when the
    /// conversation exists (every flag column NULL when nothing was ever flagged).
    static func read(_ session: PostgresSession, orgID: UUID, conversationID: UUID) async throws -> ConversationReview? {
        guard
            let row = try await session.query(
                """
                SELECT q.flagged_incorrect, q.correction_note, q.flagged_by_agent_id AS q_by, qb.display_name AS q_by_name,
                       q.flagged_at AS q_at, q.correction_reviewed, q.reviewed_by_agent_id AS r_by,
                       rb.display_name AS r_by_name, q.reviewed_at AS r_at,
                       k.update_needed, k.note AS kb_note, k.flagged_by_agent_id AS k_by, kb.display_name AS k_by_name,
                       k.flagged_at AS k_at, k.updated, k.updated_by_agent_id AS u_by, ub.display_name AS u_by_name,
                       k.updated_at AS u_at,
                       f.needed, f.note AS f_note, f.flagged_by_agent_id AS f_by, fb.display_name AS f_by_name,
                       f.flagged_at AS f_at, f.done, f.done_note, f.done_by_agent_id AS d_by, db.display_name AS d_by_name,
                       f.done_at AS d_at
                FROM conversations c
                LEFT JOIN qa_reviews q ON q.org_id = c.org_id AND q.conversation_id = c.conversation_id
                LEFT JOIN agents qb ON qb.org_id = q.org_id AND qb.agent_id = q.flagged_by_agent_id
                LEFT JOIN agents rb ON rb.org_id = q.org_id AND rb.agent_id = q.reviewed_by_agent_id
                LEFT JOIN kb_updates k ON k.org_id = c.org_id AND k.conversation_id = c.conversation_id
                LEFT JOIN agents kb ON kb.org_id = k.org_id AND kb.agent_id = k.flagged_by_agent_id
                LEFT JOIN agents ub ON ub.org_id = k.org_id AND ub.agent_id = k.updated_by_agent_id
                LEFT JOIN followups f ON f.org_id = c.org_id AND f.conversation_id = c.conversation_id
                LEFT JOIN agents fb ON fb.org_id = f.org_id AND fb.agent_id = f.flagged_by_agent_id
                LEFT JOIN agents db ON db.org_id = f.org_id AND db.agent_id = f.done_by_agent_id
                WHERE c.org_id = $1 AND c.conversation_id = $2
                """,
                [orgID, conversationID]
            ).singleRow()
        else { return nil }

        var review = ConversationReview()
        review.correction.flagged = try row.decode("flagged_incorrect", as: Bool?.self) ?? false
        review.correction.note = try row.decode("correction_note")
        review.correction.flaggedBy = try stamp(row, "q")
        review.correction.reviewed = try row.decode("correction_reviewed", as: Bool?.self) ?? false
        review.correction.reviewedBy = try stamp(row, "r")
        review.knowledgeBase.needed = try row.decode("update_needed", as: Bool?.self) ?? false
        review.knowledgeBase.note = try row.decode("kb_note")
        review.knowledgeBase.flaggedBy = try stamp(row, "k")
        review.knowledgeBase.updated = try row.decode("updated", as: Bool?.self) ?? false
        review.knowledgeBase.updatedBy = try stamp(row, "u")
        review.followUp.needed = try row.decode("needed", as: Bool?.self) ?? false
        review.followUp.note = try row.decode("f_note")
        review.followUp.flaggedBy = try stamp(row, "f")
        review.followUp.done = try row.decode("done", as: Bool?.self) ?? false
        review.followUp.doneNote = try row.decode("done_note")
        review.followUp.doneBy = try stamp(row, "d")
        return review
    }

    private static func stamp(_ row: PostgresRow, _ prefix: String) throws -> AgentStamp? {
        guard let id = try row.decode("\(prefix)_by", as: UUID?.self), let at = try row.decode("\(prefix)_at", as: Date?.self) else {
            return nil
        }
        return AgentStamp(agentID: id, name: try row.decode("\(prefix)_by_name"), at: at)
    }

    /// Stores the sections of `new` that differ from `old`; untouched sections get no row.
    static func write(_ session: PostgresSession, orgID: UUID, conversationID: UUID, old: ConversationReview, new: ConversationReview) async throws {
        if new.correction != old.correction {
            let c = new.correction
            try await session.execute(
                """
                INSERT INTO qa_reviews (org_id, conversation_id, flagged_incorrect, correction_note, flagged_by_agent_id,
                                        flagged_at, correction_reviewed, reviewed_by_agent_id, reviewed_at, updated_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())
                ON CONFLICT (org_id, conversation_id) DO UPDATE SET
                    flagged_incorrect = EXCLUDED.flagged_incorrect, correction_note = EXCLUDED.correction_note,
                    flagged_by_agent_id = EXCLUDED.flagged_by_agent_id, flagged_at = EXCLUDED.flagged_at,
                    correction_reviewed = EXCLUDED.correction_reviewed, reviewed_by_agent_id = EXCLUDED.reviewed_by_agent_id,
                    reviewed_at = EXCLUDED.reviewed_at, updated_at = now()
                """,
                [
                    orgID, conversationID, c.flagged, c.note, c.flaggedBy?.agentID, c.flaggedBy?.at, c.reviewed,
                    c.reviewedBy?.agentID, c.reviewedBy?.at,
                ]
            )
        }
        if new.knowledgeBase != old.knowledgeBase {
            let k = new.knowledgeBase
            try await session.execute(
                """
                INSERT INTO kb_updates (org_id, conversation_id, update_needed, note, flagged_by_agent_id, flagged_at,
                                        updated, updated_by_agent_id, updated_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                ON CONFLICT (org_id, conversation_id) DO UPDATE SET
                    update_needed = EXCLUDED.update_needed, note = EXCLUDED.note,
                    flagged_by_agent_id = EXCLUDED.flagged_by_agent_id, flagged_at = EXCLUDED.flagged_at,
                    updated = EXCLUDED.updated, updated_by_agent_id = EXCLUDED.updated_by_agent_id,
                    updated_at = EXCLUDED.updated_at
                """,
                [
                    orgID, conversationID, k.needed, k.note, k.flaggedBy?.agentID, k.flaggedBy?.at, k.updated,
                    k.updatedBy?.agentID, k.updatedBy?.at,
                ]
            )
        }
        if new.followUp != old.followUp {
            let f = new.followUp
            try await session.execute(
                """
                INSERT INTO followups (org_id, conversation_id, needed, note, flagged_by_agent_id, flagged_at,
                                       done, done_note, done_by_agent_id, done_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                ON CONFLICT (org_id, conversation_id) DO UPDATE SET
                    needed = EXCLUDED.needed, note = EXCLUDED.note,
                    flagged_by_agent_id = EXCLUDED.flagged_by_agent_id, flagged_at = EXCLUDED.flagged_at,
                    done = EXCLUDED.done, done_note = EXCLUDED.done_note,
                    done_by_agent_id = EXCLUDED.done_by_agent_id, done_at = EXCLUDED.done_at
                """,
                [
                    orgID, conversationID, f.needed, f.note, f.flaggedBy?.agentID, f.flaggedBy?.at, f.done, f.doneNote,
                    f.doneBy?.agentID, f.doneBy?.at,
                ]
            )
        }
    }
}
