import Foundation
import PostgresClient
import TestSupport
import Testing

/// The shared test database plus a `client_tests` schema of plain tables (no row-level
/// security) that these tests write to; each test keys its rows by fresh UUIDs.
enum ClientTestDatabase {
    static func urls() async throws -> TestDatabaseURLs {
        try await ClientTestSchema.instance.urls()
    }
}

/// Creates the `client_tests` schema once per process, however many tests ask at once.
actor ClientTestSchema {
    static let instance = ClientTestSchema()
    private var pending: Task<TestDatabaseURLs, any Error>?

    func urls() async throws -> TestDatabaseURLs {
        if let pending { return try await pending.value }
        let task = Task {
            let urls = try await TestDatabase.shared()
            try await TestDatabase.withPool(urls.admin, size: 1) { pool in
                try await pool.withConnection { try await $0.runScript(Self.schema) }
            }
            return urls
        }
        pending = task
        return try await task.value
    }

    private static let schema = """
        CREATE SCHEMA IF NOT EXISTS client_tests;
        CREATE TABLE IF NOT EXISTS client_tests.accounts (
            account_id uuid PRIMARY KEY,
            email      text NOT NULL CONSTRAINT accounts_email_key UNIQUE,
            balance    bigint NOT NULL DEFAULT 0 CONSTRAINT accounts_balance_not_negative CHECK (balance >= 0)
        );
        CREATE TABLE IF NOT EXISTS client_tests.transfers (
            transfer_id uuid PRIMARY KEY,
            account_id  uuid NOT NULL CONSTRAINT transfers_account_fkey REFERENCES client_tests.accounts,
            amount      bigint NOT NULL
        );
        CREATE TABLE IF NOT EXISTS client_tests.samples (
            sample_id  uuid PRIMARY KEY,
            label      text,
            small      integer,
            big        bigint,
            flag       boolean,
            ratio      double precision,
            taken_at   timestamptz,
            reference  uuid,
            blob       bytea,
            document   jsonb,
            tags       text[],
            related    uuid[]
        );
        """
}

/// Polls `condition` every 20 ms until it holds or `timeout` passes; returns whether it held.
func eventually(
    within timeout: Duration = .seconds(10),
    isolation: isolated (any Actor)? = #isolation,
    _ condition: () async throws -> Bool
) async rethrows -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: timeout)
    while clock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}

/// Terminates one backend and waits (up to 5 s, server side) until its process has exited.
func terminateBackend(_ pid: Int32, adminURL: String) async throws {
    try await TestDatabase.withPool(adminURL, size: 1) { admin in
        let rows = try await admin.withConnection { session in
            try await session.query("SELECT pg_terminate_backend($1, 5000) AS terminated", [pid])
        }
        guard try rows.singleRow()?.decode("terminated", as: Bool.self) == true else {
            throw BackendStillRunning(pid: pid)
        }
    }
}

struct BackendStillRunning: Error {
    let pid: Int32
}

/// The `pg_stat_activity.state` of a backend ("idle", "idle in transaction", ...), seen by the admin.
func serverState(ofBackend pid: Int32, adminURL: String) async throws -> String? {
    try await TestDatabase.withPool(adminURL, size: 1) { admin in
        try await admin.withConnection { session in
            try await session.query("SELECT state FROM pg_stat_activity WHERE pid = $1", [pid])
                .singleRow()?.decode("state", as: String?.self)
        }
    }
}

/// Thrown by test bodies to make a transaction fail on purpose.
struct DeliberateFailure: Error {}

/// A fresh, valid organisation slug (`^[a-z0-9-]+$`).
func uniqueSlug(_ prefix: String) -> String {
    "\(prefix)-\(UUID().uuidString.lowercased())"
}

/// The backend serving `session`, asked of the server with a statement.
func currentBackendPID(_ session: PostgresSession) async throws -> Int32 {
    let row = try #require(try await session.query("SELECT pg_backend_pid() AS pid").singleRow())
    return try row.decode("pid", as: Int32.self)
}

/// `PoolStatistics` as a value tests can build (its memberwise initialiser is internal).
struct Occupancy: Equatable, CustomStringConvertible {
    var open: Int
    var idle: Int
    var waiting: Int

    var description: String { "open \(open), idle \(idle), waiting \(waiting)" }
}

func occupancy(_ pool: PostgresPool) async -> Occupancy {
    let statistics = await pool.statistics()
    return Occupancy(open: statistics.open, idle: statistics.idle, waiting: statistics.waiting)
}

/// The transaction-local setting the test schema's row-level security reads (as the app's does),
/// named here because the client itself knows no setting of the application's.
func tenantScope(_ orgID: UUID) -> [(String, String)] {
    [("app.org_id", orgID.uuidString.lowercased())]
}
