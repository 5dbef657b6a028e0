import Foundation
import PostgresClient
import TestSupport

/// Two organisations seeded once per process for the tenancy tests, which only read them or
/// try (and must fail) to change them.
actor TenantPair {
    static let instance = TenantPair()
    private var pending: Task<(a: SeededOrganisation, b: SeededOrganisation), any Error>?

    static func shared() async throws -> (a: SeededOrganisation, b: SeededOrganisation) {
        try await instance.pair()
    }

    private func pair() async throws -> (a: SeededOrganisation, b: SeededOrganisation) {
        if let pending { return try await pending.value }
        let task = Task {
            let db = try await StoreDatabase.shared()
            return (a: try await SeededOrganisation.seed(using: db.app), b: try await SeededOrganisation.seed(using: db.app))
        }
        pending = task
        return try await task.value
    }
}

/// For each app table, an insert of a row that belongs to the given organisation and refers only
/// to its rows. Organisations and their settings are one row per organisation, so those two
/// repeat an existing key; row-level security is checked before any constraint.
struct CrossTenantInsert: Sendable {
    let sql: String
    let parameters: @Sendable (SeededOrganisation) -> [any PostgresEncodable]

    static let byTable: [String: CrossTenantInsert] = [
        "organisations": .init(
            sql: "INSERT INTO switchboard.organisations (org_id, slug, name) VALUES ($1, $2, 'Intruder')",
            parameters: { [$0.orgID, "x-\(uniqueSuffix())"] }
        ),
        "organisation_settings": .init(
            sql: "INSERT INTO switchboard.organisation_settings (org_id) VALUES ($1)",
            parameters: { [$0.orgID] }
        ),
        "agents": .init(
            sql: "INSERT INTO switchboard.agents (org_id, sso_issuer, sso_subject) VALUES ($1, 'https://idp.example', $2)",
            parameters: { [$0.orgID, uniqueSuffix()] }
        ),
        "contacts": .init(
            sql: "INSERT INTO switchboard.contacts (org_id, name) VALUES ($1, 'Mallory')",
            parameters: { [$0.orgID] }
        ),
        "conversations": .init(
            sql: "INSERT INTO switchboard.conversations (org_id, contact_id) VALUES ($1, $2)",
            parameters: { [$0.orgID, $0.contact] }
        ),
        "messages": .init(
            sql: """
                INSERT INTO switchboard.messages (org_id, conversation_id, seq, author_kind, body)
                VALUES ($1, $2, 100, 'customer', 'planted')
                """,
            parameters: { [$0.orgID, $0.aiOnlyConversation] }
        ),
        "ownership_events": .init(
            sql: """
                INSERT INTO switchboard.ownership_events (org_id, conversation_id, kind, to_agent_id)
                VALUES ($1, $2, 'take_over', $3)
                """,
            parameters: { [$0.orgID, $0.aiOnlyConversation, $0.alice] }
        ),
        "qa_reviews": .init(
            sql: "INSERT INTO switchboard.qa_reviews (org_id, conversation_id, flagged_incorrect) VALUES ($1, $2, true)",
            parameters: { [$0.orgID, $0.aiOnlyConversation] }
        ),
        "kb_updates": .init(
            sql: "INSERT INTO switchboard.kb_updates (org_id, conversation_id, update_needed) VALUES ($1, $2, true)",
            parameters: { [$0.orgID, $0.aiOnlyConversation] }
        ),
        "followups": .init(
            sql: "INSERT INTO switchboard.followups (org_id, conversation_id, needed) VALUES ($1, $2, true)",
            parameters: { [$0.orgID, $0.aiOnlyConversation] }
        ),
        "conversation_notes": .init(
            sql: "INSERT INTO switchboard.conversation_notes (org_id, conversation_id, agent_id, body) VALUES ($1, $2, $3, 'planted')",
            parameters: { [$0.orgID, $0.aiOnlyConversation, $0.alice] }
        ),
        "attachments": .init(
            sql: """
                INSERT INTO switchboard.attachments (org_id, conversation_id, file_name, content_type, byte_size, data)
                VALUES ($1, $2, 'planted.pdf', 'application/pdf', 5, '\\x255044462d')
                """,
            parameters: { [$0.orgID, $0.aiOnlyConversation] }
        ),
        "assignment_settings": .init(
            sql: "INSERT INTO switchboard.assignment_settings (org_id, enabled) VALUES ($1, true)",
            parameters: { [$0.orgID] }
        ),
        "conversation_labels": .init(
            sql: "INSERT INTO switchboard.conversation_labels (org_id, conversation_id, label) VALUES ($1, $2, 'planted')",
            parameters: { [$0.orgID, $0.aiOnlyConversation] }
        ),
        "satisfaction_ratings": .init(
            sql: "INSERT INTO switchboard.satisfaction_ratings (org_id, conversation_id, rating) VALUES ($1, $2, 5)",
            parameters: { [$0.orgID, $0.aiOnlyConversation] }
        ),
        "presence": .init(
            sql: "INSERT INTO switchboard.presence (org_id, agent_id, open_sockets) VALUES ($1, $2, 1)",
            parameters: { [$0.orgID, $0.dan] }
        ),
        "kb_articles": .init(
            sql: "INSERT INTO switchboard.kb_articles (org_id, title, body) VALUES ($1, 'Planted', 'Wrong answer')",
            parameters: { [$0.orgID] }
        ),
        "kb_examples": .init(
            sql: "INSERT INTO switchboard.kb_examples (org_id, article_id, question, source) VALUES ($1, $2, 'planted?', 'import')",
            parameters: { [$0.orgID, $0.article] }
        ),
        "kb_vocabulary": .init(
            sql: "INSERT INTO switchboard.kb_vocabulary (org_id, term, meaning) VALUES ($1, $2, 'planted')",
            parameters: { [$0.orgID, "t\(uniqueSuffix())"] }
        ),
        "kb_revisions": .init(
            sql: "INSERT INTO switchboard.kb_revisions (org_id) VALUES ($1) ON CONFLICT (org_id) DO NOTHING",
            parameters: { [$0.orgID] }
        ),
        "playbook_entries": .init(
            sql: "INSERT INTO switchboard.playbook_entries (org_id, section, phrase, answer) VALUES ($1, 'x', 'y', 'z')",
            parameters: { [$0.orgID] }
        ),
        "test_plan_items": .init(
            sql: "INSERT INTO switchboard.test_plan_items (org_id, title) VALUES ($1, 'Planted')",
            parameters: { [$0.orgID] }
        ),
        "test_results": .init(
            sql: "INSERT INTO switchboard.test_results (org_id, item_id, outcome) VALUES ($1, $2, 'fail')",
            parameters: { [$0.orgID, $0.testPlanItem] }
        ),
        "api_keys": .init(
            sql: """
                INSERT INTO switchboard.api_keys (org_id, name, prefix, key_hash, scopes)
                VALUES ($1, 'Planted', $2, $3, '{admin}')
                """,
            parameters: { [$0.orgID, "sbk_\(uniqueSuffix())", randomBytes()] }
        ),
        "web_sessions": .init(
            sql: """
                INSERT INTO switchboard.web_sessions (org_id, agent_id, token_hash, csrf_token, expires_at)
                VALUES ($1, $2, $3, 'csrf', now() + interval '1 day')
                """,
            parameters: { [$0.orgID, $0.alice, randomBytes()] }
        ),
        "audit_log": .init(
            sql: "INSERT INTO switchboard.audit_log (org_id, actor_kind, action) VALUES ($1, 'system', 'planted')",
            parameters: { [$0.orgID] }
        ),
        "sso_configurations": .init(
            sql: """
                INSERT INTO switchboard.sso_configurations (org_id, issuer, client_id, client_secret_sealed)
                VALUES ($1, 'https://evil.example', 'planted', $2)
                """,
            parameters: { [$0.orgID, randomBytes()] }
        ),
        "api_idempotency_keys": .init(
            sql: """
                INSERT INTO switchboard.api_idempotency_keys (org_id, key_id, idempotency_key, request_hash)
                VALUES ($1, gen_random_uuid(), 'planted', $2)
                """,
            parameters: { [$0.orgID, randomBytes()] }
        ),
        "webhook_subscriptions": .init(
            sql: """
                INSERT INTO switchboard.webhook_subscriptions (org_id, url, event_types, secret_sealed)
                VALUES ($1, 'https://evil.example/hooks', '{message.created}', $2)
                """,
            parameters: { [$0.orgID, randomBytes()] }
        ),
        "answer_engine_settings": .init(
            sql: """
                INSERT INTO switchboard.answer_engine_settings (org_id, enabled, base_url, model, api_key_sealed)
                VALUES ($1, true, 'https://evil.example/v1', 'planted', $2)
                """,
            parameters: { [$0.orgID, randomBytes()] }
        ),
        "email_settings": .init(
            sql:
                "INSERT INTO switchboard.email_settings (org_id, enabled, host, from_address) VALUES ($1, true, 'smtp.evil.example', 'x@evil.example')",
            parameters: { [$0.orgID] }
        ),
        "email_outbox": .init(
            sql: """
                INSERT INTO switchboard.email_outbox (org_id, conversation_id, kind, recipient, subject, body)
                VALUES ($1, $2, 'transcript', 'victim@evil.example', 'Planted', 'Planted')
                """,
            parameters: { [$0.orgID, $0.aiOnlyConversation] }
        ),
        "customer_presence": .init(
            sql: "INSERT INTO switchboard.customer_presence (org_id, conversation_id) VALUES ($1, $2)",
            parameters: { [$0.orgID, $0.aiOnlyConversation] }
        ),
        "webhook_deliveries": .init(
            sql: """
                INSERT INTO switchboard.webhook_deliveries (org_id, subscription_id, event_id, event_type, payload)
                VALUES ($1, gen_random_uuid(), gen_random_uuid(), 'ping', '{}')
                """,
            parameters: { [$0.orgID] }
        ),
    ]
}
