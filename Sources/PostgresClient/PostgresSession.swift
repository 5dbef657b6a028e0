import Foundation
import Logging
import NIOPosix

/// A leased connection, handed to the closure of `PostgresPool.withConnection` and friends.
///
/// Every call hops to the pool's thread pool, where libpq may block; the caller's task only
/// suspends. A session is deliberately not `Sendable`: one task uses a connection at a time.
public struct PostgresSession {
    let connection: PostgresConnection
    let threadPool: NIOThreadPool
    /// The pool's logger: slow statements are reported on it.
    let logger: Logger
    let slowStatementThreshold: Duration?

    /// Runs one statement with bound parameters (`$1`, `$2`, …) and returns its rows.
    @discardableResult
    public func query(_ sql: String, _ parameters: [any PostgresEncodable] = []) async throws -> PostgresRows {
        let texts = try parameters.map { parameter -> String? in
            let text = try parameter.postgresText()
            // libpq takes C strings: a NUL would silently cut the value short, so refuse it.
            if let text, text.utf8.contains(0) { throw PostgresError(kind: .encoding, serverMessage: "NUL character in a parameter") }
            return text
        }
        let types = parameters.map { type(of: $0).postgresType }
        let connection = self.connection
        let started = ContinuousClock.now
        defer { reportIfSlow(sql, took: started.duration(to: .now)) }
        return try await threadPool.runIfActive { try connection.run(sql, parameters: texts, types: types) }
    }

    /// A warning with the statement's first line, trimmed, and how long it took: never a parameter.
    private func reportIfSlow(_ sql: String, took duration: Duration) {
        guard let threshold = slowStatementThreshold, duration >= threshold else { return }
        let firstLine = sql.split(whereSeparator: \.isNewline).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        logger.warning(
            "slow PostgreSQL statement",
            metadata: [
                "duration_ms": "\(Int(duration / .milliseconds(1)))",
                "statement": .string(String(firstLine.prefix(160))),
            ]
        )
    }

    /// Runs a statement and returns how many rows it inserted, updated or deleted.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [any PostgresEncodable] = []) async throws -> Int {
        try await query(sql, parameters).affectedRows
    }

    /// Runs several statements of trusted SQL text (migration files). Never put values in it.
    public func runScript(_ sql: String) async throws {
        let connection = self.connection
        try await threadPool.runIfActive { try connection.runScript(sql) }
    }

    /// The server process serving this session.
    public func backendPID() async throws -> Int32 {
        let connection = self.connection
        return try await threadPool.runIfActive { connection.backendPID }
    }

    /// Runs `body` inside a savepoint of the transaction this session is in: released when it
    /// returns, rolled back to when it throws, so a failed step undoes only its own writes and the
    /// transaction can go on (PostgreSQL otherwise refuses every later statement in it).
    @discardableResult
    public func withSavepoint<Result>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresSession) async throws -> Result
    ) async throws -> Result {
        // One name for every level: PostgreSQL releases and rolls back to the most recent savepoint
        // of a name, so nested savepoints unwind as a stack.
        // Through the connection, not `self`: a session is not Sendable, and these run off `isolation`.
        let (connection, threadPool, logger, slowStatementThreshold) = (self.connection, self.threadPool, self.logger, self.slowStatementThreshold)
        try await threadPool.runIfActive { try connection.runScript("SAVEPOINT switchboard_step") }
        let result: Result
        do {
            result = try await body(
                PostgresSession(connection: connection, threadPool: threadPool, logger: logger, slowStatementThreshold: slowStatementThreshold)
            )
        } catch {
            // Rolled back to and released, so an outer level's rollback finds its own savepoint. If
            // this fails too the connection is broken; the transaction's own end reports it.
            try? await threadPool.runIfActive {
                try connection.runScript("ROLLBACK TO SAVEPOINT switchboard_step; RELEASE SAVEPOINT switchboard_step")
            }
            throw error
        }
        try await threadPool.runIfActive { try connection.runScript("RELEASE SAVEPOINT switchboard_step") }
        return result
    }

    /// Rolls the transaction back and begins a new one with `settings`, as if nothing had been
    /// run in it: a savepoint at its start that costs nothing until it is used.
    public func restartTransaction(settings: [(String, String)]) async throws {
        let connection = self.connection
        try await threadPool.runIfActive {
            _ = try connection.run("ROLLBACK", parameters: [], types: [])
            try connection.begin(settings: settings)
        }
    }

    func begin(settings: [(String, String)]) async throws {
        let connection = self.connection
        try await threadPool.runIfActive { try connection.begin(settings: settings) }
    }

    /// Commits; a transaction that already failed is rolled back and reported, never "committed".
    func commit() async throws {
        let connection = self.connection
        try await threadPool.runIfActive {
            guard connection.transactionState == .inTransaction else {
                throw PostgresError(kind: .other, serverMessage: "transaction failed earlier; rolled back")
            }
            _ = try connection.run("COMMIT", parameters: [], types: [])
        }
    }

    func rollback() async throws {
        try await query("ROLLBACK")
    }
}

@available(*, unavailable)
extension PostgresSession: Sendable {}
