import Foundation
import PostgresClient
import TestSupport
import Testing

/// `withTransaction(settings:)` scopes `app.org_id` to one transaction: row-level security sees it inside,
/// and nothing of it reaches the next borrower of the connection.
@Suite struct TenantIsolationTests {
    private static let insertOrganisation = "INSERT INTO organisations (org_id, slug, name) VALUES ($1, $2, $3)"
    private static let countOrganisation = "SELECT count(*) AS visible FROM organisations WHERE org_id = $1"

    /// The tenant setting as a borrower sees it, NULL when unset or reverted to ''.
    private func currentTenant(_ session: PostgresSession) async throws -> String? {
        let row = try #require(
            try await session.query(
                "SELECT NULLIF(current_setting('app.org_id', true), '') AS org_id"
            ).singleRow()
        )
        return try row.decode("org_id", as: String?.self)
    }

    private func visibleCount(_ orgID: UUID, _ session: PostgresSession) async throws -> Int {
        try #require(try await session.query(Self.countOrganisation, [orgID]).singleRow()).decode("visible", as: Int.self)
    }

    private func visibleTotal(_ session: PostgresSession) async throws -> Int {
        try #require(try await session.query("SELECT count(*) AS visible FROM organisations").singleRow())
            .decode("visible", as: Int.self)
    }

    @Test func tenantSettingHoldsTheOrganisationInsideTheTransaction() async throws {
        let urls = try await ClientTestDatabase.urls()
        let orgID = UUID()
        try await TestDatabase.withPool(urls.app, size: 1) { pool in
            let seen = try await pool.withTransaction(settings: tenantScope(orgID)) { session in
                try await session.query("SELECT current_setting('app.org_id', true) AS org_id").singleRow()?
                    .decode("org_id", as: String.self)
            }
            #expect(seen == orgID.uuidString.lowercased())
            let row = try await pool.withTransaction(settings: tenantScope(orgID)) { session in
                try await session.query("SELECT switchboard.current_org_id() AS org_id").singleRow()
            }
            #expect(try row?.decode("org_id", as: UUID.self) == orgID)
        }
    }

    @Test func failedTenantTransactionLeavesNoTenantForTheNextBorrower() async throws {
        let urls = try await ClientTestDatabase.urls()
        try await TestDatabase.withPool(urls.app, size: 1) { pool in
            var tenantPID: Int32 = 0
            await #expect(throws: DeliberateFailure.self) {
                try await pool.withTransaction(settings: tenantScope(UUID())) { session in
                    tenantPID = try await currentBackendPID(session)
                    #expect(try await currentTenant(session) != nil)
                    throw DeliberateFailure()
                }
            }
            try await pool.withConnection { session throws in
                #expect(try await currentBackendPID(session) == tenantPID, "not the same connection")
                #expect(try await currentTenant(session) == nil)
            }
            let insideTransaction = try await pool.withTransaction { try await currentTenant($0) }
            #expect(insideTransaction == nil)
        }
    }

    @Test func statementErrorInATenantTransactionLeavesNoTenantForTheNextBorrower() async throws {
        let urls = try await ClientTestDatabase.urls()
        try await TestDatabase.withPool(urls.app, size: 1) { pool in
            await #expect(throws: PostgresError.self) {
                try await pool.withTransaction(settings: tenantScope(UUID())) { session in
                    try await session.query("SELECT 1/0 AS boom")
                }
            }
            let tenant = try await pool.withConnection { try await currentTenant($0) }
            #expect(tenant == nil)
        }
    }

    @Test func successfulTenantTransactionLeavesNoTenantForTheNextBorrower() async throws {
        let urls = try await ClientTestDatabase.urls()
        let orgID = UUID()
        try await TestDatabase.withPool(urls.app, size: 1) { pool in
            let tenantPID = try await pool.withTransaction(settings: tenantScope(orgID)) { session in
                #expect(try await currentTenant(session) == orgID.uuidString.lowercased())
                return try await currentBackendPID(session)
            }
            try await pool.withConnection { session throws in
                #expect(try await currentBackendPID(session) == tenantPID, "not the same connection")
                #expect(try await currentTenant(session) == nil)
            }
        }
    }

    @Test func organisationIsVisibleOnlyToItsOwnTenant() async throws {
        let urls = try await ClientTestDatabase.urls()
        let orgID = UUID()
        let otherOrgID = UUID()
        try await TestDatabase.withPool(urls.app, size: 2) { pool in
            try await pool.withTransaction(settings: tenantScope(orgID)) { session in
                try await session.execute(Self.insertOrganisation, [orgID, uniqueSlug("visible"), "Visible Ltd"])
            }
            try await pool.withTransaction(settings: tenantScope(otherOrgID)) { session in
                try await session.execute(Self.insertOrganisation, [otherOrgID, uniqueSlug("other"), "Other Ltd"])
            }

            let seenByItsTenant = try await pool.withTransaction(settings: tenantScope(orgID)) { try await visibleCount(orgID, $0) }
            #expect(seenByItsTenant == 1)
            let seenByAnotherTenant = try await pool.withTransaction(settings: tenantScope(otherOrgID)) { try await visibleCount(orgID, $0) }
            #expect(seenByAnotherTenant == 0)
            let allSeenByAnotherTenant = try await pool.withTransaction(settings: tenantScope(otherOrgID)) { try await visibleTotal($0) }
            #expect(allSeenByAnotherTenant == 1)
            // Without a tenant, row-level security matches nothing at all.
            let seenWithoutTenant = try await pool.withConnection { try await visibleCount(orgID, $0) }
            #expect(seenWithoutTenant == 0)
            let allSeenWithoutTenant = try await pool.withConnection { try await visibleTotal($0) }
            #expect(allSeenWithoutTenant == 0)
        }
        // The rows are really there: the superuser sees them.
        let seenByAdmin = try await TestDatabase.withPool(urls.admin, size: 1) { admin in
            try await admin.withConnection { try await visibleCount(orgID, $0) }
        }
        #expect(seenByAdmin == 1)
    }

    @Test func tenantCannotWriteAnotherOrganisationsRows() async throws {
        let urls = try await ClientTestDatabase.urls()
        let orgID = UUID()
        let intruderID = UUID()
        try await TestDatabase.withPool(urls.app, size: 1) { pool in
            let error = try #require(
                await #expect(throws: PostgresError.self) {
                    try await pool.withTransaction(settings: tenantScope(intruderID)) { session in
                        try await session.execute(Self.insertOrganisation, [orgID, uniqueSlug("forged"), "Forged Ltd"])
                    }
                }
            )
            #expect(error.kind == .insufficientPrivilege)
            let stored = try await pool.withTransaction(settings: tenantScope(orgID)) { try await visibleCount(orgID, $0) }
            #expect(stored == 0)
        }
    }

    @Test func concurrentTenantsEachSeeOnlyTheirOwnSetting() async throws {
        let urls = try await ClientTestDatabase.urls()
        let tenants = (0..<40).map { _ in UUID() }
        try await TestDatabase.withPool(urls.app, size: 3) { pool in
            try await withThrowingTaskGroup(of: (UUID, String?).self) { group in
                for tenant in tenants {
                    group.addTask {
                        try await pool.withTransaction(settings: tenantScope(tenant)) { session in
                            let row = try #require(
                                try await session.query(
                                    "SELECT current_setting('app.org_id', true) AS org_id, pg_sleep(0.005)::text AS slept"
                                )
                                .singleRow()
                            )
                            return (tenant, try row.decode("org_id", as: String?.self))
                        }
                    }
                    group.addTask { (UUID(), try await pool.withConnection { try await currentTenant($0) }) }
                }
                var checked = 0
                for try await (tenant, seen) in group {
                    if tenants.contains(tenant) {
                        #expect(seen == tenant.uuidString.lowercased())
                    } else {
                        #expect(seen == nil, "a borrower without a tenant saw \(seen ?? "")")
                    }
                    checked += 1
                }
                #expect(checked == tenants.count * 2)
            }
        }
    }
}
