import Foundation
import PostgresClient
import TestSupport
import Testing

/// Analysts read the reporting views for the organisations granted to them, and nothing else.
@Suite struct AnalystTests {
    @Test(arguments: ReportingViewTests.viewNames)
    func analystSeesExactlyTheGrantedOrganisations(in view: String) async throws {
        let db = try await StoreDatabase.shared()
        let a = try await SeededOrganisation.seed(using: db.app)
        let b = try await SeededOrganisation.seed(using: db.app)
        let grants: [String: [UUID]] = ["a": [a.orgID], "ab": [a.orgID, b.orgID], "none": []]

        // What each organisation has in the view, read as the superuser.
        let seeded = try await rowsPerOrganisation(
            in: view,
            pool: db.admin,
            where: "WHERE org_id IN ($1, $2)",
            [a.orgID, b.orgID]
        )
        try #require(seeded[a.orgID, default: 0] > 0 && seeded[b.orgID, default: 0] > 0)

        try await withAnalysts(Array(grants.keys), db: db) { roles in
            for (key, orgs) in grants {
                let role = try #require(roles[key])
                try await grant(orgs, to: role, db: db)
            }
            for (key, orgs) in grants {
                let role = try #require(roles[key])
                let seen = try await TestDatabase.withPool(db.urls.url(as: role), size: 1) { pool in
                    try await rowsPerOrganisation(in: view, pool: pool)
                }
                #expect(seen == seeded.filter { orgs.contains($0.key) }, "analyst granted \(key)")
            }
        }
    }

    @Test(arguments: ReportingViewTests.viewNames)
    func analystReadsTheSameRowsAsTheServer(in view: String) async throws {
        let db = try await StoreDatabase.shared()
        let org = try await SeededOrganisation.seed(using: db.app)
        let query = "SELECT to_jsonb(v)::text AS row FROM reporting.\(view) v WHERE org_id = $1 ORDER BY 1"
        let server = try await db.app.withTenant(org.orgID) { session in
            try await session.query(query, [org.orgID]).map { try $0.decode("row", as: String.self) }
        }
        try #require(!server.isEmpty)
        try await withAnalyst(db: db) { role in
            try await grant([org.orgID], to: role, db: db)
            let analyst = try await TestDatabase.withPool(db.urls.url(as: role), size: 1) { pool in
                try await pool.withConnection { session in
                    try await session.query(query, [org.orgID]).map { try $0.decode("row", as: String.self) }
                }
            }
            #expect(analyst == server)
        }
    }

    @Test func analystSeesOrganisationsGrantedToTheirGroup() async throws {
        let db = try await StoreDatabase.shared()
        let org = try await SeededOrganisation.seed(using: db.app)
        let group = "analyst_team_\(uniqueSuffix())"
        try await db.admin.withConnection { try await $0.runScript("CREATE ROLE \(group) NOLOGIN") }
        do {
            try await withAnalyst(memberOf: group, db: db) { role in
                try await grant([org.orgID], to: group, db: db)
                let seen = try await TestDatabase.withPool(db.urls.url(as: role), size: 1) { pool in
                    try await rowsPerOrganisation(in: "chat_log", pool: pool)
                }
                #expect(seen == [org.orgID: 3])
            }
        } catch {
            try? await dropRoles([group], db: db)
            throw error
        }
        try await dropRoles([group], db: db)
    }

    @Test func aGrantToADroppedRoleDoesNotBreakOtherAnalysts() async throws {
        let db = try await StoreDatabase.shared()
        let org = try await SeededOrganisation.seed(using: db.app)
        try await withAnalysts(["stays", "leaves"], db: db) { roles in
            let stays = try #require(roles["stays"])
            let leaves = try #require(roles["leaves"])
            try await grant([org.orgID], to: stays, db: db)
            try await grant([org.orgID], to: leaves, db: db)
            try await dropRoles([leaves], db: db)

            let seen = try await TestDatabase.withPool(db.urls.url(as: stays), size: 1) { pool in
                try await rowsPerOrganisation(in: "sessions", pool: pool)
            }
            #expect(seen == [org.orgID: 3])
        }
    }

    @Test func settingATenantGivesAnAnalystNothing() async throws {
        let db = try await StoreDatabase.shared()
        let org = try await SeededOrganisation.seed(using: db.app)
        try await withAnalyst(db: db) { role in
            let seen = try await TestDatabase.withPool(db.urls.url(as: role), size: 1) { pool in
                try await pool.withTenant(org.orgID) { session in
                    try await session.query("SELECT count(*) AS n FROM reporting.chat_log")
                }
            }
            #expect(try seen[0].decode("n", as: Int.self) == 0)
        }
    }

    @Test(arguments: ["conversations", "messages", "agents", "contacts", "analyst_grants"])
    func analystCannotReadBaseTables(_ table: String) async throws {
        let db = try await StoreDatabase.shared()
        try await withAnalyst(db: db) { role in
            try await TestDatabase.withPool(db.urls.url(as: role), size: 1) { pool in
                _ = await expectRefusal("42501") {
                    try await pool.withConnection { session in
                        try await session.query("SELECT * FROM switchboard.\(table)")
                    }
                }
            }
        }
    }

