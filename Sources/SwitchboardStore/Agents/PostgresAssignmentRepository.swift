import Foundation
import PostgresClient
import SwitchboardDomain

/// Assignment settings and the loads the round robin reads, in PostgreSQL.
public struct PostgresAssignmentRepository: AssignmentRepository {
    private let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    public func settings(orgID: UUID) async throws -> AssignmentSettings {
        try await pool.withTenant(orgID) { session in
            guard
                let row = try await session.query(
                    "SELECT enabled, max_chats_per_agent FROM assignment_settings WHERE org_id = $1",
                    [orgID]
                ).first
            else { return AssignmentSettings() }
            return AssignmentSettings(enabled: try row.decode("enabled"), maxChatsPerAgent: try row.decode("max_chats_per_agent"))
        }
    }

    public func save(orgID: UUID, settings: AssignmentSettings, audit: AuditRecord) async throws {
        try await pool.withTenant(orgID) { session in
            try await session.execute(
                """
                INSERT INTO assignment_settings (org_id, enabled, max_chats_per_agent, updated_by_agent_id)
                VALUES ($1, $2, $3, $4)
                ON CONFLICT (org_id) DO UPDATE SET enabled = EXCLUDED.enabled, max_chats_per_agent = EXCLUDED.max_chats_per_agent,
                    updated_by_agent_id = EXCLUDED.updated_by_agent_id, updated_at = now()
                """,
                [orgID, settings.enabled, settings.maxChatsPerAgent, audit.agentID]
            )
            try await AuditSQL.insert(session, orgID: orgID, audit)
        }
    }

    public func onlineAgents(orgID: UUID) async throws -> [AgentLoad] {
        try await pool.withTenant(orgID) { session in
            try await session.query(
                """
                SELECT a.agent_id,
                       (SELECT count(*)::int FROM conversations c
                        WHERE c.org_id = a.org_id AND c.owner_agent_id = a.agent_id AND c.mode = 'live') AS live_chats,
                       (SELECT max(e.at) FROM ownership_events e
                        WHERE e.org_id = a.org_id AND e.to_agent_id = a.agent_id) AS last_taken
                FROM agents a
                JOIN presence p ON p.org_id = a.org_id AND p.agent_id = a.agent_id
                WHERE a.org_id = $1 AND a.disabled_at IS NULL AND agent_is_online(p.last_heartbeat_at, p.open_sockets)
                ORDER BY live_chats, last_taken NULLS FIRST, a.agent_id
                """,
                [orgID]
            ).map { AgentLoad(agentID: try $0.decode("agent_id"), liveChats: try $0.decode("live_chats")) }
        }
    }

    public func waitingChats(orgID: UUID, limit: Int) async throws -> [UUID] {
        try await pool.withTenant(orgID) { session in
            try await session.query(
                """
                SELECT c.conversation_id FROM conversations c
                JOIN assignment_settings s ON s.org_id = c.org_id AND s.enabled
                WHERE c.org_id = $1 AND c.mode = 'needs'
                ORDER BY c.updated_at, c.conversation_id LIMIT $2
                """,
                [orgID, limit]
            ).map { try $0.decode("conversation_id", as: UUID.self) }
        }
    }

    public func organisationIDs() async throws -> [UUID] {
        try await pool.allOrganisationIDs()
    }
}
