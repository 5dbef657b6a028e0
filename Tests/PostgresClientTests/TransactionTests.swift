import Foundation
import PostgresClient
import TestSupport
import Testing

/// `withTransaction` commits what returns, rolls back what throws, never commits a failed
/// transaction, and always hands the connection back outside any transaction.
@Suite struct TransactionTests {
    private static let insert = "INSERT INTO client_tests.accounts (account_id, email) VALUES ($1, $2)"

    private func email() -> String { uniqueSlug("tx") + "@example.com" }

    private func accountExists(_ id: UUID, in pool: PostgresPool) async throws -> Bool {
        try await pool.withConnection { session in
            try await session.query("SELECT 1 AS found FROM client_tests.accounts WHERE account_id = $1", [id]).count == 1
        }
    }

    /// The pool's only connection is idle on the server and serves the next borrower.
    private func expectConnectionIsClean(_ pool: PostgresPool, backend pid: Int32, adminURL: String) async throws {
        #expect(try await serverState(ofBackend: pid, adminURL: adminURL) == "idle")
        try await pool.withConnection { session in
            let row = try #require(try await session.query("SELECT 1 AS one").singleRow())
            #expect(try row.decode("one", as: Int.self) == 1)
            #expect(try await currentBackendPID(session) == pid, "the connection was replaced, not cleaned")
        }
    }

    @Test func returningCommits() async throws {
        let urls = try await ClientTestDatabase.urls()
        let id = UUID()
        try await TestDatabase.withPool(urls.admin, size: 1) { pool in
            let pid = try await pool.withTransaction { session in
                try await session.execute(Self.insert, [id, email()])
                return try await currentBackendPID(session)
            }
            #expect(try await accountExists(id, in: pool))
            try await expectConnectionIsClean(pool, backend: pid, adminURL: urls.admin)
        }
        // Visible to other connections too: it was committed, not merely left open.
        try await TestDatabase.withPool(urls.admin, size: 1) { other throws in
            #expect(try await accountExists(id, in: other))
        }
    }

    @Test func throwingRollsBackAndRethrows() async throws {
        let urls = try await ClientTestDatabase.urls()
        let id = UUID()
        try await TestDatabase.withPool(urls.admin, size: 1) { pool in
            var pid: Int32 = 0
            await #expect(throws: DeliberateFailure.self) {
                try await pool.withTransaction { session in
                    try await session.execute(Self.insert, [id, email()])
                    pid = try await currentBackendPID(session)
                    throw DeliberateFailure()
                }
            }
            #expect(try await accountExists(id, in: pool) == false)
            try await expectConnectionIsClean(pool, backend: pid, adminURL: urls.admin)
        }
    }

    @Test func statementErrorFailsTheTransactionAndPropagates() async throws {
        let urls = try await ClientTestDatabase.urls()
        let first = UUID()
        let sharedEmail = email()
        try await TestDatabase.withPool(urls.admin, size: 1) { pool in
            var pid: Int32 = 0
            let error = try #require(
                await #expect(throws: PostgresError.self) {
                    try await pool.withTransaction { session in
                        pid = try await currentBackendPID(session)
                        try await session.execute(Self.insert, [first, sharedEmail])
                        try await session.execute(Self.insert, [UUID(), sharedEmail])
                        Issue.record("the duplicate insert did not throw")
                    }
                }
            )
            #expect(error.kind == .uniqueViolation)
            #expect(try await accountExists(first, in: pool) == false)
            try await expectConnectionIsClean(pool, backend: pid, adminURL: urls.admin)
        }
    }

    @Test func bodyThatSwallowsAStatementErrorIsNotCommitted() async throws {
        let urls = try await ClientTestDatabase.urls()
        let first = UUID()
        let sharedEmail = email()
        try await TestDatabase.withPool(urls.admin, size: 1) { pool in
            var pid: Int32 = 0
            var swallowed: PostgresError?
            await #expect(throws: PostgresError.self) {
                try await pool.withTransaction { session in
                    pid = try await currentBackendPID(session)
                    try await session.execute(Self.insert, [first, sharedEmail])
                    do {
                        try await session.execute(Self.insert, [UUID(), sharedEmail])
                    } catch let error as PostgresError {
                        swallowed = error
                    }
                    return "pretending all is well"
                }
            }
            #expect(swallowed?.kind == .uniqueViolation)
            #expect(try await accountExists(first, in: pool) == false)
            try await expectConnectionIsClean(pool, backend: pid, adminURL: urls.admin)
        }
    }

    @Test func transactionLeftOpenByHandIsRolledBackOnRelease() async throws {
        let urls = try await ClientTestDatabase.urls()
        let id = UUID()
        try await TestDatabase.withPool(urls.admin, size: 1) { pool in
            let pid = try await pool.withConnection { session in
                try await session.execute("BEGIN")
                try await session.execute(Self.insert, [id, email()])
                return try await currentBackendPID(session)
            }
            #expect(try await accountExists(id, in: pool) == false)
            try await expectConnectionIsClean(pool, backend: pid, adminURL: urls.admin)
        }
    }

    @Test func failedTransactionLeftByHandIsRolledBackOnRelease() async throws {
        let urls = try await ClientTestDatabase.urls()
        try await TestDatabase.withPool(urls.admin, size: 1) { pool in
            let pid = try await pool.withConnection { session in
                let pid = try await currentBackendPID(session)
                try await session.execute("BEGIN")
                await #expect(throws: PostgresError.self) { try await session.query("SELECT 1/0 AS boom") }
                return pid
            }
            try await expectConnectionIsClean(pool, backend: pid, adminURL: urls.admin)
        }
    }

    @Test func transactionReturnsTheBodysValue() async throws {
        let urls = try await ClientTestDatabase.urls()
        try await TestDatabase.withPool(urls.admin, size: 1) { pool in
            let sum = try await pool.withTransaction { session in
                try await session.query("SELECT $1::bigint + $2::bigint AS sum", [40, 2]).singleRow()?.decode("sum", as: Int.self)
            }
            #expect(sum == 42)
        }
    }
}
