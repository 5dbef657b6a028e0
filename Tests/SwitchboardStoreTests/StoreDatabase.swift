import Foundation
import PostgresClient
import TestSupport
import Testing

/// Pools for this target's shared migrated database, one per role.
///
/// Opened once and kept for the whole run, so that however many tests run in parallel they
/// share a bounded number of connections instead of opening pools of their own.
struct StoreDatabase: Sendable {
    let urls: TestDatabaseURLs
    /// Superuser: sees every row, creates roles.
    let admin: PostgresPool
    /// `switchboard_owner`, the migration role.
    let owner: PostgresPool
    /// `switchboard_app`, the server's role.
    let app: PostgresPool

    static func shared() async throws -> StoreDatabase {
        try await StoreDatabaseCache.instance.database()
    }

    /// A new, unmigrated database with the roles in place.
    static func makeUnmigrated() async throws -> TestDatabaseURLs {
        // After the shared database, so that its roles.sql does not run alongside this one's.
        _ = try await shared()
        return try await StoreDatabaseCache.instance.makeDatabase(migrated: false)
    }
}

/// Creates the shared pools once, and databases one at a time.
///
/// `TestDatabase.makeDatabase` runs roles.sql, whose `ALTER ROLE`s fail with "tuple concurrently
/// updated" (XX000) when another database is being created at the same moment. This target's
/// creations are serialised, and one that collides with another test's is tried again.
/// `TestDatabase.shared()` keeps such a failure for the rest of the process, so after one the
/// shared pools use a database of their own.
actor StoreDatabaseCache {
    static let instance = StoreDatabaseCache()
    private var pending: Task<StoreDatabase, any Error>?
    private var tail: Task<Void, Never>?

    func database() async throws -> StoreDatabase {
        if let pending { return try await pending.value }
        let task = Task {
            let urls: TestDatabaseURLs
            do {
                urls = try await TestDatabase.shared()
            } catch let error as PostgresError where error.sqlState == "XX000" {
                urls = try await makeDatabase(migrated: true)
            }
            // Every test of this target shares these pools and Swift Testing runs them in
            // parallel; a slow one (the demo seeding) must not make the others time out.
            return StoreDatabase(
                urls: urls,
                admin: TestDatabase.pool(urls.admin, size: 6, acquireTimeout: .seconds(60)),
                owner: TestDatabase.pool(urls.owner, size: 2, acquireTimeout: .seconds(60)),
                app: TestDatabase.pool(urls.app, size: 8, acquireTimeout: .seconds(60))
            )
        }
        pending = task
        return try await task.value
    }

    func makeDatabase(migrated: Bool) async throws -> TestDatabaseURLs {
        try await serially {
            var attempt = 1
            while true {
                do {
                    return try await TestDatabase.makeDatabase(migrated: migrated)
                } catch let error as PostgresError where error.sqlState == "XX000" && attempt < 5 {
                    attempt += 1
                    try await Task.sleep(for: .milliseconds(100 * attempt))
                }
            }
        }
    }

    /// Runs `body` after every body passed in before it has finished.
    private func serially<Result: Sendable>(_ body: @escaping @Sendable () async throws -> Result) async throws -> Result {
        let previous = tail
        let task = Task {
            await previous?.value
            return try await body()
        }
        tail = Task { _ = try? await task.value }
        return try await task.value
    }
}

/// Expects PostgreSQL to refuse what `body` does with `sqlState`; returns the server's message.
@discardableResult
func expectRefusal<Result>(
    _ sqlState: String,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () async throws -> Result
) async -> String? {
    let error = await #expect(throws: PostgresError.self, sourceLocation: sourceLocation) {
        try await body()
    }
    #expect(error?.sqlState == sqlState, "\(error?.serverMessage ?? "no error")", sourceLocation: sourceLocation)
    return error?.serverMessage
}

/// The message PostgreSQL gives when a row fails a table's row-level security check.
func rowSecurityRefusal(_ table: String) -> String {
    "new row violates row-level security policy for table \"\(table)\""
}

/// A digest of every row of `table` belonging to `orgID`, read as the superuser, to show that
/// a refused statement changed nothing. `table` comes from the tests' fixed lists.
func fingerprint(of table: String, orgID: UUID, admin: PostgresPool) async throws -> String {
    let rows = try await admin.withConnection { session in
        try await session.query(
            """
            SELECT count(*)::text || ':' || md5(COALESCE(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest
            FROM switchboard.\(table) t WHERE t.org_id = $1
            """,
            [orgID]
        )
    }
    return try #require(rows.first).decode("digest")
}

/// A short random lower-case suffix for names that must be unique in the cluster.
func uniqueSuffix() -> String {
    String(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12)).lowercased()
}
