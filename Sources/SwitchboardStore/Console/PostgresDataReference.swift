import Foundation
import PostgresClient
import SwitchboardDomain

/// The reporting views' descriptions from PostgreSQL's catalogue (`COMMENT ON VIEW / COLUMN`).
///
/// pg_class, pg_attribute and pg_description are readable by every role, so this works for
/// switchboard_app whatever it may SELECT from the views themselves.
public struct PostgresDataReference: DataReference {
    private let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    public func reportingViews(orgID: UUID) async throws -> [ReportingView] {
        let rows = try await pool.withTenant(orgID) { session in
            try await session.query(
                """
                SELECT c.relname AS view_name, pg_catalog.obj_description(c.oid, 'pg_class') AS view_description,
                       a.attname AS column_name, pg_catalog.format_type(a.atttypid, a.atttypmod) AS column_type,
                       pg_catalog.col_description(c.oid, a.attnum) AS column_description
                FROM pg_catalog.pg_class c
                JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                WHERE n.nspname = 'reporting' AND c.relkind IN ('v', 'm')
                ORDER BY c.relname, a.attnum
                """
            )
        }
        var views: [ReportingView] = []
        for row in rows {
            let name: String = try row.decode("view_name")
            let column = ReportingView.Column(
                name: try row.decode("column_name"),
                type: try row.decode("column_type"),
                description: try row.decode("column_description")
            )
            if views.last?.name == name {
                views[views.count - 1].columns.append(column)
            } else {
                views.append(ReportingView(name: name, description: try row.decode("view_description"), columns: [column]))
            }
        }
        return views
    }
}

extension PostgresAgentDirectory: PresenceRecorder {}
