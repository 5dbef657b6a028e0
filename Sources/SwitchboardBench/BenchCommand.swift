import ArgumentParser
import Foundation
import PostgresClient

/// `switchboard-bench`: measurements recorded in BENCHMARKS.md.
@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchboard-bench",
        abstract: "Benchmarks for Switchboard (see BENCHMARKS.md).",
        subcommands: [InsertsBenchmark.self, AnswersBenchmark.self, AnswersScaleBenchmark.self, ConfidenceFit.self]
    )
}

/// Single-row INSERTs, each in its own tenant transaction, from `clients` concurrent tasks.
struct InsertsBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inserts",
        abstract: "Tenant-transaction single-row inserts per second through the pool."
    )

    @Option(name: .customLong("database-url"), help: "URL for switchboard_app.")
    var url: String

    @Option(help: "Organisation id to insert for.")
    var org: String

    @Option(help: "Concurrent tasks (and pool size).")
    var clients = 8

    @Option(help: "How long to measure, after a one-second warm-up.")
    var seconds = 10.0

    func run() async throws {
        guard let orgID = UUID(uuidString: org) else { throw ValidationError("--org must be a UUID") }
        let pool = PostgresPool(
            configuration: .init(
                connectionString: url,
                poolSize: clients,
                applicationName: "switchboard-bench",
                searchPath: ["switchboard"]
            )
        )
        let insert = "INSERT INTO audit_log (org_id, actor_kind, action) VALUES ($1, 'system', 'bench')"

        // Warm-up opens every connection and prepares the statement on each.
        _ = try await measure(pool: pool, orgID: orgID, sql: insert, seconds: 1)
        let count = try await measure(pool: pool, orgID: orgID, sql: insert, seconds: seconds)
        await pool.shutdown()
        let rate = Double(count) / seconds
        print(String(format: "{\"transactions\": %d, \"seconds\": %.1f, \"tps\": %.1f, \"clients\": %d}", count, seconds, rate, clients))
    }

    private func measure(pool: PostgresPool, orgID: UUID, sql: String, seconds: Double) async throws -> Int {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        return try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<clients {
                group.addTask {
                    var done = 0
                    while ContinuousClock.now < deadline {
                        try await pool.withTenant(orgID) { session in
                            try await session.execute(sql, [orgID])
                        }
                        done += 1
                    }
                    return done
                }
            }
            return try await group.reduce(0, +)
        }
    }
}
