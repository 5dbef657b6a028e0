import Foundation
import PostgresClient
import SwitchboardDomain

/// The email outbox (`email_outbox`): queued by agents' actions, drained by the email worker.
/// Claims move a row's `next_attempt_at` a lease ahead and stamp a claim id in a short
/// transaction of their own, so no transaction stays open across an SMTP session and a worker
/// that dies mid-send releases the row when the lease runs out.
public struct PostgresEmailOutbox: EmailOutboxRepository, EmailOutbox {
    /// The channel an enqueue notifies at commit (payload: the organisation's id).
    public static let channel = "switchboard_email"

    private let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    static let columns = """
        email_id, conversation_id, kind, recipient, subject, status, attempts, next_attempt_at, last_error,
        created_at, last_attempt_at, sent_at
        """

    public func enqueue(orgID: UUID, _ email: NewEmail) async throws -> EmailDelivery? {
        try await pool.withTenant(orgID) { session in
            let row = try await session.query(
                """
                INSERT INTO email_outbox (org_id, conversation_id, kind, recipient, subject, body, message_seq, requested_by_agent_id)
                SELECT c.org_id, c.conversation_id, $3, $4, $5, $6, $7, $8
                FROM conversations c WHERE c.org_id = $1 AND c.conversation_id = $2
                ON CONFLICT (org_id, conversation_id, message_seq) WHERE kind = 'agent_reply' DO NOTHING
                RETURNING \(Self.columns)
                """,
                [
                    orgID, email.conversationID, email.kind.rawValue, email.recipient, email.subject, email.body, email.messageSeq,
                    email.requestedBy,
                ]
            ).singleRow()
            guard let row else { return nil }
            _ = try await session.query("SELECT pg_notify($1, $2)", [Self.channel, orgID.uuidString.lowercased()])
            return try Self.delivery(row)
        }
    }

    public func deliveries(orgID: UUID, conversationID: UUID) async throws -> [EmailDelivery] {
        try await pool.withTenant(orgID) { session in
            try await session.query(
                """
                SELECT \(Self.columns) FROM email_outbox
                WHERE org_id = $1 AND conversation_id = $2 ORDER BY created_at, email_id LIMIT 200
                """,
                [orgID, conversationID]
            ).map(Self.delivery)
        }
    }

    public func recentFailures(orgID: UUID, limit: Int) async throws -> [EmailDelivery] {
        try await pool.withTenant(orgID) { session in
            try await session.query(
                """
                SELECT \(Self.columns) FROM email_outbox
                WHERE org_id = $1 AND last_error IS NOT NULL AND status <> 'sent'
                ORDER BY last_attempt_at DESC NULLS LAST, email_id LIMIT $2
                """,
                [orgID, limit]
            ).map(Self.delivery)
        }
    }

    public func pendingTranscript(orgID: UUID, conversationID: UUID) async throws -> EmailDelivery? {
        try await pool.withTenant(orgID) { session in
            try await session.query(
                """
                SELECT \(Self.columns) FROM email_outbox
                WHERE org_id = $1 AND conversation_id = $2 AND kind = 'transcript' AND status = 'pending'
                ORDER BY created_at LIMIT 1
                """,
                [orgID, conversationID]
            ).singleRow().map(Self.delivery)
        }
    }

    static func delivery(_ row: PostgresRow) throws -> EmailDelivery {
        let status = EmailDelivery.Status(rawValue: try row.decode("status")) ?? .pending
        return EmailDelivery(
            id: try row.decode("email_id"),
            conversationID: try row.decode("conversation_id"),
            kind: EmailDelivery.Kind(rawValue: try row.decode("kind")) ?? .transcript,
            recipient: try row.decode("recipient"),
            subject: try row.decode("subject"),
            status: status,
            attempts: try row.decode("attempts"),
            nextAttemptAt: status == .pending ? try row.decode("next_attempt_at") : nil,
            lastError: try row.decode("last_error"),
            createdAt: try row.decode("created_at"),
            lastAttemptAt: try row.decode("last_attempt_at"),
            sentAt: try row.decode("sent_at")
        )
    }

    // MARK: The worker's side

    public func organisationsWithDueRows() async throws -> [UUID] {
        try await pool.withConnection { session in
            try await session.query("SELECT id FROM switchboard.org_ids_with_due_emails() AS id").map { try $0.decode("id", as: UUID.self) }
        }
    }

    public func claim(orgID: UUID, limit: Int, lease: Duration) async throws -> [ClaimedEmail] {
        let claimID = UUID()
        return try await pool.withTenant(orgID) { session in
            try await session.query(
                """
                WITH due AS (
                    SELECT email_id FROM email_outbox
                    WHERE org_id = $1 AND status = 'pending' AND next_attempt_at <= now()
                    ORDER BY next_attempt_at, created_at
                    LIMIT $2
                    FOR UPDATE SKIP LOCKED
                )
                UPDATE email_outbox e
                SET attempts = e.attempts + 1, claim_id = $3, last_attempt_at = now(),
                    next_attempt_at = now() + make_interval(secs => $4)
                FROM due
                WHERE e.org_id = $1 AND e.email_id = due.email_id
                RETURNING e.email_id, e.recipient, e.subject, e.body, e.attempts
                """,
                [orgID, limit, claimID, lease.seconds]
            ).map { row in
                ClaimedEmail(
                    orgID: orgID,
                    id: try row.decode("email_id"),
                    claimID: claimID,
                    recipient: try row.decode("recipient"),
                    subject: try row.decode("subject"),
                    body: try row.decode("body"),
                    attempt: try row.decode("attempts")
                )
            }
        }
    }

    public func settle(_ email: ClaimedEmail, outcome: EmailAttemptOutcome) async throws {
        let (status, error, retryAt): (String, String?, Date?) =
            switch outcome {
            case .sent: ("sent", nil, nil)
            case .retry(let reason, let at): ("pending", reason, at)
            case .failed(let reason): ("failed", reason, nil)
            }
        try await pool.withTenant(email.orgID) { session in
            _ = try await session.execute(
                """
                UPDATE email_outbox
                SET status = $4, last_error = left($5, 300), claim_id = NULL,
                    next_attempt_at = COALESCE($6, next_attempt_at),
                    sent_at = CASE WHEN $4 = 'sent' THEN now() END
                WHERE org_id = $1 AND email_id = $2 AND claim_id = $3
                """,
                [email.orgID, email.id, email.claimID, status, error, retryAt]
            )
        }
    }

    public func purgeFinished(olderThan age: Duration) async throws -> Int {
        try await pool.sumOverOrganisations { orgID, session in
            try await session.execute(
                """
                DELETE FROM email_outbox
                WHERE org_id = $1 AND status <> 'pending' AND created_at < now() - make_interval(secs => $2)
                """,
                [orgID, age.seconds]
            )
        }
    }
}
