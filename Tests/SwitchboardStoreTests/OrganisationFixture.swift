import Foundation
import PostgresClient

/// The ids of one organisation seeded by `SeededOrganisation.seed(using:)`.
///
/// Every tenant table gets at least one row, so tenancy tests can tell "sees nothing" from
/// "there was nothing to see". Names, texts and times are in `Seed`.
struct SeededOrganisation: Sendable {
    let orgID: UUID
    let slug: String
    /// "Alice Agent" (her override wins over her sign-in name); took the handled chat over.
    let alice: UUID
    /// "Bob"; Alice transferred the handled chat to him and he owns it now.
    let bob: UUID
    /// Disabled; has an open console socket but must not appear in reporting.presence.
    let carol: UUID
    /// Has no sign-in name and never opened the console: shown by email, with no presence row.
    let dan: UUID
    let contact: UUID
    /// Taken over by Alice, transferred to Bob; flagged, with a KB fix and a finished follow-up.
    let handledConversation: UUID
    /// Only the customer and the AI spoke.
    let aiOnlyConversation: UUID
    /// An after-hours request with no messages yet.
    let afterHoursConversation: UUID
    let article: UUID
    let testPlanItem: UUID
}

/// What the fixture writes, for tests to compare against what they read back.
enum Seed {
    static let aliceName = "Alice Agent"
    static let aliceSignInName = "Alice Example"
    static let bobName = "Bob"
    static let danName = "dan@acme.example"

    static let customerName = "Dana Customer"
    static let customerEmail = "dana@example.com"
    static let customerPhone = "+44 20 7946 0000"
    static let page = "https://acme.example/pricing"
    static let handoffReason = "Wants to talk about fees"
    static let nameProvided = "Dana"
    static let emailProvided = "dana.form@example.com"
    static let correctionNote = "The fee is 100 EUR; the pricing page does not say so."
    static let followupNote = "Send the invoice"
    static let followupDoneNote = "Invoice sent by email"

    static let handledStartedAt = "2024-05-01T14:00:00Z"
    static let takeOverAt = "2024-05-01T14:02:00.123Z"
    static let transferAt = "2024-05-01T14:05:30Z"
    static let reviewedAt = "2024-05-02T09:00:00Z"
    static let followupDoneAt = "2024-05-03T10:30:00Z"
    static let bobPresenceUpdatedAt = "2024-05-01T13:00:00Z"

    static let afterHoursReason = "Billing question at night"

    enum Author: Sendable { case customer, ai, system, alice, bob }

    struct Message: Sendable {
        let seq: Int
        let author: Author
        let body: String
    }

    /// The handled conversation. Message 3's line breaks (CRLF and LF) must show as LF
    /// continuation lines in the transcript, and the system notice must not appear in it.
    static let handledMessages: [Message] = [
        Message(seq: 1, author: .customer, body: "Hi, what are your fees?"),
        Message(seq: 2, author: .ai, body: "Our fees are on the pricing page."),
        Message(seq: 3, author: .customer, body: "I would like to talk to a person,\r\nplease.\nNow."),
        Message(seq: 4, author: .system, body: "Alice Agent joined"),
        Message(seq: 5, author: .alice, body: "Hello, Alice here."),
        Message(seq: 6, author: .bob, body: "Bob here: the fee is 100 EUR."),
        Message(seq: 7, author: .customer, body: "Thanks!"),
    ]

    static let aiOnlyMessages: [Message] = [
        Message(seq: 1, author: .customer, body: "Are you open on Sundays?"),
        Message(seq: 2, author: .ai, body: "No, we are closed on Sundays."),
    ]

    static let timeZone = "Europe/London"
    static let allowedOrigins = ["https://acme.example", "https://www.acme.example"]
    static let idleCloseMinutes = 45
    static let answerThreshold = 0.25
}

