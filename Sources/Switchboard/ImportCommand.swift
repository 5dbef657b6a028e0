import ArgumentParser
import Foundation
import Logging
import SwitchboardDomain
import SwitchboardStore

/// `switchboard import`: history from other systems.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import history from another system.",
        subcommands: [Sheet.self]
    )

    /// The old spreadsheet console's tabs, exported as CSV.
    struct Sheet: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import the old spreadsheet console's ChatLog and Sessions tabs (and Presence, Settings) from CSV exports.",
            discussion: """
                Each ChatLog row, joined with its Sessions row by session_id, becomes a conversation with its
                messages, flags, owner history and contact. Rows already imported (same session_id) are left as
                they are, so running the same or a newer export again adds only what is new. Bad rows are listed
                with row, column and reason; nothing of them is stored. Times without a zone are read in the
                organisation's time zone. Progress goes to stderr, the report to stdout.
                """
        )

        @OptionGroup var organisation: OrganisationOption

        @Option(help: "The ChatLog tab as CSV.")
        var chatlog: String

        @Option(help: "The Sessions tab as CSV.")
        var sessions: String

        @Option(help: "The Presence tab as CSV (agents and their last heartbeat).")
        var presence: String?

        @Option(help: "The Settings tab as CSV (key,value; ai_chat_enabled).")
        var settings: String?

        @Flag(name: .customLong("dry-run"), help: "Read and check everything, print the report, write nothing.")
        var dryRun = false

        @Option(
            name: .customLong("owner-database-url"),
            help: """
                URL for the tables' owner (env MIGRATION_DATABASE_URL), used only for ANALYZE as the import grows: \
                without it a large import into a new organisation is slow until autovacuum's statistics catch up.
                """
        )
        var ownerURL: String?

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var logging: LoggingOptions

        func run() async throws {
            let logger = logging.bootstrap(label: "switchboard.import")
            func read(_ path: String) throws -> Data {
                do { return try Data(contentsOf: URL(fileURLWithPath: path)) } catch { throw CommandFailure("Cannot read \(path).") }
            }
            let chatData = try read(chatlog)
            let sessionData = try read(sessions)
            let presenceData = try presence.map(read)
            let settingsData = try settings.map(read)

            let owner = ownerURL ?? environment("MIGRATION_DATABASE_URL")
            let report = try await database.withPool(logger: logger) { pool in
                let orgID = try await organisation.resolve(pool)
                let zoneName = try await PostgresOrganisationRepository(pool: pool).settings(for: orgID).timeZone
                let zone = TimeZone(identifier: zoneName) ?? TimeZone(identifier: "UTC")!
                let reading = Date()
                FileHandle.standardError.write(Data("Reading and checking \(chatlog) and \(sessions)…\n".utf8))
                let plan: SheetImportPlan
                do {
                    plan = try SheetImportPlan(chatLog: chatData, sessions: sessionData, presence: presenceData, settings: settingsData, zone: zone)
                } catch let error as CSVFileError {
                    throw CommandFailure(error.message)
                }
                let seconds = String(format: "%.1f", Date().timeIntervalSince(reading))
                FileHandle.standardError.write(
                    Data("Read \(plan.chatLogRows) ChatLog rows in \(seconds) s; \(plan.problems.count) problems so far.\n".utf8)
                )
                let ownerPool = owner.map { SwitchboardDatabase.pool(url: $0, size: 1, logger: logger) }
                return try await withClosingOptionalPool(ownerPool) { ownerPool in
                    let meter = CommandProgress(label: "import", unit: "rows")
                    let repository = PostgresSheetImportRepository(pool: pool, ownerPool: ownerPool)
                    let report = try await SheetImportService(repository: repository, writers: 2)
                        .run(orgID: orgID, plan: plan, dryRun: dryRun) { done, total in meter.update(done: done, total: total) }
                    meter.finish()
                    return report
                }
            }
            print(SheetImportReportText.render(report), terminator: "")
            if !report.problems.isEmpty { throw ExitCode(2) }
        }
    }
}
