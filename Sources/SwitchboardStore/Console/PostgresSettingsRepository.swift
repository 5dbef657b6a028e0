import Foundation
import PostgresClient
import SwitchboardDomain

/// Console settings in PostgreSQL: organisation_settings plus the organisation's widget key.
/// Changes and their audit entries commit together.
public struct PostgresSettingsRepository: SettingsRepository, AuditLog {
    private let pool: PostgresPool
    /// This instance's settings cache, dropped as soon as a change commits (other instances hear NOTIFY).
    private let cache: OrganisationSettingsCache?

    public init(pool: PostgresPool, cache: OrganisationSettingsCache? = nil) {
        self.pool = pool
        self.cache = cache
    }

    public func settings(orgID: UUID) async throws -> ConsoleSettings {
        try await pool.withTenant(orgID) { session in try await Self.read(session, orgID: orgID, lock: false) }
    }

    public func update(
        orgID: UUID,
        decide: @Sendable (ConsoleSettings) throws -> (ConsoleSettings, AuditRecord?)
    ) async throws -> ConsoleSettings {
        let updated = try await pool.withTenant(orgID) { session in
            let current = try await Self.read(session, orgID: orgID, lock: true)
            let (next, record) = try decide(current)
            guard let record, next != current else { return current }
            try await session.execute(
                """
                UPDATE organisation_settings SET ai_chat_enabled = $2, time_zone = $3, business_hours = $4::jsonb,
                       widget_allowed_origins = $5, idle_close_minutes = $6, updated_at = now(), updated_by_agent_id = $7
                WHERE org_id = $1
                """,
                [
                    orgID, next.aiChatEnabled, next.timeZone, try Self.json(next.businessHours), next.widgetAllowedOrigins,
                    next.idleCloseMinutes, record.agentID,
                ]
            )
            if next.widgetKey != current.widgetKey {
                try await session.execute("UPDATE organisations SET widget_key = $2 WHERE org_id = $1", [orgID, next.widgetKey])
            }
            try await AuditSQL.insert(session, orgID: orgID, record)
            return try await Self.read(session, orgID: orgID, lock: false)
        }
        await cache?.invalidate(orgID: orgID)
        return updated
    }

    public func entries(orgID: UUID, limit: Int) async throws -> [AuditEntry] {
        try await pool.withTenant(orgID) { session in
            try await session.query(
                """
                SELECT l.at, COALESCE(a.display_name, l.actor_kind) AS actor, l.action, l.target_kind, l.target_id,
                       l.details::text AS details
                FROM audit_log l
                LEFT JOIN agents a ON l.actor_kind = 'agent' AND a.org_id = l.org_id AND a.agent_id::text = l.actor_id
                WHERE l.org_id = $1
                ORDER BY l.at DESC, l.audit_id DESC
                LIMIT $2
                """,
                [orgID, limit]
            ).map { row in
                AuditEntry(
                    at: try row.decode("at"),
                    actor: try row.decode("actor"),
                    action: try row.decode("action"),
                    targetKind: try row.decode("target_kind"),
                    targetID: try row.decode("target_id"),
                    detailsJSON: try row.decode("details")
                )
            }
        }
    }

    static func json(_ hours: BusinessHours) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(hours), as: UTF8.self)
    }

    static func read(_ session: PostgresSession, orgID: UUID, lock: Bool) async throws -> ConsoleSettings {
        let sql = """
            SELECT s.ai_chat_enabled, s.time_zone, s.business_hours::text AS business_hours, s.widget_allowed_origins,
                   s.idle_close_minutes, o.widget_key
            FROM organisation_settings s JOIN organisations o ON o.org_id = s.org_id
            WHERE s.org_id = $1
            """ + (lock ? " FOR UPDATE" : "")
        guard let row = try await session.query(sql, [orgID]).singleRow() else {
            throw SimpleDomainError.organisationNotFound
        }
        return ConsoleSettings(
            aiChatEnabled: try row.decode("ai_chat_enabled"),
            timeZone: try row.decode("time_zone"),
            businessHours: try row.decodeJSON("business_hours", as: BusinessHours.self),
            widgetAllowedOrigins: try row.decode("widget_allowed_origins"),
            widgetKey: try row.decode("widget_key"),
            idleCloseMinutes: try row.decode("idle_close_minutes")
        )
    }
}

/// Writes audit entries inside the transaction of the change they record.
enum AuditSQL {
    static func insert(_ session: PostgresSession, orgID: UUID, _ record: AuditRecord) async throws {
        try await session.execute(
            """
            INSERT INTO audit_log (org_id, actor_kind, actor_id, action, target_kind, target_id, details)
            VALUES ($1, 'agent', $2, $3, $4, $5, $6::jsonb)
            """,
            [orgID, record.agentID.uuidString.lowercased(), record.action, record.targetKind, record.targetID, record.detailsJSON]
        )
    }
}
