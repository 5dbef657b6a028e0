import Foundation
import PostgresClient
import SwitchboardDomain

/// Organisations' email settings in PostgreSQL (`email_settings`); a change and its audit entry
/// commit together, and the entry never holds the password.
public typealias PostgresEmailSettings = AuditedSettingsTable<EmailSettings>

extension EmailSettings: StoredSettings {
    public static let auditAction = "email.updated"
    public static let auditTargetKind = "email_settings"

    public static func auditDetails(before: Self?, after: Self) -> AuditDetails {
        AuditDetails(before: before?.auditSnapshot, after: after.auditSnapshot, passwordChanged: before?.sealedPassword != after.sealedPassword)
    }

    public func write(_ session: PostgresSession, orgID: UUID, agentID: UUID?) async throws {
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
                orgID, enabled, host, port, security.rawValue, username, sealedPassword,
                fromAddress, fromName, agentID,
            ]
        )
    }

    /// Before and after without the password; `passwordChanged` says one was stored or removed.
    public struct AuditDetails: Encodable {
        let before: EmailSettings.AuditSnapshot?
        let after: EmailSettings.AuditSnapshot
        let passwordChanged: Bool
    }

    public static func read(_ session: PostgresSession, orgID: UUID, lock: Bool) async throws -> Self? {
        let sql = """
            SELECT enabled, host, port, security, username, password_sealed, from_address, from_name, updated_at
            FROM email_settings WHERE org_id = $1
            """ + (lock ? " FOR UPDATE" : "")
        guard let row = try await session.query(sql, [orgID]).singleRow() else { return nil }
        return Self(
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
