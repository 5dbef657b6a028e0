import Foundation
import PostgresClient
import SwitchboardDomain

/// Agents' accounts in PostgreSQL, each call in one tenant transaction.
public struct PostgresAgentAccounts: AgentAccountRepository {
    private let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    static let columns = """
        agent_id, org_id, display_name, sign_in_name, display_name_override, email, role,
        disabled_at IS NOT NULL AS disabled, last_sign_in_at
        """

    public func account(orgID: UUID, agentID: UUID) async throws -> AgentAccount? {
        try await pool.withTenant(orgID) { session in
            try await Self.account(session, orgID: orgID, agentID: agentID)
        }
    }

    public func accounts(orgID: UUID) async throws -> [AgentAccount] {
        try await pool.withTenant(orgID) { session in
            try await session.query(
                "SELECT \(Self.columns) FROM agents WHERE org_id = $1 ORDER BY display_name, agent_id",
                [orgID]
            ).map(Self.account(from:))
        }
    }

    public func signIn(orgID: UUID, identity: SignInIdentity) async throws -> AgentAccount {
        try await pool.withTenant(orgID) { session in
            // The role is only written when the provider asserts one ($6 NULL keeps the stored role).
            let row = try await session.query(
                """
                INSERT INTO agents (org_id, sso_issuer, sso_subject, email, sign_in_name, role, last_sign_in_at)
                VALUES ($1, $2, $3, $4, $5, COALESCE($6, 'agent'), now())
                ON CONFLICT (org_id, sso_issuer, sso_subject) DO UPDATE
                    SET email = EXCLUDED.email, sign_in_name = EXCLUDED.sign_in_name,
                        role = COALESCE($6, agents.role),
                        last_sign_in_at = CASE WHEN agents.disabled_at IS NULL THEN now() ELSE agents.last_sign_in_at END
                RETURNING \(Self.columns)
                """,
                [orgID, identity.issuer, identity.subject, identity.email, identity.name, identity.role?.rawValue]
            ).singleRow()
            let account = try Self.account(from: row!)
            if account.disabled { throw SimpleDomainError.agentDisabled }
            return account
        }
    }

    public func setDisplayNameOverride(orgID: UUID, agentID: UUID, name: String?) async throws -> AgentAccount {
        let trimmed = try AgentAccount.checkedDisplayNameOverride(name)
        return try await pool.withTenant(orgID) { session in
            let row = try await session.query(
                """
                UPDATE agents SET display_name_override = NULLIF($3, '')
                WHERE org_id = $1 AND agent_id = $2 AND disabled_at IS NULL
                RETURNING \(Self.columns)
                """,
                [orgID, agentID, trimmed]
            ).singleRow()
            guard let row else { throw SimpleDomainError.agentNotFound }
            try await AuditTrail.record(
                session,
                orgID: orgID,
                actor: .agent(agentID),
                action: "agent.display_name_changed",
                targetKind: "agent",
                targetID: agentID.uuidString.lowercased(),
                details: ["displayNameOverride": trimmed ?? ""]
            )
            return try Self.account(from: row)
        }
    }

    public func update(orgID: UUID, agentID: UUID, role: AgentRole?, disabled: Bool?, by actor: AuditActor) async throws -> AgentAccount? {
        try await pool.withTenant(orgID) { session in
            guard let before = try await Self.account(session, orgID: orgID, agentID: agentID) else { return nil }
            let row = try await session.query(
                """
                UPDATE agents SET role = COALESCE($3, role),
                    disabled_at = CASE WHEN $4::boolean IS NULL THEN disabled_at
                                       WHEN $4::boolean THEN COALESCE(disabled_at, now())
                                       ELSE NULL END
                WHERE org_id = $1 AND agent_id = $2
                RETURNING \(Self.columns)
                """,
                [orgID, agentID, role?.rawValue, disabled]
            ).singleRow()
            let after = try Self.account(from: row!)
            var details: [String: String] = [:]
            if before.role != after.role { details["role"] = "\(before.role.rawValue) → \(after.role.rawValue)" }
            if before.disabled != after.disabled { details["disabled"] = "\(after.disabled)" }
            if !details.isEmpty {
                try await AuditTrail.record(
                    session,
                    orgID: orgID,
                    actor: actor,
                    action: "agent.updated",
                    targetKind: "agent",
                    targetID: agentID.uuidString.lowercased(),
                    details: details
                )
            }
            if after.disabled && !before.disabled {
                try await session.execute(
                    "UPDATE web_sessions SET revoked_at = now() WHERE org_id = $1 AND agent_id = $2 AND revoked_at IS NULL",
                    [orgID, agentID]
                )
                try await SignOutBroadcast.send(session, SignOutNotice(orgID: orgID, agentID: agentID, sessionID: nil))
            }
            return after
        }
    }

    static func account(_ session: PostgresSession, orgID: UUID, agentID: UUID) async throws -> AgentAccount? {
        try await session.query(
            "SELECT \(columns) FROM agents WHERE org_id = $1 AND agent_id = $2",
            [orgID, agentID]
        ).singleRow().map(account(from:))
    }

    static func account(from row: PostgresRow) throws -> AgentAccount {
        AgentAccount(
            id: try row.decode("agent_id"),
            orgID: try row.decode("org_id"),
            displayName: try row.decode("display_name"),
            signInName: try row.decode("sign_in_name"),
            displayNameOverride: try row.decode("display_name_override"),
            email: try row.decode("email"),
            role: AgentRole(rawValue: try row.decode("role")) ?? .agent,
            disabled: try row.decode("disabled"),
            lastSignInAt: try row.decode("last_sign_in_at")
        )
    }
}
