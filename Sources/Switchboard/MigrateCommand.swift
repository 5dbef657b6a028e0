import ArgumentParser
import Foundation
import Logging
import PostgresClient
import SwitchboardStore

/// `switchboard migrate`: applies pending migrations as the migration role.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply pending SQL migrations (as switchboard_owner), each in its own transaction."
    )

    @Option(name: .customLong("database-url"), help: "URL for the migration role (env MIGRATION_DATABASE_URL, then DATABASE_URL).")
    var url: String?

    @Flag(help: "Only list pending migrations; change nothing.")
    var status = false

    @OptionGroup var sql: SQLOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = logging.bootstrap(label: "switchboard.migrate")
        let connection = url ?? environment("MIGRATION_DATABASE_URL") ?? environment("DATABASE_URL") ?? ""
        let pool = SwitchboardDatabase.pool(url: connection, size: 1, applicationName: "switchboard-migrate", logger: logger)
        let migrator = Migrator(sqlDirectory: sql.url, logger: logger)
        do {
            try await withClosingPool(pool) { pool in
                if status {
                    let pending = try await migrator.pending(using: pool)
                    print(pending.isEmpty ? "No pending migrations." : "Pending:\n" + pending.map { "  \($0)" }.joined(separator: "\n"))
                } else {
                    let applied = try await migrator.migrate(using: pool)
                    print(applied.isEmpty ? "No pending migrations." : "Applied \(applied.count): " + applied.joined(separator: ", "))
                }
            }
        } catch let error as MigrationError {
            logger.error("migration refused", metadata: ["reason": "\(error.description)"])
            throw CommandFailure(error.description)
        }
    }
}
