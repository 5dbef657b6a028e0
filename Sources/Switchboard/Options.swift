import ArgumentParser
import Foundation
import Logging
import PostgresClient
import SwitchboardDomain
import SwitchboardStore

/// Reads a setting from the environment (flags win over the environment).
func environment(_ name: String) -> String? {
    ProcessInfo.processInfo.environment[name].flatMap { $0.isEmpty ? nil : $0 }
}

/// How to reach PostgreSQL as the server's role (`switchboard_app`).
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .customLong("database-url"),
        help: "PostgreSQL URL or conninfo for switchboard_app (env DATABASE_URL; libpq's PG* variables fill gaps)."
    )

    var url: String?

    @Option(name: .customLong("pool-size"), help: "Most database connections at once (env SWITCHBOARD_POOL_SIZE, default 10).")
    var poolSize: Int?

    var connectionString: String { url ?? environment("DATABASE_URL") ?? "" }
    var resolvedPoolSize: Int { poolSize ?? environment("SWITCHBOARD_POOL_SIZE").flatMap(Int.init) ?? 10 }

    /// Statements slower than this are logged (env SWITCHBOARD_SLOW_STATEMENT_MS, default 500; 0 logs none).
    var slowStatementThreshold: Duration? {
        let milliseconds = environment("SWITCHBOARD_SLOW_STATEMENT_MS").flatMap(Int.init) ?? 500
        return milliseconds > 0 ? .milliseconds(milliseconds) : nil
    }

    func makePool(logger: Logger) -> PostgresPool {
        SwitchboardDatabase.pool(url: connectionString, size: resolvedPoolSize, slowStatementThreshold: slowStatementThreshold, logger: logger)
    }

    /// Runs `body` with a pool that is closed afterwards, also when `body` throws.
    func withPool<Result>(logger: Logger, _ body: (PostgresPool) async throws -> Result) async throws -> Result {
        try await withClosingPool(makePool(logger: logger), body)
    }

    /// `withPool` for a command's own change: a domain error (invalid input, a conflict) ends the
    /// command with its message, as a `CommandFailure`.
    func withPoolFailingOnDomainErrors<Result>(logger: Logger, _ body: (PostgresPool) async throws -> Result) async throws -> Result {
        do {
            return try await withPool(logger: logger, body)
        } catch let error as any DomainError {
            throw CommandFailure(error.message)
        }
    }
}

/// `--org SLUG`: the organisation a command works in.
struct OrganisationOption: ParsableArguments {
    @Option(help: "Organisation slug.")
    var org: String

    /// The organisation's id, or a command failure that says there is none.
    func resolve(_ pool: PostgresPool) async throws -> UUID {
        guard let organisation = try await PostgresOrganisationRepository(pool: pool).find(slug: org) else {
            throw CommandFailure("There is no organisation with the slug \(org).")
        }
        return organisation.id
    }
}

/// Where the SQL files live.
struct SQLOptions: ParsableArguments {
    @Option(name: .customLong("sql-dir"), help: "Folder with roles.sql and migrations/ (env SWITCHBOARD_SQL_DIR, default ./sql).")
    var directory: String?

    var url: URL {
        URL(fileURLWithPath: directory ?? environment("SWITCHBOARD_SQL_DIR") ?? "sql", isDirectory: true)
    }
}

/// Log level and format.
struct LoggingOptions: ParsableArguments {
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (env SWITCHBOARD_LOG_LEVEL, default info).")
    var level: String?

    @Option(name: .customLong("log-format"), help: "json (one object per line) or text (env SWITCHBOARD_LOG_FORMAT, default json).")
    var format: String?

    /// Installs the process-wide log handler once and returns a logger for `label`.
    func bootstrap(label: String) -> Logger {
        let level = Logger.Level(rawValue: level ?? environment("SWITCHBOARD_LOG_LEVEL") ?? "info") ?? .info
        let json = (format ?? environment("SWITCHBOARD_LOG_FORMAT") ?? "json") != "text"
        // Request id and organisation from the current task on every line (see LogScope).
        LoggingSystem.bootstrap(
            { label, provider in
                var handler: any LogHandler =
                    json
                    ? JSONLogHandler(label: label, metadataProvider: provider)
                    : StreamLogHandler.standardError(label: label, metadataProvider: provider)
                handler.logLevel = level
                return handler
            },
            metadataProvider: LogScope.metadataProvider
        )
        return Logger(label: label)
    }
}

/// Runs `body` and then shuts `pool` down, whether or not `body` threw.
func withClosingPool<Result>(_ pool: PostgresPool, _ body: (PostgresPool) async throws -> Result) async throws -> Result {
    do {
        let result = try await body(pool)
        await pool.shutdown()
        return result
    } catch {
        await pool.shutdown()
        throw error
    }
}

/// `withClosingPool` for a pool that may not be there.
func withClosingOptionalPool<Result>(_ pool: PostgresPool?, _ body: (PostgresPool?) async throws -> Result) async throws -> Result {
    guard let pool else { return try await body(nil) }
    return try await withClosingPool(pool) { try await body($0) }
}

/// A command that could not do its job: ArgumentParser prints the message and exits non-zero.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The secret that signs customer and agent tokens; every instance must share it.
struct SecretOptions: ParsableArguments {
    @Option(name: .customLong("secret-file"), help: "File holding the token-signing secret (env SWITCHBOARD_SECRET holds it directly).")
    var file: String?

    var value: String? {
        if let file, let text = try? String(contentsOfFile: file, encoding: .utf8) {
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return environment("SWITCHBOARD_SECRET")
    }
}