    @Test(arguments: ReportingViewTests.viewNames)
    func analystCannotWriteReportingViews(_ view: String) async throws {
        let db = try await StoreDatabase.shared()
        let org = try await SeededOrganisation.seed(using: db.app)
        let before = try await rowsPerOrganisation(in: view, pool: db.admin, where: "WHERE org_id = $1", [org.orgID])
        try await withAnalyst(db: db) { role in
            try await grant([org.orgID], to: role, db: db)
            let privileges = try await db.admin.withConnection { session in
                try await session.query(
                    """
                    SELECT has_table_privilege($1, 'reporting.' || $2, 'SELECT') AS can_read,
                           has_table_privilege($1, 'reporting.' || $2, 'INSERT, UPDATE, DELETE, TRUNCATE') AS can_write
                    """,
                    [role, view]
                )
            }
            #expect(try privileges[0].decode("can_read", as: Bool.self))
            #expect(try privileges[0].decode("can_write", as: Bool.self) == false)

            try await TestDatabase.withPool(db.urls.url(as: role), size: 1) { pool in
                for statement in [
                    "INSERT INTO reporting.\(view) (org_id) VALUES ($1)",
                    "UPDATE reporting.\(view) SET org_id = org_id WHERE org_id = $1",
                    "DELETE FROM reporting.\(view) WHERE org_id = $1",
                ] {
                    await #expect(throws: PostgresError.self, "\(statement)") {
                        try await pool.withConnection { try await $0.execute(statement, [org.orgID]) }
                    }
                }
            }
        }
        let after = try await rowsPerOrganisation(in: view, pool: db.admin, where: "WHERE org_id = $1", [org.orgID])
        #expect(after == before)
    }

    @Test func analystCannotGrantThemselvesAnOrganisation() async throws {
        let db = try await StoreDatabase.shared()
        let org = try await SeededOrganisation.seed(using: db.app)
        try await withAnalyst(db: db) { role in
            try await TestDatabase.withPool(db.urls.url(as: role), size: 1) { pool in
                _ = await expectRefusal("42501") {
                    try await pool.withConnection { session in
                        try await session.execute(
                            "INSERT INTO switchboard.analyst_grants (role_name, org_id) VALUES ($1, $2)",
                            [role, org.orgID]
                        )
                    }
                }
                let seen = try await rowsPerOrganisation(in: "chat_log", pool: pool)
                #expect(seen.isEmpty)
            }
        }
    }

    // MARK: Helpers

    /// Creates login roles in switchboard_analyst named after `keys`, runs `body`, drops them.
    func withAnalysts(
        _ keys: [String],
        memberOf group: String? = nil,
        db: StoreDatabase,
        _ body: ([String: String]) async throws -> Void
    ) async throws {
        let suffix = uniqueSuffix()
        let roles = Dictionary(uniqueKeysWithValues: keys.map { ($0, "analyst_\($0)_\(suffix)") })
        let groups = ["switchboard_analyst"] + (group.map { [$0] } ?? [])
        try await db.admin.withConnection { session in
            for role in roles.values {
                // Role names are built above from fixed keys and hex digits.
                try await session.runScript("CREATE ROLE \(role) LOGIN IN ROLE \(groups.joined(separator: ", "))")
            }
        }
        do {
            try await body(roles)
        } catch {
            try? await dropRoles(Array(roles.values), db: db)
            throw error
        }
        try await dropRoles(Array(roles.values), db: db)
    }

    /// One analyst login, for tests that need only one.
    func withAnalyst(
        memberOf group: String? = nil,
        db: StoreDatabase,
        _ body: (String) async throws -> Void
    ) async throws {
        try await withAnalysts(["analyst"], memberOf: group, db: db) { roles in
            let role = try #require(roles["analyst"])
            try await body(role)
        }
    }

    func dropRoles(_ roles: [String], db: StoreDatabase) async throws {
        try await db.admin.withConnection { session in
            for role in roles {
                try await session.runScript("DROP ROLE IF EXISTS \(role)")
            }
        }
    }

    /// Grants organisations to an analyst role the way operators do: as switchboard_owner.
    func grant(_ orgs: [UUID], to role: String, db: StoreDatabase) async throws {
        try await db.owner.withTransaction { session in
            for org in orgs {
                try await session.execute(
                    "INSERT INTO switchboard.analyst_grants (role_name, org_id) VALUES ($1, $2)",
                    [role, org]
                )
            }
        }
    }

    private func rowsPerOrganisation(
        in view: String,
        pool: PostgresPool,
        where condition: String = "",
        _ parameters: [any PostgresEncodable] = []
    ) async throws -> [UUID: Int] {
        let rows = try await pool.withConnection { session in
            try await session.query(
                "SELECT org_id, count(*) AS n FROM reporting.\(view) \(condition) GROUP BY org_id",
                parameters
            )
        }
        return try Dictionary(
            uniqueKeysWithValues: rows.map {
                (try $0.decode("org_id", as: UUID.self), try $0.decode("n", as: Int.self))
            }
        )
    }
}
