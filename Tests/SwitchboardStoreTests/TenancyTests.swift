import Foundation
import PostgresClient
import TestSupport
import Testing

/// Row-level security keeps each organisation's rows to itself, for every tenant table.
@Suite struct TenancyTests {
    /// Every table in schema switchboard with an org_id column that switchboard_app reads and
    /// writes. A table added to sql/ without being added here fails `tenantTablesAreTheOnesListedHere`.
    static let appTables = [
        "organisations", "organisation_settings", "agents", "contacts", "conversations", "messages",
        "ownership_events", "qa_reviews", "kb_updates", "followups", "presence", "kb_articles", "kb_examples",
        "kb_vocabulary", "kb_revisions",
        "playbook_entries", "test_plan_items", "test_results", "api_keys", "web_sessions", "audit_log",
        "sso_configurations", "api_idempotency_keys", "webhook_subscriptions", "webhook_deliveries",
        "answer_engine_settings", "satisfaction_ratings", "conversation_notes", "conversation_labels", "assignment_settings", "attachments",
        "email_settings", "email_outbox", "customer_presence",
    ]
    /// Tables the server may only read and append to.
    static let appendOnlyTables: Set = ["audit_log"]
    /// Tenant tables switchboard_app may not touch at all.
    static let ownerOnlyTables = ["analyst_grants"]
    static let allTenantTables = appTables + ownerOnlyTables
    static let mutableAppTables = appTables.filter { !appendOnlyTables.contains($0) }

    @Test func tenantTablesAreTheOnesListedHere() async throws {
        let db = try await StoreDatabase.shared()
        let rows = try await db.admin.withConnection { session in
            try await session.query(
                """
                SELECT c.relname
                FROM pg_class c
                JOIN pg_namespace n ON n.oid = c.relnamespace
                JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'org_id' AND NOT a.attisdropped
                WHERE n.nspname = 'switchboard' AND c.relkind IN ('r', 'p')
                ORDER BY c.relname
                """
            )
        }
        let found = try rows.map { try $0.decode("relname", as: String.self) }
        #expect(found == Self.allTenantTables.sorted())
    }

