import Foundation
import NIOPosix

/// A leased connection, handed to the closure of `PostgresPool.withConnection` and friends.
///
/// Every call hops to the pool's thread pool, where libpq may block; the caller's task only
/// suspends. A session is deliberately not `Sendable`: one task uses a connection at a time.
public struct PostgresSession {
    let connection: PostgresConnection
    let threadPool: NIOThreadPool

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
        return try await threadPool.runIfActive {
            try connection.run(sql, parameters: texts, types: types)
        }
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
