import Foundation
import PostgresClient
import SwitchboardDomain

/// Agents and their presence in PostgreSQL.
///
/// Online means a heartbeat within the last five minutes (two missed two-minute beats), as
/// `switchboard.agent_is_online` defines it; open console sockets refresh the heartbeat.
public struct PostgresAgentDirectory: AgentDirectory {
    private let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    public func displayName(orgID: UUID, agentID: UUID) async throws -> String? {
        try await pool.withTenant(orgID) { session in
            try await Self.displayName(session, orgID: orgID, agentID: agentID)
        }
    }

    /// An enabled agent's display name, inside a caller's tenant transaction.
    static func displayName(_ session: PostgresSession, orgID: UUID, agentID: UUID) async throws -> String? {
        try await session.query(
            "SELECT display_name FROM agents WHERE org_id = $1 AND agent_id = $2 AND disabled_at IS NULL",
            [orgID, agentID]
        ).singleRow()?.decode("display_name", as: String.self)
    }

    public func role(orgID: UUID, agentID: UUID) async throws -> AgentRole? {
        try await pool.withTenant(orgID) { session in
            try await session.query(
                "SELECT role FROM agents WHERE org_id = $1 AND agent_id = $2 AND disabled_at IS NULL",
                [orgID, agentID]
            ).singleRow()?.decode("role", as: String.self)
        }.flatMap(AgentRole.init(rawValue:))
    }

    public func anyAgentOnline(orgID: UUID) async throws -> Bool {
        try await pool.withTenant(orgID) { session in
            try await session.query(
                """
                SELECT EXISTS (
                    SELECT 1 FROM presence p JOIN agents a ON a.org_id = p.org_id AND a.agent_id = p.agent_id
                    WHERE p.org_id = $1 AND a.disabled_at IS NULL
                      AND agent_is_online(p.last_heartbeat_at, p.open_sockets)) AS online
                """,
                [orgID]
            ).singleRow()!.decode("online", as: Bool.self)
        }
    }

    public func agents(orgID: UUID) async throws -> [AgentPresence] {
        try await pool.withTenant(orgID) { session in
            try await session.query(
                """
                SELECT a.agent_id, a.display_name, a.role,
                       agent_is_online(p.last_heartbeat_at, COALESCE(p.open_sockets, 0)) AS online
                FROM agents a LEFT JOIN presence p ON p.org_id = a.org_id AND p.agent_id = a.agent_id
                WHERE a.org_id = $1 AND a.disabled_at IS NULL
                ORDER BY online DESC, a.display_name
                """,
                [orgID]
            ).map { row in
                AgentPresence(
                    id: try row.decode("agent_id"),
                    displayName: try row.decode("display_name"),
                    role: AgentRole(rawValue: try row.decode("role")) ?? .agent,
                    online: try row.decode("online", as: Bool?.self) ?? false
                )
            }
        }
    }

    /// Records that the agents' consoles are alive now.
    public func heartbeat(orgID: UUID, agentIDs: [UUID]) async throws {
        guard !agentIDs.isEmpty else { return }
        try await pool.withTenant(orgID) { session in
            try await session.execute(
                """
                INSERT INTO presence (org_id, agent_id, last_heartbeat_at, updated_at)
                SELECT $1, agent_id, now(), now() FROM unnest($2::uuid[]) AS agent_id
                ON CONFLICT (org_id, agent_id) DO UPDATE SET last_heartbeat_at = now(), updated_at = now()
                """,
                [orgID, agentIDs]
            )
        }
    }

    /// Finds or creates the agent for a sign-in identity and refreshes its sign-in name.
    public func upsert(orgID: UUID, issuer: String, subject: String, email: String?, name: String?, role: AgentRole) async throws -> UUID {
        try await pool.withTenant(orgID) { session in
            try await session.query(
                """
                INSERT INTO agents (org_id, sso_issuer, sso_subject, email, sign_in_name, role, last_sign_in_at)
                VALUES ($1, $2, $3, $4, $5, $6, now())
                ON CONFLICT (org_id, sso_issuer, sso_subject) DO UPDATE
                    SET email = EXCLUDED.email, sign_in_name = EXCLUDED.sign_in_name, last_sign_in_at = now()
                RETURNING agent_id
                """,
                [orgID, issuer, subject, email, name, role.rawValue]
            ).singleRow()!.decode("agent_id", as: UUID.self)
        }
    }
}
