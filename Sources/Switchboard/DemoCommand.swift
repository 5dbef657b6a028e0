import ArgumentParser
import Foundation
import Logging
import SwitchboardStore

/// `switchboard demo`: seeds the demo organisations once.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Seed the demo organisations (CareerLearning and Harbour Bikes); does nothing when they exist.")

    @Option(help: "Seed for the generator: the same seed and day give the same data.")
    var seed: UInt64 = 2026

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = logging.bootstrap(label: "switchboard.demo")
        let started = ContinuousClock.now
        let summary = try await database.withPool(logger: logger) { pool in
            try await DemoSeeder(pool: pool, logger: logger, seed: seed).seed()
        }
        print(summary)
        if !summary.alreadySeeded { print("Seeded in \(ContinuousClock.now - started).") }
    }
}
