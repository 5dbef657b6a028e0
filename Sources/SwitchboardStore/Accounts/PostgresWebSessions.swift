import Foundation
import PostgresClient
import SwitchboardDomain

/// Console sessions in PostgreSQL. A cookie names no organisation, so `find` first asks the
/// SECURITY DEFINER look-up of migration 0002 which organisation holds the token hash, then
/// reads the session under that organisation's row-level security.
public struct PostgresWebSessions: WebSessionRepository {
    private let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    public func create(
        orgID: UUID,
        agentID: UUID,
        tokenHash: Data,
        csrfToken: String,
        userAgent: String?,
        policy: WebSessionPolicy
    ) async throws -> WebSession {
        try await pool.withTenant(orgID) { session in
            let row = try await session.query(
                """
                INSERT INTO web_sessions (org_id, agent_id, token_hash, csrf_token, expires_at, user_agent)
                VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5), left($6, 300))
                RETURNING session_id, expires_at
                """,
                [orgID, agentID, tokenHash, csrfToken, Double(policy.absoluteLifetime.components.seconds), userAgent]
            ).singleRow()!
            return WebSession(
                id: try row.decode("session_id"),
                orgID: orgID,
                agentID: agentID,
                csrfToken: csrfToken,
                expiresAt: try row.decode("expires_at")
            )
        }
    }

    public func find(tokenHash: Data, policy: WebSessionPolicy) async throws -> ActiveWebSession? {
        let orgID = try await pool.withConnection { session in
            try await session.query("SELECT org_id_for_session_token_hash($1) AS org_id", [tokenHash]).singleRow()?
                .decode("org_id", as: UUID?.self)
        }
        guard let orgID else { return nil }
        return try await pool.withTenant(orgID) { session in
            // Marks the session used at most once a minute, so busy consoles do not write on every request.
            let row = try await session.query(
                """
                WITH live AS (
                    SELECT s.session_id, s.agent_id, s.csrf_token, s.expires_at, s.last_seen_at, a.role
                    FROM web_sessions s JOIN agents a ON a.org_id = s.org_id AND a.agent_id = s.agent_id
                    WHERE s.org_id = $1 AND s.token_hash = $2 AND s.revoked_at IS NULL AND s.expires_at > now()
                      AND s.last_seen_at > now() - make_interval(secs => $3) AND a.disabled_at IS NULL
                ), touched AS (
                    UPDATE web_sessions s SET last_seen_at = now()
                    FROM live WHERE s.org_id = $1 AND s.session_id = live.session_id
                      AND live.last_seen_at < now() - interval '1 minute'
                )
                SELECT session_id, agent_id, csrf_token, expires_at, role FROM live
                """,
                [orgID, tokenHash, Double(policy.idleTimeout.components.seconds)]
            ).singleRow()
            guard let row, let role = AgentRole(rawValue: try row.decode("role")) else { return nil }
            return ActiveWebSession(
                session: WebSession(
                    id: try row.decode("session_id"),
                    orgID: orgID,
                    agentID: try row.decode("agent_id"),
                    csrfToken: try row.decode("csrf_token"),
                    expiresAt: try row.decode("expires_at")
                ),
                role: role
            )
        }
    }

    /// Deletes sessions that ended (expired, idle or revoked) more than a day ago, organisation
    /// by organisation; returns how many. Run periodically so the table does not grow forever.
    @discardableResult
    public func purgeEnded(policy: WebSessionPolicy) async throws -> Int {
        try await pool.sumOverOrganisations { orgID, session in
            try await session.execute(
                """
                DELETE FROM web_sessions
                WHERE org_id = $1
                  AND LEAST(expires_at, COALESCE(revoked_at, 'infinity'), last_seen_at + make_interval(secs => $2))
                      < now() - interval '1 day'
                """,
                [orgID, Double(policy.idleTimeout.components.seconds)]
            )
        }
    }

    public func revoke(orgID: UUID, sessionID: UUID) async throws {
        try await pool.withTenant(orgID) { session in
            let row = try await session.query(
                """
                UPDATE web_sessions SET revoked_at = COALESCE(revoked_at, now())
                WHERE org_id = $1 AND session_id = $2 RETURNING agent_id
                """,
                [orgID, sessionID]
            ).singleRow()
            guard let row else { return }
            try await SignOutBroadcast.send(
                session,
                SignOutNotice(orgID: orgID, agentID: try row.decode("agent_id"), sessionID: sessionID)
            )
        }
    }
}
