import Foundation
import PostgresClient
import SwitchboardDomain

extension PostgresConversationRepository {
    /// The conversation does not exist in this organisation (or is another organisation's).
    static let notFound = SimpleDomainError.conversationNotFound

    public func append(
        orgID: UUID,
        conversationID: UUID,
        message: NewMessage,
        requiredModes: Set<Conversation.Mode>?,
        requiredOwner: UUID?
    ) async throws -> AppendOutcome {
        try await append(
            orgID: orgID,
            conversationID: conversationID,
            message: message,
            attachment: nil,
            requiredModes: requiredModes,
            requiredOwner: requiredOwner
        )
    }

    /// Stores the file and the message that sends it in one transaction, under the same rules as a message.
    public func append(
        orgID: UUID,
        conversationID: UUID,
        message: NewMessage,
        attachment: NewAttachment?,
        requiredModes: Set<Conversation.Mode>?,
        requiredOwner: UUID?
    ) async throws -> AppendOutcome {
        var message = message
        return try await pool.withTenant(orgID) { session in
            // The row lock serialises writers of this conversation: sequence numbers stay
            // gapless, a repeated client id is seen, and a take-over cannot slip in between
            // the mode check and the insert.
            guard let locked = try await Self.lock(session, orgID: orgID, conversationID: conversationID) else {
                throw Self.notFound
            }
            let position = LifecyclePosition(
                mode: try ConversationSQL.mode(locked.decode("mode")),
                ownerAgentID: try locked.decode("owner_agent_id")
            )
            let allowed =
                (requiredModes?.contains(position.mode) ?? true)
                && (requiredOwner == nil || position.ownerAgentID == requiredOwner)
            guard allowed else {
                // A resend of a message stored before the conversation moved on is still that message.
                if let clientID = message.clientMessageID,
                    let twin = try await Self.twin(session, orgID: orgID, conversationID: conversationID, clientMessageID: clientID)
                {
                    return .duplicate(twin)
                }
                return .refused(position)
            }
            if let attachment {
                // A resent upload is the message stored the first time; its file is not stored twice.
                if let clientID = message.clientMessageID,
                    let twin = try await Self.twin(session, orgID: orgID, conversationID: conversationID, clientMessageID: clientID)
                {
                    return .duplicate(twin)
                }
                message.attachmentID = try await session.query(
                    """
                    INSERT INTO attachments (org_id, conversation_id, file_name, content_type, byte_size, data)
                    VALUES ($1, $2, $3, $4, $5, $6) RETURNING attachment_id
                    """,
                    [orgID, conversationID, attachment.fileName, attachment.contentType, attachment.data.count, Data(attachment.data)]
                ).singleRow()!.decode("attachment_id", as: UUID.self)
            }
            let (stored, duplicate) = try await Self.insert(session, orgID: orgID, conversationID: conversationID, message: message)
            return duplicate ? .duplicate(stored) : .stored(stored, mode: position.mode)
        }
    }

    public func transition(
        orgID: UUID,
        conversationID: UUID,
        decide: @Sendable (ConversationSummary) throws -> TransitionPlan
    ) async throws -> ConversationSummary {
        try await pool.withTenant(orgID) { session in
            guard let current = try await Self.lockedSummary(session, orgID: orgID, conversationID: conversationID) else { throw Self.notFound }
            return try await Self.apply(try decide(current), to: current, in: session)
        }
    }

    public func transition(
        orgID: UUID,
        conversationID: UUID,
        bringingIn agentID: UUID,
        decide: @Sendable (ConversationSummary, String) throws -> TransitionPlan
    ) async throws -> ConversationSummary {
        try await pool.withTenant(orgID) { session in
            guard let current = try await Self.lockedSummary(session, orgID: orgID, conversationID: conversationID) else { throw Self.notFound }
            guard let name = try await PostgresAgentDirectory.displayName(session, orgID: orgID, agentID: agentID) else {
                throw SimpleDomainError.agentNotFound
            }
            return try await Self.apply(try decide(current, name), to: current, in: session)
        }
    }

    /// Applies a planned transition to a conversation locked in this transaction: mode, owner,
    /// effects, ownership history, system message and the state notification.
    static func apply(_ plan: TransitionPlan, to current: ConversationSummary, in session: PostgresSession) async throws -> ConversationSummary {
        let orgID = current.orgID
        let conversationID = current.id
        let effects = plan.effects
        let isTransfer = effects.ownershipEvent == .transfer
        try await session.execute(
            """
            UPDATE conversations SET
                mode = $3, owner_agent_id = $4,
                updated_at = CASE WHEN mode IS DISTINCT FROM $3 OR owner_agent_id IS DISTINCT FROM $4
                                  THEN now() ELSE updated_at END,
                owner_changes = owner_changes + CASE WHEN $5 THEN 1 ELSE 0 END,
                handoff_requested = handoff_requested OR $6,
                handoff_requested_at = CASE WHEN $6 THEN COALESCE(handoff_requested_at, now()) ELSE handoff_requested_at END,
                handoff_reason = COALESCE($7, handoff_reason),
                status = COALESCE($8, status),
                closed_at = CASE WHEN $3 IN ('followup', 'closed', 'archived') THEN COALESCE(closed_at, now()) ELSE closed_at END,
                archived_at = CASE WHEN $3 = 'archived' THEN COALESCE(archived_at, now()) ELSE archived_at END,
                closed_by_agent_id = COALESCE($9, closed_by_agent_id),
                close_reviewed = COALESCE($10, close_reviewed)
            WHERE org_id = $1 AND conversation_id = $2
            """,
            [
                orgID, conversationID, plan.position.mode.rawValue, plan.position.ownerAgentID, isTransfer,
                effects.markHandoffRequested, effects.handoffReason, effects.status, effects.closedByAgentID,
                effects.closeReviewed,
            ]
        )
        if let kind = effects.ownershipEvent {
            try await session.execute(
                """
                INSERT INTO ownership_events (org_id, conversation_id, kind, from_agent_id, to_agent_id)
                VALUES ($1, $2, $3, $4, $5)
                """,
                [orgID, conversationID, kind.rawValue, current.ownerAgentID, plan.position.ownerAgentID]
            )
        }
        try await ConversationSQL.notify(session, RealtimeEvent(kind: .state, orgID: orgID, conversationID: conversationID))
        if let text = effects.systemMessage {
            _ = try await Self.insert(
                session,
                orgID: orgID,
                conversationID: conversationID,
                message: NewMessage(author: .system, body: text)
            )
        }
        return try await Self.summary(session, orgID: orgID, conversationID: conversationID)!
    }

