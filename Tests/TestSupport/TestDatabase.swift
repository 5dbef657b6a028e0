import Foundation
import Logging
import PostgresClient
import SwitchboardDomain
import SwitchboardStore

/// Connection strings for one test database, by role.
public struct TestDatabaseURLs: Sendable {
    public let name: String
    /// Superuser, for creating roles and databases and for inspecting everything.
    public let admin: String
    /// `switchboard_owner`, the migration role.
    public let owner: String
    /// `switchboard_app`, the server's role: row-level security applies.
    public let app: String

    /// The same database as `login`.
    public func url(as login: String) -> String {
        TestDatabase.url(TestDatabase.adminBaseURL, user: login, database: name)
    }
}

/// The real PostgreSQL cluster that `ops/test` starts (`SWITCHBOARD_TEST_ADMIN_URL`).
///
/// Each test process migrates one shared database once; tests isolate themselves by creating
/// their own organisations. Tests that need an empty database call `makeDatabase(migrated:)`.
public enum TestDatabase {
    static var adminBaseURL: String {
        ProcessInfo.processInfo.environment["SWITCHBOARD_TEST_ADMIN_URL"]
            ?? "postgres://postgres@127.0.0.1:5432/postgres"
    }

    /// The repository's `sql/` folder.
    public static var sqlDirectory: URL {
        if let path = ProcessInfo.processInfo.environment["SWITCHBOARD_SQL_DIR"] {
            return URL(fileURLWithPath: path, isDirectory: true)
        }
        // Tests/TestSupport/TestDatabase.swift → repository root.
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("sql", isDirectory: true)
    }

    /// The shared migrated database for this test process.
    public static func shared() async throws -> TestDatabaseURLs {
        try await SharedDatabase.instance.urls()
    }

    /// A new database, with roles and (optionally) every migration applied.
    public static func makeDatabase(migrated: Bool = true) async throws -> TestDatabaseURLs {
        let name = "sbtest_\(ProcessInfo.processInfo.processIdentifier)_\(UUID().uuidString.prefix(8).lowercased())"
        let adminPool = pool(adminBaseURL, size: 1)
        defer { Task { await adminPool.shutdown() } }
        // CREATE DATABASE cannot run in a transaction; the name is generated above, never user input.
        try await adminPool.withConnection { try await $0.runScript("CREATE DATABASE \(name)") }

        let urls = TestDatabaseURLs(
            name: name,
            admin: url(adminBaseURL, user: "postgres", database: name),
            owner: url(adminBaseURL, user: "switchboard_owner", database: name),
            app: url(adminBaseURL, user: "switchboard_app", database: name)
        )
        let roles = try String(contentsOf: sqlDirectory.appendingPathComponent("roles.sql"), encoding: .utf8)
        try await withPool(urls.admin) { pool in
            // roles.sql re-asserts cluster-wide roles; tests creating databases in parallel can
            // collide on the same catalog rows ("tuple concurrently updated", XX000, or, on a new
            // cluster, two CREATE ROLEs of the same name, 23505 on pg_authid): retry.
            for attempt in 1...8 {
                do {
                    try await pool.withConnection { try await $0.runScript(roles) }
                    return
                } catch let error as PostgresError where ["XX000", "23505"].contains(error.sqlState) && attempt < 8 {
                    try await Task.sleep(for: .milliseconds(Int.random(in: 20...200)))
                }
            }
        }
        if migrated {
            try await withPool(urls.owner) { pool in
                try await Migrator(sqlDirectory: sqlDirectory, logger: quietLogger).migrate(using: pool)
            }
        }
        return urls
    }

    /// A pool for `url` that is shut down when `body` ends; `logs` records its log lines, with every
    /// statement reported as slow so a test can see what the pool logs.
    @discardableResult
    public static func withPool<Result>(
        _ url: String,
        size: Int = 4,
        searchPath: [String] = ["switchboard"],
        logs: LogCapture? = nil,
        _ body: (PostgresPool) async throws -> Result
    ) async throws -> Result {
        let pool = pool(url, size: size, searchPath: searchPath, logs: logs)
        do {
            let result = try await body(pool)
            await pool.shutdown()
            return result
        } catch {
            await pool.shutdown()
            throw error
        }
    }

    /// The default acquire timeout is generous: tests queue hundreds of tasks on a few
    /// connections, and on a loaded 2-core machine the last of them waits many seconds; tests
    /// of the timeout itself pass a short one.
    /// `logs` records the pool's log lines, with every statement reported as slow.
    public static func pool(
        _ url: String,
        size: Int = 4,
        searchPath: [String] = ["switchboard"],
        acquireTimeout: Duration = .seconds(60),
        logs: LogCapture? = nil
    ) -> PostgresPool {
        PostgresPool(
            configuration: PostgresConfiguration(
                connectionString: url,
                poolSize: size,
                acquireTimeout: acquireTimeout,
                applicationName: "switchboard-tests",
                searchPath: searchPath,
                slowStatementThreshold: logs == nil ? nil : .zero
            ),
            logger: logs?.logger(label: "postgres.pool", metadataProvider: LogScope.metadataProvider) ?? quietLogger
        )
    }

    public static let quietLogger: Logger = {
        var logger = Logger(label: "tests")
        logger.logLevel = .critical
        return logger
    }()

    static func url(_ base: String, user: String, database: String) -> String {
        guard var components = URLComponents(string: base) else { return base }
        components.user = user
        components.password = nil
        components.path = "/" + database
        return components.string ?? base
    }
}

/// Creates the shared database once per process, however many tests ask at once.
actor SharedDatabase {
    static let instance = SharedDatabase()
    private var pending: Task<TestDatabaseURLs, any Error>?

    func urls() async throws -> TestDatabaseURLs {
        if let pending { return try await pending.value }
        let task = Task { try await TestDatabase.makeDatabase(migrated: true) }
        pending = task
        do {
            return try await task.value
        } catch {
            // Don't keep a failure: the next test tries again.
            pending = nil
            throw error
        }
    }
}
