import Foundation
import PostgresClient
import TestSupport
import Testing

/// Server errors arrive as `PostgresError` kinds by SQLSTATE, and their descriptions never
/// repeat the SQL text or the values that were bound.
@Suite struct ErrorMappingTests {
    private static let secret = "secret-value-123"

    /// Asserts that a description is safe to log: no bound value and no SQL text in it.
    private func expectDescriptionLeaksNothing(_ error: PostgresError, sql: String, values: [String]) {
        let description = error.description
        #expect(!description.contains(sql), "description repeats the SQL: \(description)")
        for keyword in ["INSERT", "SELECT", "UPDATE", "DELETE", "CREATE", "VALUES"] {
            #expect(!description.contains(keyword), "description quotes SQL (\(keyword)): \(description)")
        }
        for value in values {
            #expect(!description.contains(value), "description repeats a bound value: \(description)")
        }
    }

    @Test func duplicateKeyIsAUniqueViolationNamingItsConstraint() async throws {
        let urls = try await ClientTestDatabase.urls()
        let email = "\(Self.secret)-\(UUID().uuidString)@example.com"
        let sql = "INSERT INTO client_tests.accounts (account_id, email) VALUES ($1, $2)"
        try await TestDatabase.withPool(urls.admin, size: 1) { pool in
            try await pool.withConnection { session in
                try await session.execute(sql, [UUID(), email])
                let duplicateID = UUID()
                let error = try #require(
                    await #expect(throws: PostgresError.self) {
                        try await session.execute(sql, [duplicateID, email])
                    }
                )
                #expect(error.kind == .uniqueViolation)
                #expect(error.sqlState == "23505")
                #expect(error.constraint == "accounts_email_key")
                #expect(error.table == "accounts")
                #expect(!error.isTransient)
                #expect(error.description.contains("accounts_email_key"))
                expectDescriptionLeaksNothing(error, sql: sql, values: [email, Self.secret, duplicateID.uuidString.lowercased()])
            }
        }
    }

    @Test func missingParentIsAForeignKeyViolation() async throws {
        let urls = try await ClientTestDatabase.urls()
        let missingAccount = UUID()
        let sql = "INSERT INTO client_tests.transfers (transfer_id, account_id, amount) VALUES ($1, $2, $3)"
        try await TestDatabase.withPool(urls.admin, size: 1) { pool in
            try await pool.withConnection { session in
                let error = try #require(
                    await #expect(throws: PostgresError.self) {
                        try await session.execute(sql, [UUID(), missingAccount, 987_654_321])
                    }
                )
                #expect(error.kind == .foreignKeyViolation)
                #expect(error.sqlState == "23503")
                #expect(error.constraint == "transfers_account_fkey")
                expectDescriptionLeaksNothing(error, sql: sql, values: [missingAccount.uuidString.lowercased(), "987654321"])
            }
        }
    }

    @Test func failedCheckIsACheckViolation() async throws {
        let urls = try await ClientTestDatabase.urls()
        let email = "\(Self.secret)-\(UUID().uuidString)@example.com"
        let sql = "INSERT INTO client_tests.accounts (account_id, email, balance) VALUES ($1, $2, $3)"
        try await TestDatabase.withPool(urls.admin, size: 1) { pool in
            try await pool.withConnection { session in
                let error = try #require(
                    await #expect(throws: PostgresError.self) {
                        try await session.execute(sql, [UUID(), email, -987_654_321])
                    }
                )
                #expect(error.kind == .checkViolation)
                #expect(error.sqlState == "23514")
                #expect(error.constraint == "accounts_balance_not_negative")
                expectDescriptionLeaksNothing(error, sql: sql, values: [email, Self.secret, "987654321"])
            }
        }
    }

    @Test func missingRequiredValueIsANotNullViolation() async throws {
        let urls = try await ClientTestDatabase.urls()
        let sql = "INSERT INTO client_tests.accounts (account_id, email, balance) VALUES ($1, $2, $3)"
        try await TestDatabase.withPool(urls.admin, size: 1) { pool in
            try await pool.withConnection { session in
                let error = try #require(
                    await #expect(throws: PostgresError.self) {
                        try await session.execute(sql, [UUID(), String?.none, 987_654_321])
                    }
                )
                #expect(error.kind == .notNullViolation)
                #expect(error.sqlState == "23502")
                #expect(error.table == "accounts")
                expectDescriptionLeaksNothing(error, sql: sql, values: ["987654321"])
            }
        }
    }

    @Test func concurrentSerializableUpdatesFailWithASerializationFailure() async throws {
        let urls = try await ClientTestDatabase.urls()
        let account = UUID()
        let read = "SELECT balance FROM client_tests.accounts WHERE account_id = $1"
        let update = "UPDATE client_tests.accounts SET balance = balance + $2 WHERE account_id = $1"
        try await TestDatabase.withPool(urls.admin, size: 2) { pool in
            try await pool.withConnection { session in
                try await session.execute(
                    "INSERT INTO client_tests.accounts (account_id, email, balance) VALUES ($1, $2, 100)",
                    [account, uniqueSlug("serializable") + "@example.com"]
                )
            }
            // Two connections, interleaved by hand: the later writer read a snapshot the
            // earlier writer's commit invalidated.
            let error = try #require(
                await #expect(throws: PostgresError.self) {
                    try await pool.withTransaction { later in
                        try await later.execute("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE")
                        _ = try await later.query(read, [account])
                        try await pool.withTransaction { earlier in
                            try await earlier.execute("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE")
                            _ = try await earlier.query(read, [account])
                            try await earlier.execute(update, [account, 1])
                        }
                        try await later.execute(update, [account, 55_555])
                    }
                }
            )
            #expect(error.kind == .serializationFailure)
            #expect(error.sqlState == "40001")
            #expect(error.isTransient)
            expectDescriptionLeaksNothing(error, sql: update, values: ["55555"])

            let balance = try await pool.withConnection { session in
                try await session.query(read, [account]).singleRow()?.decode("balance", as: Int.self)
            }
            #expect(balance == 101)
        }
    }

    @Test func malformedStatementIsASyntaxError() async throws {
        let urls = try await ClientTestDatabase.urls()
        let sql = "SELEC '\(Self.secret)' AS leaked"
        try await TestDatabase.withPool(urls.admin, size: 1) { pool in
            try await pool.withConnection { session in
                let error = try #require(
                    await #expect(throws: PostgresError.self) {
                        try await session.query(sql)
                    }
                )
                #expect(error.kind == .syntaxError)
                #expect(error.sqlState == "42601")
                expectDescriptionLeaksNothing(error, sql: sql, values: [Self.secret, "SELEC"])
            }
        }
    }

    @Test func appRoleWritingMigrationHistoryLacksPrivilege() async throws {
        let urls = try await ClientTestDatabase.urls()
        let sql = "DELETE FROM switchboard.schema_migrations WHERE name = $1"
        try await TestDatabase.withPool(urls.app, size: 1) { pool in
            try await pool.withConnection { session in
                // Reading is granted; writing is not.
                _ = try await session.query("SELECT count(*) AS applied FROM switchboard.schema_migrations")
                let error = try #require(
                    await #expect(throws: PostgresError.self) {
                        try await session.execute(sql, [Self.secret])
                    }
                )
                #expect(error.kind == .insufficientPrivilege)
                #expect(error.sqlState == "42501")
                expectDescriptionLeaksNothing(error, sql: sql, values: [Self.secret])
            }
        }
    }

    @Test func appRoleCreatingTablesInTheSwitchboardSchemaLacksPrivilege() async throws {
        let urls = try await ClientTestDatabase.urls()
        let sql = "CREATE TABLE switchboard.intruders (id integer)"
        try await TestDatabase.withPool(urls.app, size: 1) { pool in
            try await pool.withConnection { session in
                let error = try #require(
                    await #expect(throws: PostgresError.self) {
                        try await session.execute(sql)
                    }
                )
                #expect(error.kind == .insufficientPrivilege)
                #expect(error.sqlState == "42501")
                expectDescriptionLeaksNothing(error, sql: sql, values: ["intruders"])
            }
        }
    }

    @Test func unparsableParameterKeepsItsValueOutOfTheDescription() async throws {
        let urls = try await ClientTestDatabase.urls()
        let sql = "SELECT $1::uuid AS id"
        try await TestDatabase.withPool(urls.admin, size: 1) { pool in
            try await pool.withConnection { session in
                let error = try #require(
                    await #expect(throws: PostgresError.self) {
                        try await session.query(sql, [Self.secret])
                    }
                )
                #expect(error.kind == .invalidTextRepresentation)
                #expect(error.sqlState == "22P02")
                expectDescriptionLeaksNothing(error, sql: sql, values: [Self.secret])
                // The server's wording quotes the value; it stays in `serverMessage`, apart.
                #expect(error.serverMessage?.contains(Self.secret) == true)
            }
        }
    }

    @Test func statementErrorOutsideATransactionLeavesTheConnectionUsable() async throws {
        let urls = try await ClientTestDatabase.urls()
        try await TestDatabase.withPool(urls.admin, size: 1) { pool in
            try await pool.withConnection { session in
                await #expect(throws: PostgresError.self) { try await session.query("SELECT 1/0 AS boom") }
                let row = try #require(try await session.query("SELECT 2 AS two").singleRow())
                #expect(try row.decode("two", as: Int.self) == 2)
            }
        }
    }

    @Test func unreadableColumnsAreDecodingErrorsWithoutTheValue() async throws {
        let urls = try await ClientTestDatabase.urls()
        try await TestDatabase.withPool(urls.admin, size: 1) { pool in
            try await pool.withConnection { session in
                let row = try #require(
                    try await session.query(
                        "SELECT $1::text AS word, NULL::integer AS nothing",
                        [Self.secret]
                    ).singleRow()
                )
                let notANumber = try #require(#expect(throws: PostgresError.self) { try row.decode("word", as: Int.self) })
                #expect(notANumber.kind == .decoding)
                #expect(!notANumber.description.contains(Self.secret))
                let null = try #require(#expect(throws: PostgresError.self) { try row.decode("nothing", as: Int.self) })
                #expect(null.kind == .decoding)
                let missing = try #require(#expect(throws: PostgresError.self) { try row.decode("absent", as: String.self) })
                #expect(missing.kind == .decoding)

                let twoRows = try await session.query("SELECT generate_series(1, 2) AS n")
                #expect(throws: PostgresError.self) { try twoRows.singleRow() }
            }
        }
    }

    @Test(arguments: [
        ("23505", PostgresError.Kind.uniqueViolation), ("23503", .foreignKeyViolation), ("23514", .checkViolation),
        ("23502", .notNullViolation), ("23P01", .exclusionViolation), ("40001", .serializationFailure),
        ("40P01", .deadlockDetected), ("42501", .insufficientPrivilege), ("22P02", .invalidTextRepresentation),
        ("57014", .queryCanceled), ("42704", .undefinedObject), ("42601", .syntaxError),
        ("57P01", .connectionLost), ("57P02", .connectionLost), ("57P03", .connectionLost),
        ("08006", .connectionLost), ("08001", .connectionLost), ("XX000", .other), ("42P01", .other),
    ])
    func sqlStatesMapToKinds(state: String, kind: PostgresError.Kind) {
        #expect(PostgresError.kind(forSQLState: state) == kind)
    }
}