extension SeededOrganisation {
    /// Creates an organisation and its whole graph as `switchboard_app`, inside
    /// `withTenant(orgID)`, the way the server writes.
    static func seed(using app: PostgresPool) async throws -> SeededOrganisation {
        let suffix = String(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12)).lowercased()
        let org = SeededOrganisation(
            orgID: UUID(),
            slug: "t-\(suffix)",
            alice: UUID(),
            bob: UUID(),
            carol: UUID(),
            dan: UUID(),
            contact: UUID(),
            handledConversation: UUID(),
            aiOnlyConversation: UUID(),
            afterHoursConversation: UUID(),
            article: UUID(),
            testPlanItem: UUID()
        )
        try await app.withTenant(org.orgID) { session in
            try await org.insertOrganisation(session, suffix: suffix)
            try await org.insertConversations(session)
            try await org.insertMessages(session)
            try await org.insertReviewFlags(session)
            try await org.insertEverythingElse(session, suffix: suffix)
        }
        return org
    }

    private func insertOrganisation(_ session: PostgresSession, suffix: String) async throws {
        try await session.execute(
            "INSERT INTO switchboard.organisations (org_id, slug, name) VALUES ($1, $2, $3)",
            [orgID, slug, "Acme \(suffix)"]
        )
        let agents: [(UUID, String, String?, String?, String, Bool)] = [
            (alice, "alice", Seed.aliceSignInName, Seed.aliceName, "supervisor", false),
            (bob, "bob", Seed.bobName, nil, "agent", false),
            (carol, "carol", nil, nil, "agent", true),
            (dan, "dan", nil, nil, "agent", false),
        ]
        for (id, subject, signInName, override, role, disabled) in agents {
            try await session.execute(
                """
                INSERT INTO switchboard.agents
                    (org_id, agent_id, sso_issuer, sso_subject, email, sign_in_name, display_name_override, role, disabled_at)
                VALUES ($1, $2, 'https://idp.acme.example', $3, $4, $5, $6, $7, CASE WHEN $8 THEN now() END)
                """,
                [orgID, id, subject, "\(subject)@acme.example", signInName, override, role, disabled]
            )
        }
        try await session.execute(
            """
            INSERT INTO switchboard.organisation_settings
                (org_id, ai_chat_enabled, time_zone, widget_allowed_origins, idle_close_minutes, answer_threshold, updated_by_agent_id)
            VALUES ($1, false, $2, $3, $4, $5, $6)
            """,
            [orgID, Seed.timeZone, Seed.allowedOrigins, Seed.idleCloseMinutes, Seed.answerThreshold, alice]
        )
        try await session.execute(
            "INSERT INTO switchboard.contacts (org_id, contact_id, name, email, phone) VALUES ($1, $2, $3, $4, $5)",
            [orgID, contact, Seed.customerName, Seed.customerEmail, Seed.customerPhone]
        )
    }

    private func insertConversations(_ session: PostgresSession) async throws {
        try await session.execute(
            """
            INSERT INTO switchboard.conversations
                (org_id, conversation_id, contact_id, mode, owner_agent_id, page_url, handoff_requested, handoff_reason,
                 handoff_requested_at, status, name_provided, email_provided, owner_changes, last_seq, message_count,
                 started_at, updated_at, last_message_at)
            VALUES ($1, $2, $3, 'live', $4, $5, true, $6, $7, 'agent-handled', $8, $9, 1, 7, 7, $10, $11, $11)
            """,
            [
                orgID, handledConversation, contact, bob, Seed.page, Seed.handoffReason, Seed.takeOverAt,
                Seed.nameProvided, Seed.emailProvided, Seed.handledStartedAt, Seed.transferAt,
            ]
        )
        try await session.execute(
            """
            INSERT INTO switchboard.conversations (org_id, conversation_id, mode, page_url, last_seq, message_count)
            VALUES ($1, $2, 'ai', 'https://acme.example/', 2, 2)
            """,
            [orgID, aiOnlyConversation]
        )
        try await session.execute(
            """
            INSERT INTO switchboard.conversations
                (org_id, conversation_id, mode, handoff_requested, handoff_reason, status, name_provided, email_provided)
            VALUES ($1, $2, 'review', true, $3, 'after-hours', 'Eve', 'eve@example.com')
            """,
            [orgID, afterHoursConversation, Seed.afterHoursReason]
        )
    }

    private func insertMessages(_ session: PostgresSession) async throws {
        let batches = [(handledConversation, Seed.handledMessages), (aiOnlyConversation, Seed.aiOnlyMessages)]
        for (conversation, messages) in batches {
            // Newest first, so the views cannot rely on insertion order instead of seq.
            for message in messages.reversed() {
                let (kind, agent): (String, UUID?) =
                    switch message.author {
                    case .customer: ("customer", nil)
                    case .ai: ("ai", nil)
                    case .system: ("system", nil)
                    case .alice: ("agent", alice)
                    case .bob: ("agent", bob)
                    }
                try await session.execute(
                    """
                    INSERT INTO switchboard.messages (org_id, conversation_id, seq, author_kind, agent_id, body, ai_outcome)
                    VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $4 = 'ai' THEN 'answered' END)
                    """,
                    [orgID, conversation, message.seq, kind, agent, message.body]
                )
            }
        }
        // Transfer first, take-over second: owner_history must order by time, not by insertion.
        try await session.execute(
            """
            INSERT INTO switchboard.ownership_events (org_id, conversation_id, kind, from_agent_id, to_agent_id, at)
            VALUES ($1, $2, 'transfer', $3, $4, $5), ($1, $2, 'take_over', NULL, $3, $6)
            """,
            [orgID, handledConversation, alice, bob, Seed.transferAt, Seed.takeOverAt]
        )
    }

    private func insertReviewFlags(_ session: PostgresSession) async throws {
        try await session.execute(
            """
            INSERT INTO switchboard.qa_reviews
                (org_id, conversation_id, flagged_incorrect, correction_note, flagged_by_agent_id, flagged_at,
                 correction_reviewed, reviewed_by_agent_id, reviewed_at)
            VALUES ($1, $2, true, $3, $4, $5, true, $6, $7)
            """,
            [orgID, handledConversation, Seed.correctionNote, alice, Seed.transferAt, bob, Seed.reviewedAt]
        )
        try await session.execute(
            """
            INSERT INTO switchboard.kb_updates (org_id, conversation_id, update_needed, note, flagged_by_agent_id, flagged_at)
            VALUES ($1, $2, true, 'Add the fee to the pricing article', $3, $4)
            """,
            [orgID, handledConversation, alice, Seed.transferAt]
        )
        try await session.execute(
            """
            INSERT INTO switchboard.followups
                (org_id, conversation_id, needed, note, flagged_by_agent_id, flagged_at, done, done_note, done_by_agent_id, done_at)
            VALUES ($1, $2, true, $3, $4, $5, true, $6, $4, $7)
            """,
            [
                orgID, handledConversation, Seed.followupNote, alice, Seed.transferAt, Seed.followupDoneNote,
                Seed.followupDoneAt,
            ]
        )
        try await session.execute(
            "INSERT INTO switchboard.satisfaction_ratings (org_id, conversation_id, rating, comment) VALUES ($1, $2, 4, 'Helpful')",
            [orgID, handledConversation]
        )
        try await session.execute(
            "INSERT INTO switchboard.conversation_notes (org_id, conversation_id, agent_id, body) VALUES ($1, $2, $3, 'Refund approved')",
            [orgID, handledConversation, alice]
        )
        try await session.execute(
            "INSERT INTO switchboard.conversation_labels (org_id, conversation_id, label, added_by_agent_id) VALUES ($1, $2, 'refund', $3)",
            [orgID, handledConversation, alice]
        )
        try await session.execute(
            "INSERT INTO switchboard.assignment_settings (org_id, enabled, max_chats_per_agent, updated_by_agent_id) VALUES ($1, false, 2, $2)",
            [orgID, alice]
        )
        try await session.execute(
            """
            INSERT INTO switchboard.attachments (org_id, conversation_id, file_name, content_type, byte_size, data)
            VALUES ($1, $2, 'receipt.pdf', 'application/pdf', 5, '\\x255044462d')
            """,
            [orgID, handledConversation]
        )
        try await session.execute(
            """
            INSERT INTO switchboard.email_settings (org_id, enabled, host, port, security, from_address, updated_by_agent_id)
            VALUES ($1, true, 'smtp.acme.example', 587, 'starttls', 'help@acme.example', $2)
            """,
            [orgID, alice]
        )
        try await session.execute(
            """
            INSERT INTO switchboard.email_outbox (org_id, conversation_id, kind, recipient, subject, body, requested_by_agent_id)
            VALUES ($1, $2, 'transcript', 'customer@acme.example', 'Your chat', 'The transcript', $3)
            """,
            [orgID, handledConversation, alice]
        )
        try await session.execute(
            "INSERT INTO switchboard.customer_presence (org_id, conversation_id, left_at) VALUES ($1, $2, now())",
            [orgID, handledConversation]
        )
    }

    private func insertEverythingElse(_ session: PostgresSession, suffix: String) async throws {
        try await session.execute(
            """
            INSERT INTO switchboard.presence (org_id, agent_id, last_heartbeat_at, open_sockets, updated_at)
            VALUES ($1, $2, now(), 0, now()),
                   ($1, $3, now() - interval '1 hour', 0, $5),
                   ($1, $4, now(), 1, now())
            """,
            [orgID, alice, bob, carol, Seed.bobPresenceUpdatedAt]
        )
        try await session.execute(
            """
            INSERT INTO switchboard.kb_articles (org_id, article_id, external_id, title, body, section, url, updated_by_agent_id)
            VALUES ($1, $2, 'fees', 'Fees', 'The fee is 100 EUR per course.', 'Billing', 'https://acme.example/fees', $3)
            """,
            [orgID, article, alice]
        )
        try await session.execute(
            """
            INSERT INTO switchboard.kb_examples (org_id, article_id, question, status, source, approved_at)
            VALUES ($1, $2, 'How much is a course?', 'approved', 'console', now())
            """,
            [orgID, article]
        )
        try await session.execute(
            "INSERT INTO switchboard.kb_vocabulary (org_id, term, meaning, updated_by_agent_id) VALUES ($1, 'EUR', 'euro', $2)",
            [orgID, alice]
        )
        try await session.execute(
            """
            INSERT INTO switchboard.playbook_entries (org_id, section, phrase, answer, owner, position)
            VALUES ($1, 'Billing', 'How much does it cost?', 'The fee is 100 EUR.', 'Sales', 1)
            """,
            [orgID]
        )
        try await session.execute(
            """
            INSERT INTO switchboard.test_plan_items (org_id, item_id, position, title, steps, expected_result)
            VALUES ($1, $2, 1, 'AI answers fee questions', 'Ask for the fee', 'The AI quotes 100 EUR')
            """,
            [orgID, testPlanItem]
        )
        try await session.execute(
            """
            INSERT INTO switchboard.test_results (org_id, item_id, outcome, note, tester_agent_id)
            VALUES ($1, $2, 'pass', 'Quoted correctly', $3)
            """,
            [orgID, testPlanItem, alice]
        )
        try await session.execute(
            """
            INSERT INTO switchboard.api_keys (org_id, name, prefix, key_hash, scopes, created_by_agent_id)
            VALUES ($1, 'Reporting', $2, $3, $4, $5)
            """,
            [orgID, "sbk_\(suffix)", randomBytes(), ["analytics:read", "conversations:read"], alice]
        )
        try await session.execute(
            """
            INSERT INTO switchboard.api_idempotency_keys (org_id, key_id, idempotency_key, request_hash, response_status, response_body)
            SELECT $1, key_id, 'retry-1', $3, 201, convert_to('{}', 'UTF8') FROM switchboard.api_keys WHERE org_id = $1 AND prefix = $2
            """,
            [orgID, "sbk_\(suffix)", randomBytes()]
        )
        try await session.execute(
            """
            INSERT INTO switchboard.web_sessions (org_id, agent_id, token_hash, csrf_token, expires_at, user_agent)
            VALUES ($1, $2, $3, $4, now() + interval '1 day', 'Firefox')
            """,
            [orgID, alice, randomBytes(), suffix]
        )
        try await session.execute(
            """
            INSERT INTO switchboard.audit_log (org_id, actor_kind, actor_id, action, target_kind, details)
            VALUES ($1, 'agent', $2, 'settings.update', 'organisation_settings', '{"ai_chat_enabled": false}')
            """,
            [orgID, alice.uuidString.lowercased()]
        )
        try await session.execute(
            """
            INSERT INTO switchboard.sso_configurations (org_id, issuer, client_id, client_secret_sealed, role_claim, updated_by_agent_id)
            VALUES ($1, 'https://login.acme.example', 'switchboard', $2, 'roles', $3)
            """,
            [orgID, randomBytes(), alice]
        )
        try await session.execute(
            """
            INSERT INTO switchboard.answer_engine_settings (org_id, enabled, base_url, model, api_key_sealed, updated_by_agent_id)
            VALUES ($1, false, 'https://llm.acme.example/v1', 'acme-model', $2, $3)
            """,
            [orgID, randomBytes(), alice]
        )
        // Inactive, so conversations other tests write in this organisation queue nothing.
        try await session.execute(
            """
            WITH subscription AS (
                INSERT INTO switchboard.webhook_subscriptions (org_id, url, event_types, secret_sealed, active, created_by_agent_id)
                VALUES ($1, 'https://crm.acme.example/hooks', '{message.created}', $2, false, $3)
                RETURNING org_id, subscription_id
            )
            INSERT INTO switchboard.webhook_deliveries (org_id, subscription_id, event_id, event_type, payload)
            SELECT org_id, subscription_id, gen_random_uuid(), 'ping', '{"type": "ping"}' FROM subscription
            """,
            [orgID, randomBytes(), alice]
        )
    }
}

/// 32 random bytes, for key and token hashes that must be unique across the cluster.
func randomBytes() -> Data {
    Data((0..<32).map { _ in UInt8.random(in: .min ... .max) })
}
