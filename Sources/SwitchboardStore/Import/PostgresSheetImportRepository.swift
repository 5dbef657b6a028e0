import Foundation
import PostgresClient
import SwitchboardDomain

/// Writes a sheet import into PostgreSQL, under the organisation's tenant.
public struct PostgresSheetImportRepository: SheetImportRepository {
    private let pool: PostgresPool
    private let ownerPool: PostgresPool?

    /// `pool` connects as the app role; `ownerPool`, when given, as the tables' owner, which
    /// ANALYZE needs.
    public init(pool: PostgresPool, ownerPool: PostgresPool? = nil) {
        self.pool = pool
        self.ownerPool = ownerPool
    }

    public func refreshStatistics() async throws {
        guard let ownerPool else { return }
        try await ownerPool.withConnection { session in
            try await session.execute(
                """
                ANALYZE switchboard.conversations, switchboard.contacts, switchboard.messages, switchboard.ownership_events,
                        switchboard.qa_reviews, switchboard.kb_updates, switchboard.followups
                """
            )
        }
    }

    /// The sign-in issuer of agents the import creates: they exist for history until the person
    /// signs in through the organisation's single sign-on (a separate identity).
    public static let importIssuer = "urn:switchboard:import"

    /// An import that stops half-way is simply run again (rows already stored are skipped), so
    /// its commits need not wait for the disk: the batch is durable a moment later.
    private static let settings = [("synchronous_commit", "off")]

    public func importedFingerprints(orgID: UUID, sessionIDs: [String]) async throws -> [String: String] {
        guard !sessionIDs.isEmpty else { return [:] }
        return try await pool.withTenant(orgID) { session in
            var result: [String: String] = [:]
            for row in try await session.query(
                """
                SELECT external_id, COALESCE(external_fingerprint, '') AS fingerprint FROM conversations
                WHERE org_id = $1 AND external_id = ANY ($2::text[])
                """,
                [orgID, sessionIDs]
            ) {
                result[try row.decode("external_id", as: String.self)] = try row.decode("fingerprint", as: String.self)
            }
            return result
        }
    }

    /// Matches by exact display name (the oldest agent wins when several share one); creates
    /// the missing ones with the name as their sign-in name, so their display name is the name.
    public func agents(orgID: UUID, names: [String], create: Bool) async throws -> (ids: [String: UUID], created: [String]) {
        guard !names.isEmpty else { return ([:], []) }
        return try await pool.withTenant(orgID) { session in
            var ids: [String: UUID] = [:]
            for row in try await session.query(
                """
                SELECT DISTINCT ON (display_name) display_name, agent_id FROM agents
                WHERE org_id = $1 AND display_name = ANY ($2::text[])
                ORDER BY display_name, created_at, agent_id
                """,
                [orgID, names]
            ) {
                ids[try row.decode("display_name", as: String.self)] = try row.decode("agent_id", as: UUID.self)
            }
            let missing = names.filter { ids[$0] == nil }
            guard create, !missing.isEmpty else { return (ids, []) }
            for row in try await session.query(
                """
                INSERT INTO agents (org_id, sso_issuer, sso_subject, sign_in_name, role)
                SELECT $1, $2, name, name, 'agent' FROM unnest($3::text[]) AS name
                ON CONFLICT (org_id, sso_issuer, sso_subject) DO UPDATE SET sign_in_name = EXCLUDED.sign_in_name
                RETURNING sign_in_name, agent_id
                """,
                [orgID, Self.importIssuer, missing]
            ) {
                ids[try row.decode("sign_in_name", as: String.self)] = try row.decode("agent_id", as: UUID.self)
            }
            return (ids, missing)
        }
    }

