import Foundation
import PostgresClient
import SwitchboardDomain

/// Organisations' email settings in PostgreSQL (`email_settings`); a change and its audit entry
/// commit together, and the entry never holds the password.
public struct PostgresEmailSettings: EmailSettingsRepository {
    private let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    public func settings(orgID: UUID) async throws -> EmailSettings? {
        try await pool.withTenant(orgID) { session in try await Self.read(session, orgID: orgID, lock: false) }
    }

    public func update(
        orgID: UUID,
        by actor: AuditActor,
        decide: @Sendable (EmailSettings?) throws -> EmailSettings
    ) async throws -> EmailSettings {
        let agentID: UUID? = if case .agent(let id) = actor { id } else { nil }
        return try await pool.withTenant(orgID) { session in
            let current = try await Self.read(session, orgID: orgID, lock: true)
            var next = try decide(current)
            next.updatedAt = current?.updatedAt
            // Nothing changed: no write, no audit entry.
            let baseline = current ?? EmailSettings()
            guard next != baseline else { return baseline }
            try await session.execute(
                """
                INSERT INTO email_settings
                    (org_id, enabled, host, port, security, username, password_sealed, from_address, from_name,
                     updated_at, updated_by_agent_id)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now(), $10)
                ON CONFLICT (org_id) DO UPDATE SET
                    enabled = EXCLUDED.enabled, host = EXCLUDED.host, port = EXCLUDED.port, security = EXCLUDED.security,
                    username = EXCLUDED.username, password_sealed = EXCLUDED.password_sealed,
                    from_address = EXCLUDED.from_address, from_name = EXCLUDED.from_name,
                    updated_at = now(), updated_by_agent_id = EXCLUDED.updated_by_agent_id
                """,
                [
                    orgID, next.enabled, next.host, next.port, next.security.rawValue, next.username, next.sealedPassword,
                    next.fromAddress, next.fromName, agentID,
                ]
            )
            let details = AuditDetails(
                before: current?.auditSnapshot,
                after: next.auditSnapshot,
                passwordChanged: current?.sealedPassword != next.sealedPassword
            )
            try await session.execute(
                """
                INSERT INTO audit_log (org_id, actor_kind, actor_id, action, target_kind, target_id, details)
                VALUES ($1, $2, $3, 'email.updated', 'email_settings', $4, $5::jsonb)
                """,
                [orgID, actor.kind, actor.id, orgID.uuidString.lowercased(), AuditRecord.details(details)]
            )
            return try await Self.read(session, orgID: orgID, lock: false) ?? next
        }
    }

    /// Before and after without the password; `passwordChanged` says one was stored or removed.
    private struct AuditDetails: Encodable {
        let before: EmailSettings.AuditSnapshot?
        let after: EmailSettings.AuditSnapshot
        let passwordChanged: Bool
    }

    static func read(_ session: PostgresSession, orgID: UUID, lock: Bool) async throws -> EmailSettings? {
        let sql = """
            SELECT enabled, host, port, security, username, password_sealed, from_address, from_name, updated_at
            FROM email_settings WHERE org_id = $1
            """ + (lock ? " FOR UPDATE" : "")
        guard let row = try await session.query(sql, [orgID]).singleRow() else { return nil }
        return EmailSettings(
            enabled: try row.decode("enabled"),
            host: try row.decode("host"),
            port: try row.decode("port"),
            security: EmailSettings.Security(rawValue: try row.decode("security")) ?? .starttls,
            username: try row.decode("username"),
            sealedPassword: try row.decode("password_sealed"),
            fromAddress: try row.decode("from_address"),
            fromName: try row.decode("from_name"),
            updatedAt: try row.decode("updated_at")
        )
    }
}