    @Test(arguments: allTenantTables)
    func rowLevelSecurityIsEnabledAndForced(on table: String) async throws {
        let db = try await StoreDatabase.shared()
        let row = try await db.admin.withConnection { session in
            try #require(
                try await session.query(
                    """
                    SELECT relrowsecurity, relforcerowsecurity FROM pg_class
                    WHERE oid = to_regclass('switchboard.' || quote_ident($1))
                    """,
                    [table]
                ).singleRow()
            )
        }
        #expect(try row.decode("relrowsecurity", as: Bool.self))
        #expect(try row.decode("relforcerowsecurity", as: Bool.self))
    }

    @Test(arguments: appTables)
    func appWithTenantSeesOnlyThatTenantsRows(in table: String) async throws {
        let db = try await StoreDatabase.shared()
        let pair = try await TenantPair.shared()
        for (tenant, other) in [(pair.a, pair.b), (pair.b, pair.a)] {
            let seeded = try await rowCount(of: table, orgID: tenant.orgID, admin: db.admin)
            try #require(seeded > 0, "the fixture seeds \(table)")
            try #require(try await rowCount(of: table, orgID: other.orgID, admin: db.admin) > 0)

            let row = try await db.app.withTenant(tenant.orgID) { session in
                try #require(
                    try await session.query(
                        "SELECT count(*) AS total, count(*) FILTER (WHERE org_id = $1) AS own FROM switchboard.\(table)",
                        [tenant.orgID]
                    ).singleRow()
                )
            }
            let total = try row.decode("total", as: Int.self)
            let own = try row.decode("own", as: Int.self)
            #expect(total == own, "\(table): \(total - own) rows of other organisations visible")
            #expect(own == seeded, "\(table): the tenant sees all of its own rows")
        }
    }

    @Test(arguments: appTables)
    func appWithoutTenantSeesNothing(in table: String) async throws {
        let db = try await StoreDatabase.shared()
        let pair = try await TenantPair.shared()
        try #require(try await rowCount(of: table, orgID: pair.a.orgID, admin: db.admin) > 0)

        let outside = try await db.app.withConnection { session in
            try await session.query("SELECT count(*) AS n FROM switchboard.\(table)")
        }
        #expect(try outside[0].decode("n", as: Int.self) == 0)
        let inTransaction = try await db.app.withTransaction { session in
            try await session.query("SELECT count(*) AS n FROM switchboard.\(table)")
        }
        #expect(try inTransaction[0].decode("n", as: Int.self) == 0)
    }

    @Test(arguments: appTables)
    func appCannotInsertARowForAnotherTenant(into table: String) async throws {
        let db = try await StoreDatabase.shared()
        let pair = try await TenantPair.shared()
        let insert = try #require(CrossTenantInsert.byTable[table], "no insert case for \(table)")
        let before = try await fingerprint(of: table, orgID: pair.b.orgID, admin: db.admin)

        let message = await expectRefusal("42501") {
            try await db.app.withTenant(pair.a.orgID) { session in
                try await session.execute(insert.sql, insert.parameters(pair.b))
            }
        }
        #expect(message == rowSecurityRefusal(table))
        #expect(try await fingerprint(of: table, orgID: pair.b.orgID, admin: db.admin) == before)
    }

    @Test func everyAppTableHasACrossTenantInsertCase() {
        #expect(Set(CrossTenantInsert.byTable.keys) == Set(Self.appTables))
    }

    @Test(arguments: appTables)
    func appCannotMoveARowToAnotherTenant(in table: String) async throws {
        let db = try await StoreDatabase.shared()
        let pair = try await TenantPair.shared()
        let before = try await fingerprint(of: table, orgID: pair.a.orgID, admin: db.admin)

        let message = await expectRefusal("42501") {
            try await db.app.withTenant(pair.a.orgID) { session in
                try await session.execute(
                    """
                    UPDATE switchboard.\(table) SET org_id = $1
                    WHERE ctid IN (SELECT ctid FROM switchboard.\(table) LIMIT 1)
                    """,
                    [pair.b.orgID]
                )
            }
        }
        let expected =
            Self.appendOnlyTables.contains(table)
            ? "permission denied for table \(table)" : rowSecurityRefusal(table)
        #expect(message == expected)
        #expect(try await fingerprint(of: table, orgID: pair.a.orgID, admin: db.admin) == before)
    }

    @Test(arguments: mutableAppTables)
    func appCannotChangeOrDeleteAnotherTenantsRows(in table: String) async throws {
        let db = try await StoreDatabase.shared()
        let pair = try await TenantPair.shared()
        let before = try await fingerprint(of: table, orgID: pair.b.orgID, admin: db.admin)

        let (updated, deleted) = try await db.app.withTenant(pair.a.orgID) { session in
            let updated = try await session.execute(
                "UPDATE switchboard.\(table) SET org_id = org_id WHERE org_id = $1",
                [pair.b.orgID]
            )
            let deleted = try await session.execute(
                "DELETE FROM switchboard.\(table) WHERE org_id = $1",
                [pair.b.orgID]
            )
            return (updated, deleted)
        }
        #expect(updated == 0)
        #expect(deleted == 0)
        #expect(try await fingerprint(of: table, orgID: pair.b.orgID, admin: db.admin) == before)
    }

    @Test func auditLogIsAppendOnlyForTheApp() async throws {
        let db = try await StoreDatabase.shared()
        let org = try await SeededOrganisation.seed(using: db.app)
        let before = try await fingerprint(of: "audit_log", orgID: org.orgID, admin: db.admin)

        let updateRefusal = await expectRefusal("42501") {
            try await db.app.withTenant(org.orgID) { session in
                try await session.execute("UPDATE switchboard.audit_log SET action = 'rewritten'")
            }
        }
        let deleteRefusal = await expectRefusal("42501") {
            try await db.app.withTenant(org.orgID) { session in
                try await session.execute("DELETE FROM switchboard.audit_log")
            }
        }
        #expect(updateRefusal == "permission denied for table audit_log")
        #expect(deleteRefusal == "permission denied for table audit_log")
        #expect(try await fingerprint(of: "audit_log", orgID: org.orgID, admin: db.admin) == before)
    }

    @Test(arguments: [
        "SELECT * FROM switchboard.analyst_grants",
        "INSERT INTO switchboard.analyst_grants (role_name, org_id) VALUES ('switchboard_app', switchboard.current_org_id())",
        "UPDATE switchboard.analyst_grants SET role_name = 'switchboard_app'",
        "DELETE FROM switchboard.analyst_grants",
    ])
    func appCannotTouchAnalystGrants(_ statement: String) async throws {
        let db = try await StoreDatabase.shared()
        let pair = try await TenantPair.shared()
        let message = await expectRefusal("42501") {
            try await db.app.withTenant(pair.a.orgID) { session in
                try await session.execute(statement)
            }
        }
        #expect(message == "permission denied for table analyst_grants")
    }

    @Test func appIsAnOrdinaryRoleThatOwnsNothing() async throws {
        let db = try await StoreDatabase.shared()
        let row = try await db.admin.withConnection { session in
            try #require(
                try await session.query(
                    """
                    SELECT r.rolsuper, r.rolbypassrls,
                           pg_has_role('switchboard_app', 'switchboard_owner', 'MEMBER') AS member_of_owner,
                           (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                            WHERE n.nspname IN ('switchboard', 'reporting') AND c.relowner = r.oid) AS app_relations,
                           (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                            WHERE n.nspname IN ('switchboard', 'reporting')
                              AND c.relowner = 'switchboard_owner'::regrole) AS owner_relations,
                           (SELECT count(*) FROM pg_proc p WHERE p.proowner = r.oid) AS app_functions,
                           (SELECT count(*) FROM pg_namespace n WHERE n.nspowner = r.oid) AS app_schemas
                    FROM pg_roles r WHERE r.rolname = 'switchboard_app'
                    """
                ).singleRow()
            )
        }
        #expect(try row.decode("rolsuper", as: Bool.self) == false)
        #expect(try row.decode("rolbypassrls", as: Bool.self) == false)
        #expect(try row.decode("member_of_owner", as: Bool.self) == false)
        #expect(try row.decode("app_relations", as: Int.self) == 0)
        #expect(try row.decode("app_functions", as: Int.self) == 0)
        #expect(try row.decode("app_schemas", as: Int.self) == 0)
        // The query above does find owners: the migration role owns every relation.
        #expect(try row.decode("owner_relations", as: Int.self) > 0)
    }

    @Test func tenantSettingEndsWithItsTransaction() async throws {
        let db = try await StoreDatabase.shared()
        let pair = try await TenantPair.shared()
        // One connection, so the second lease reuses the first one's session.
        try await TestDatabase.withPool(db.urls.app, size: 1) { pool in
            let (firstPID, seen) = try await pool.withTenant(pair.a.orgID) { session in
                let rows = try await session.query("SELECT count(*) AS n FROM switchboard.conversations")
                return (try await session.backendPID(), try rows[0].decode("n", as: Int.self))
            }
            #expect(seen == 3)
            let (secondPID, after, setting) = try await pool.withConnection { session in
                let rows = try await session.query(
                    """
                    SELECT (SELECT count(*) FROM switchboard.conversations) AS n,
                           switchboard.current_org_id()::text AS org
                    """
                )
                return (
                    try await session.backendPID(), try rows[0].decode("n", as: Int.self),
                    try rows[0].decode("org", as: String?.self)
                )
            }
            #expect(secondPID == firstPID)
            #expect(after == 0)
            #expect(setting == nil)
        }
    }

    @Test func ownerIsSubjectToRowLevelSecurityToo() async throws {
        let db = try await StoreDatabase.shared()
        let pair = try await TenantPair.shared()
        try #require(try await rowCount(of: "conversations", orgID: pair.a.orgID, admin: db.admin) > 0)
        let seen = try await db.owner.withConnection { session in
            try await session.query("SELECT count(*) AS n FROM switchboard.conversations")
        }
        #expect(try seen[0].decode("n", as: Int.self) == 0)
    }

    @Test(arguments: ReportingViewTests.viewNames)
    func appWithoutTenantSeesNoReportingRows(in view: String) async throws {
        let db = try await StoreDatabase.shared()
        let pair = try await TenantPair.shared()
        let withTenant = try await db.app.withTenant(pair.a.orgID) { session in
            try await session.query("SELECT count(*) AS n FROM reporting.\(view)")
        }
        try #require(try withTenant[0].decode("n", as: Int.self) > 0)
        let without = try await db.app.withConnection { session in
            try await session.query("SELECT count(*) AS n FROM reporting.\(view)")
        }
        #expect(try without[0].decode("n", as: Int.self) == 0)
    }

    private func rowCount(of table: String, orgID: UUID, admin: PostgresPool) async throws -> Int {
        let rows = try await admin.withConnection { session in
            try await session.query("SELECT count(*) AS n FROM switchboard.\(table) WHERE org_id = $1", [orgID])
        }
        return try rows[0].decode("n")
    }
}
