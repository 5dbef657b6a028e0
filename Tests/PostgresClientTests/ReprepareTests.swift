import Foundation
import PostgresClient
import TestSupport
import Testing

/// A schema change invalidates a prepared statement's cached plan: outside a transaction the
/// connection prepares anew and succeeds; inside one the transaction is already aborted, so the
/// original error surfaces (not "current transaction is aborted") and the next unit succeeds.
@Suite struct ReprepareTests {
    /// Creates a fresh table with one row and returns its qualified name.
    private func freshTable(_ pool: PostgresPool) async throws -> String {
        let table = "client_tests." + uniqueSlug("replan").replacingOccurrences(of: "-", with: "_")
        try await pool.withConnection { session in
            _ = try await session.execute("CREATE TABLE \(table) (id int)")
            _ = try await session.execute("INSERT INTO \(table) VALUES (1)")
        }
        return table
    }

    private func widen(_ table: String, adminURL: String) async throws {
        try await TestDatabase.withPool(adminURL, size: 1) { other in
            try await other.withConnection { session in
                _ = try await session.execute("ALTER TABLE \(table) ADD COLUMN extra int DEFAULT 7")
            }
        }
    }

    @Test func outsideTransactionPreparesAnew() async throws {
        let urls = try await ClientTestDatabase.urls()
        try await TestDatabase.withPool(urls.admin, size: 1) { pool in
            let table = try await freshTable(pool)
            let sql = "SELECT * FROM \(table)"
            _ = try await pool.withConnection { try await $0.query(sql) }
            try await widen(table, adminURL: urls.admin)
            let row = try #require(try await pool.withConnection { try await $0.query(sql) }.singleRow())
            #expect(try row.decode("extra", as: Int.self) == 7)
        }
    }

    @Test func insideTransactionSurfacesThePlanErrorAndTheNextUnitSucceeds() async throws {
        let urls = try await ClientTestDatabase.urls()
        try await TestDatabase.withPool(urls.admin, size: 1) { pool in
            let table = try await freshTable(pool)
            let sql = "SELECT * FROM \(table)"
            _ = try await pool.withTransaction { try await $0.query(sql) }
            try await widen(table, adminURL: urls.admin)
            do {
                _ = try await pool.withTransaction { try await $0.query(sql) }
                Issue.record("the stale plan should have failed the transaction")
            } catch let error as PostgresError {
                // The old in-transaction retry turned this into 25P02 (transaction aborted).
                #expect(error.sqlState == "0A000")
            }
            let row = try #require(try await pool.withTransaction { try await $0.query(sql) }.singleRow())
            #expect(try row.decode("extra", as: Int.self) == 7)
        }
    }
}