    /// Locks the conversation row for the rest of the transaction and reads its summary; nil when
    /// it does not exist. Lock first, then read in a new statement: a read that waited for the lock
    /// inside one statement would join the new row to stale rows (the previous owner's name).
    static func lockedSummary(_ session: PostgresSession, orgID: UUID, conversationID: UUID) async throws -> ConversationSummary? {
        guard try await lock(session, orgID: orgID, conversationID: conversationID) != nil else { return nil }
        return try await summary(session, orgID: orgID, conversationID: conversationID)
    }

    /// Locks the conversation row for the rest of the transaction; nil when it does not exist.
    static func lock(_ session: PostgresSession, orgID: UUID, conversationID: UUID) async throws -> PostgresRow? {
        try await session.query(
            "SELECT mode, owner_agent_id FROM conversations WHERE org_id = $1 AND conversation_id = $2 FOR UPDATE",
            [orgID, conversationID]
        ).singleRow()
    }

    /// Stores the message, allocating the next sequence number and notifying, in one statement —
    /// unless a message with its client id is already stored, which it returns instead. Run it
    /// after the row lock, in a statement of its own, so its snapshot sees a twin committed meanwhile.
    static func insert(
        _ session: PostgresSession,
        orgID: UUID,
        conversationID: UUID,
        message: NewMessage
    ) async throws -> (message: ChatMessage, duplicate: Bool) {
        let row = try await session.query(
            """
            WITH twin AS (
                SELECT seq FROM messages
                WHERE org_id = $1 AND conversation_id = $2 AND client_message_id = $6
            ), next AS (
                UPDATE conversations SET last_seq = last_seq + 1, message_count = message_count + 1,
                       last_message_at = now(),
                       ai_unanswered_count = ai_unanswered_count + CASE WHEN $7 = 'not_sure' THEN 1 ELSE 0 END,
                       -- The analytics facts (migration 0011), kept here rather than by a trigger
                       -- so a message still costs one write of the conversation row.
                       ai_answered = ai_answered OR $7 IS NOT DISTINCT FROM 'answered',
                       ai_article_ids = CASE WHEN ai_article_ids @> $8::uuid[] THEN ai_article_ids
                                             ELSE ARRAY(SELECT DISTINCT a FROM unnest(ai_article_ids || $8::uuid[]) a ORDER BY a) END,
                       first_question = CASE WHEN first_question IS NULL AND $3 = 'customer' AND $11::uuid IS NULL
                                             THEN reporting.normalise_question($5) ELSE first_question END
                WHERE org_id = $1 AND conversation_id = $2 AND NOT EXISTS (SELECT 1 FROM twin)
                RETURNING last_seq
            ), inserted AS (
                INSERT INTO messages (org_id, conversation_id, seq, author_kind, agent_id, body, client_message_id,
                                      ai_outcome, ai_article_ids, ai_confidence, attachment_id)
                SELECT $1, $2, next.last_seq, $3, $4, $5, $6, $7, $8::uuid[], $9, $11 FROM next
                RETURNING *
            )
            SELECT false AS duplicate, \(ConversationSQL.messageColumns),
                   pg_notify($10, json_build_object('k', 'message', 'o', $1::uuid, 'c', $2::uuid, 's', m.seq)::text)::text AS notice
            FROM inserted m
            LEFT JOIN agents author ON author.org_id = m.org_id AND author.agent_id = m.agent_id
            UNION ALL
            SELECT true, \(ConversationSQL.messageColumns), NULL
            \(ConversationSQL.messageJoins)
            JOIN twin ON m.org_id = $1 AND m.conversation_id = $2 AND m.seq = twin.seq
            """,
            [
                orgID, conversationID, message.author.rawValue, message.agentID, message.body, message.clientMessageID,
                message.aiOutcome?.rawValue, message.articleIDs, message.confidence, ConversationSQL.channel, message.attachmentID,
            ]
        ).singleRow()
        guard let row else { throw notFound }
        return (try ConversationSQL.message(from: row), try row.decode("duplicate"))
    }

    /// The stored message with this client id, if any.
    static func twin(_ session: PostgresSession, orgID: UUID, conversationID: UUID, clientMessageID: String) async throws -> ChatMessage? {
        try await session.query(
            """
            SELECT \(ConversationSQL.messageColumns) \(ConversationSQL.messageJoins)
            WHERE m.org_id = $1 AND m.conversation_id = $2 AND m.client_message_id = $3
            """,
            [orgID, conversationID, clientMessageID]
        ).singleRow().map(ConversationSQL.message(from:))
    }
}