    /// One transaction for the batch; when it fails, each row again in a transaction of its own,
    /// so one bad row costs only itself and nothing of it stays.
    public func write(orgID: UUID, conversations: [ImportedConversation], agents: [String: UUID]) async throws -> [SheetRowProblem] {
        do {
            try await write(orgID: orgID, batch: conversations, agents: agents)
            return []
        } catch let error as PostgresError where conversations.count > 1 && error.sqlState != nil {
            var problems: [SheetRowProblem] = []
            for conversation in conversations {
                do {
                    try await write(orgID: orgID, batch: [conversation], agents: agents)
                } catch let error as PostgresError where error.sqlState != nil {
                    problems.append(Self.problem(conversation, error))
                }
            }
            return problems
        } catch let error as PostgresError where error.sqlState != nil {
            return conversations.map { Self.problem($0, error) }
        }
    }

    private func write(orgID: UUID, batch conversations: [ImportedConversation], agents: [String: UUID]) async throws {
        var batch = SheetImportBatch()
        for conversation in conversations { try batch.append(conversation, agents: agents) }
        try await pool.withTenant(orgID, settings: Self.settings) { session in
            try await batch.write(in: session)
        }
    }

    static func problem(_ conversation: ImportedConversation, _ error: PostgresError) -> SheetRowProblem {
        let reason =
            error.constraint == "conversations_external_id"
            ? "session_id \(conversation.sessionID) was imported meanwhile by another run"
            : "not stored: \(error.serverMessage ?? "the database refused the row")"
        return SheetRowProblem(tab: "ChatLog", row: conversation.row, column: nil, reason: reason)
    }

    /// Only agents of the import's issuer with no message, ownership, review, follow-up or
    /// presence row are removed; called only after a row was refused, so the scans are rare.
    public func removeUnusedAgents(orgID: UUID, agentIDs: [UUID]) async throws -> Set<UUID> {
        guard !agentIDs.isEmpty else { return [] }
        return try await pool.withTenant(orgID) { session in
            let rows = try await session.query(
                """
                DELETE FROM agents a
                WHERE a.org_id = $1 AND a.agent_id = ANY ($2::uuid[]) AND a.sso_issuer = $3
                  AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.org_id = a.org_id AND m.agent_id = a.agent_id)
                  AND NOT EXISTS (SELECT 1 FROM conversations c WHERE c.org_id = a.org_id AND c.owner_agent_id = a.agent_id)
                  AND NOT EXISTS (SELECT 1 FROM ownership_events e WHERE e.org_id = a.org_id
                                    AND (e.from_agent_id = a.agent_id OR e.to_agent_id = a.agent_id))
                  AND NOT EXISTS (SELECT 1 FROM qa_reviews q WHERE q.org_id = a.org_id AND q.reviewed_by_agent_id = a.agent_id)
                  AND NOT EXISTS (SELECT 1 FROM followups f WHERE f.org_id = a.org_id AND f.done_by_agent_id = a.agent_id)
                  AND NOT EXISTS (SELECT 1 FROM presence p WHERE p.org_id = a.org_id AND p.agent_id = a.agent_id)
                RETURNING a.agent_id
                """,
                [orgID, agentIDs, Self.importIssuer]
            )
            return Set(try rows.map { try $0.decode("agent_id", as: UUID.self) })
        }
    }

    public func recordPresence(orgID: UUID, entries: [(agentID: UUID, at: Date)]) async throws -> Int {
        try await pool.withTenant(orgID) { session in
            try await session.execute(
                """
                INSERT INTO presence (org_id, agent_id, last_heartbeat_at, updated_at)
                SELECT $1, e.agent_id, e.at, e.at FROM unnest($2::uuid[], $3::timestamptz[]) AS e(agent_id, at)
                ON CONFLICT (org_id, agent_id) DO NOTHING
                """,
                [orgID, entries.map(\.agentID), entries.map { PostgresTimestamp.format($0.at) }]
            )
        }
    }

    public func setAIChatEnabled(orgID: UUID, enabled: Bool) async throws {
        try await pool.withTenant(orgID) { session in
            try await session.execute(
                """
                UPDATE organisation_settings SET ai_chat_enabled = $2, updated_at = now()
                WHERE org_id = $1 AND ai_chat_enabled IS DISTINCT FROM $2
                """,
                [orgID, enabled]
            )
        }
    }
}
