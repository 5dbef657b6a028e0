import ArgumentParser
import Foundation
import Logging
import PostgresClient
import SwitchboardDemo
import SwitchboardStore

/// `switchboard demo`: seeds the demo organisations once, or with `--conversations N` adds a long
/// synthetic history in bulk to one organisation.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Seed the demo organisations (CareerLearning and Harbour Bikes); does nothing when they exist.",
        discussion: """
            With --conversations N, generates N conversations of synthetic history for one organisation \
            (--org, default careerlearning; created when missing) over the last --days days, in bulk, \
            printing progress as it goes. Give --owner-database-url (env MIGRATION_DATABASE_URL) so the \
            final ANALYZE runs as the tables' owner.
            """
    )

    @Option(help: "Seed for the generator: the same seed and day give the same data.")
    var seed: UInt64 = 2026

    @Option(help: "Generate this many conversations in bulk for one organisation instead of seeding the demo.")
    var conversations: Int?

    @Option(help: "With --conversations: organisation slug (created as a demo organisation when missing).")
    var org: String = "careerlearning"

    @Option(help: "With --conversations: spread the conversations over this many days before now.")
    var days: Int = 365

    @Option(
        name: .customLong("owner-database-url"),
        help: "With --conversations: URL for the tables' owner, used for ANALYZE (env MIGRATION_DATABASE_URL)."
    )

    var ownerURL: String?

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        if let conversations, conversations < 1 { throw ValidationError("--conversations must be at least 1.") }
        if days < 1 { throw ValidationError("--days must be at least 1.") }
    }

    func run() async throws {
        let logger = logging.bootstrap(label: "switchboard.demo")
        if let conversations {
            return try await generate(conversations, logger: logger)
        }
        let started = ContinuousClock.now
        let summary = try await database.withPool(logger: logger) { pool in
            try await DemoSeeder(pool: pool, logger: logger, seed: seed).seed()
        }
        print(summary)
        if !summary.alreadySeeded { print("Seeded in \(ContinuousClock.now - started).") }
    }

    private func generate(_ count: Int, logger: Logger) async throws {
        var options = DemoScaleGenerator.Options(conversations: count)
        options.slug = org
        options.days = days
        options.seed = seed
        let owner = ownerURL ?? environment("MIGRATION_DATABASE_URL")
        let summary = try await database.withPool(logger: logger) { pool in
            let analyzePool = owner.map { SwitchboardDatabase.pool(url: $0, size: 1, logger: logger) }
            return try await withClosingOptionalPool(analyzePool) { analyzePool in
                try await DemoScaleGenerator(pool: pool, analyzePool: analyzePool, logger: logger, options: options)
                    .generate { progress in
                        // Unbuffered, so a pipe (ops/bench-analytics) shows each line as it comes.
                        FileHandle.standardOutput.write(Data((progress.description + "\n").utf8))
                    }
            }
        }
        print(summary)
    }

}
