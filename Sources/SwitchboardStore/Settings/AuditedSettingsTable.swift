import Foundation
import PostgresClient
import SwitchboardDomain

/// Settings kept one row an organisation in a table of their own, whose every change commits
/// together with an audit entry; each kind says how its row is read and written.
public protocol StoredSettings: DefaultableSettings {
    /// What the audit entry's `details` holds: before and after, never a secret.
    associatedtype AuditDetails: Encodable

    /// The audit entry's action (`email.updated`) and target kind (`email_settings`).
    static var auditAction: String { get }
    static var auditTargetKind: String { get }

    /// The time of the last change; nil for the defaults.
    var updatedAt: Date? { get set }

    static func auditDetails(before: Self?, after: Self) -> AuditDetails

    /// The organisation's row, locked `FOR UPDATE` when `lock` is set; nil when it has none.
    static func read(_ session: PostgresSession, orgID: UUID, lock: Bool) async throws -> Self?

    /// Inserts or replaces the organisation's row, stamped now and with the changing agent (nil for others).
    func write(_ session: PostgresSession, orgID: UUID, agentID: UUID?) async throws
}

/// Organisations' settings of one kind in PostgreSQL; a change and its audit entry commit together.
public struct AuditedSettingsTable<Settings: StoredSettings>: AuditedSettingsRepository {
    private let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    public func settings(orgID: UUID) async throws -> Settings? {
        try await pool.withTenant(orgID) { session in try await Settings.read(session, orgID: orgID, lock: false) }
    }

    public func update(orgID: UUID, by actor: AuditActor, decide: @Sendable (Settings?) throws -> Settings) async throws -> Settings {
        let agentID: UUID? = if case .agent(let id) = actor { id } else { nil }
        return try await pool.withTenant(orgID) { session in
            let current = try await Settings.read(session, orgID: orgID, lock: true)
            var next = try decide(current)
            next.updatedAt = current?.updatedAt
            // Nothing changed: no write, no audit entry.
            let baseline = current ?? .defaults
            guard next != baseline else { return baseline }
            try await next.write(session, orgID: orgID, agentID: agentID)
            try await session.execute(
                """
                INSERT INTO audit_log (org_id, actor_kind, actor_id, action, target_kind, target_id, details)
                VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
                """,
                [
                    orgID, actor.kind, actor.id, Settings.auditAction, Settings.auditTargetKind, orgID.uuidString.lowercased(),
                    AuditRecord.details(Settings.auditDetails(before: current, after: next)),
                ]
            )
            return try await Settings.read(session, orgID: orgID, lock: false) ?? next
        }
    }
}
