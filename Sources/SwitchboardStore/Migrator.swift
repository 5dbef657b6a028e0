import Crypto
import Foundation
import Logging
import PostgresClient

/// One forward-only migration file, `sql/migrations/NNNN_name.sql`.
public struct Migration: Sendable, Equatable {
    public let name: String
    public let sql: String
    /// SHA-256 of the file's bytes, hex encoded.
    public let checksum: String

    public init(name: String, sql: String) {
        self.name = name
        self.sql = sql
        self.checksum = SHA256.hash(data: Data(sql.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

/// Why migrating stopped.
public enum MigrationError: Error, Equatable, CustomStringConvertible {
    case directoryMissing(String)
    case badFileName(String)
    case changedAfterApplying(String)
    case failed(name: String, reason: String)

    public var description: String {
        switch self {
        case .directoryMissing(let path):
            return "No migrations folder at \(path); pass --sql-dir or set SWITCHBOARD_SQL_DIR."
        case .badFileName(let name):
            return "Migration file \(name) is not named NNNN_description.sql."
        case .changedAfterApplying(let name):
            return "Migration \(name) was changed after it was applied; restore it and add a new migration instead."
        case .failed(let name, let reason):
            return "Migration \(name) failed and was rolled back: \(reason)"
        }
    }
}

/// Applies `sql/migrations` in name order, each in its own transaction, recording name and
/// checksum in `switchboard.schema_migrations`. It refuses to run when an applied file changed.
public struct Migrator: Sendable {
    public let directory: URL
    private let logger: Logger

    public init(sqlDirectory: URL, logger: Logger = Logger(label: "switchboard.migrate")) {
        self.directory = sqlDirectory.appendingPathComponent("migrations", isDirectory: true)
        self.logger = logger
    }

    /// The migration files, sorted by name.
    public func migrations() throws -> [Migration] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw MigrationError.directoryMissing(directory.path)
        }
        return try names.filter { $0.hasSuffix(".sql") }.sorted().map { name in
            guard name.range(of: #"^[0-9]{4}_[a-z0-9_]+\.sql$"#, options: .regularExpression) != nil else {
                throw MigrationError.badFileName(name)
            }
            let sql = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            return Migration(name: name, sql: sql)
        }
    }

    /// Applies what is pending (as the migration role) and returns the names applied.
    @discardableResult
    public func migrate(using pool: PostgresPool) async throws -> [String] {
        let files = try migrations()
        try await pool.withTransaction { session in
            // The same lock as each migration: migrators starting together create this once.
            try await session.query("SELECT pg_advisory_xact_lock(7146001)")
            try await session.runScript(
                """
                CREATE SCHEMA IF NOT EXISTS switchboard;
                CREATE TABLE IF NOT EXISTS switchboard.schema_migrations (
                    name text PRIMARY KEY,
                    checksum text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                );
                COMMENT ON TABLE switchboard.schema_migrations IS
                    'Migration files applied by switchboard migrate, with the checksum of each.';
                """
            )
        }
        // Verify every applied file before applying anything.
        _ = try await pendingMigrations(files, using: pool)

        var applied: [String] = []
        for migration in files {
            let didApply = try await pool.withTransaction { session in
                // Serialises concurrent migrators (several instances starting at once).
                try await session.query("SELECT pg_advisory_xact_lock(7146001)")
                let existing = try await session.query(
                    "SELECT checksum FROM switchboard.schema_migrations WHERE name = $1",
                    [migration.name]
                )
                if let row = try existing.singleRow() {
                    guard try row.decode("checksum", as: String.self) == migration.checksum else {
                        throw MigrationError.changedAfterApplying(migration.name)
                    }
                    return false
                }
                do {
                    try await session.runScript(migration.sql)
                } catch let error as PostgresError {
                    throw MigrationError.failed(name: migration.name, reason: error.serverMessage ?? "\(error)")
                }
                try await session.execute(
                    "INSERT INTO switchboard.schema_migrations (name, checksum) VALUES ($1, $2)",
                    [migration.name, migration.checksum]
                )
                return true
            }
            if didApply {
                logger.info("applied migration", metadata: ["migration": "\(migration.name)"])
                applied.append(migration.name)
            }
        }
        return applied
    }

    /// Names of files not yet applied; throws when an applied file's checksum differs.
    public func pending(using pool: PostgresPool) async throws -> [String] {
        try await pendingMigrations(try migrations(), using: pool)
    }

    private func pendingMigrations(_ files: [Migration], using pool: PostgresPool) async throws -> [String] {
        let applied = try await pool.withConnection { session -> PostgresRows? in
            // A database never migrated has no record table yet: everything is pending.
            let exists = try await session.query("SELECT to_regclass('switchboard.schema_migrations') IS NOT NULL AS present")
            guard try exists.singleRow()?.decode("present", as: Bool.self) == true else { return nil }
            return try await session.query("SELECT name, checksum FROM switchboard.schema_migrations")
        }
        guard let applied else { return files.map(\.name) }
        var checksums: [String: String] = [:]
        for row in applied {
            checksums[try row.decode("name")] = try row.decode("checksum", as: String.self)
        }
        for file in files {
            if let checksum = checksums[file.name], checksum != file.checksum {
                throw MigrationError.changedAfterApplying(file.name)
            }
        }
        return files.map(\.name).filter { checksums[$0] == nil }
    }
}
