import Foundation
import PostgresClient
import SwitchboardDomain

/// Organisations in PostgreSQL. Lookups before a tenant is known go through the
/// SECURITY DEFINER functions of migration 0002; everything else runs inside `withTenant`.
public struct PostgresOrganisationRepository: OrganisationRepository {
    private let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    public func create(slug: String, name: String, isDemo: Bool, settings: OrganisationSettings) async throws -> Organisation {
        let (slug, trimmedName) = try Organisation.checkedNew(slug: slug, name: name)
        let id = UUID()
        do {
            return try await pool.withTenant(id) { session in
                let row = try await session.query(
                    """
                    INSERT INTO organisations (org_id, slug, name, is_demo) VALUES ($1, $2, $3, $4)
                    RETURNING org_id, slug, name, is_demo, widget_key, created_at
                    """,
                    [id, slug, trimmedName, isDemo]
                ).singleRow()
                try await session.execute(
                    """
                    INSERT INTO organisation_settings
                        (org_id, ai_chat_enabled, time_zone, widget_allowed_origins, idle_close_minutes, answer_threshold)
                    VALUES ($1, $2, $3, $4, $5, $6)
                    """,
                    [
                        id, settings.aiChatEnabled, settings.timeZone, settings.widgetAllowedOrigins, settings.idleCloseMinutes,
                        settings.answerThreshold,
                    ]
                )
                return try Self.organisation(from: row!)
            }
        } catch let error as PostgresError where error.kind == .uniqueViolation {
            throw SimpleDomainError.slugTaken(slug)
        }
    }

    public func find(id: UUID) async throws -> Organisation? {
        try await pool.withTenant(id) { session in
            try await session.query(
                "SELECT org_id, slug, name, is_demo, widget_key, created_at FROM organisations WHERE org_id = $1",
                [id]
            ).singleRow().map(Self.organisation(from:))
        }
    }

    public func find(slug: String) async throws -> Organisation? {
        let id = try await pool.withConnection { session in
            try await session.query("SELECT org_id_for_slug($1) AS org_id", [slug]).singleRow()?
                .decode("org_id", as: UUID?.self)
        }
        guard let id else { return nil }
        return try await find(id: id)
    }

    public func find(widgetKey: String) async throws -> Organisation? {
        let id = try await pool.withConnection { session in
            try await session.query("SELECT org_id_for_widget_key($1) AS org_id", [widgetKey]).singleRow()?
                .decode("org_id", as: UUID?.self)
        }
        guard let id else { return nil }
        return try await find(id: id)
    }

    public func all() async throws -> [Organisation] {
        var organisations: [Organisation] = []
        for id in try await pool.allOrganisationIDs() {
            if let organisation = try await find(id: id) { organisations.append(organisation) }
        }
        return organisations
    }

    public func settings(for orgID: UUID) async throws -> OrganisationSettings {
        try await pool.withTenant(orgID) { session in
            guard
                let row = try await session.query(
                    """
                    SELECT ai_chat_enabled, time_zone, widget_allowed_origins, idle_close_minutes, answer_threshold::float8
                    FROM organisation_settings WHERE org_id = $1
                    """,
                    [orgID]
                ).singleRow()
            else {
                throw SimpleDomainError.organisationNotFound
            }
            return OrganisationSettings(
                aiChatEnabled: try row.decode("ai_chat_enabled"),
                timeZone: try row.decode("time_zone"),
                widgetAllowedOrigins: try row.decode("widget_allowed_origins"),
                idleCloseMinutes: try row.decode("idle_close_minutes"),
                answerThreshold: try row.decode("answer_threshold")
            )
        }
    }

    static func organisation(from row: PostgresRow) throws -> Organisation {
        Organisation(
            id: try row.decode("org_id"),
            slug: try row.decode("slug"),
            name: try row.decode("name"),
            isDemo: try row.decode("is_demo"),
            widgetKey: try row.decode("widget_key"),
            createdAt: try row.decode("created_at")
        )
    }
}
