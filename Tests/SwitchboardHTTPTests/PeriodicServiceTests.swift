import Foundation
import Logging
import Synchronization
import TestSupport
import Testing

@testable import SwitchboardApp
@testable import SwitchboardHTTP

/// A periodic job that fails is logged once per failure, without its error text, and the service keeps going.
@Suite struct PeriodicServiceTests {
    /// An error whose text quotes SQL and a secret, as a database error might.
    struct LeakyError: Error, CustomStringConvertible {
        var description: String { "SELECT token FROM app.web_sessions WHERE secret = 'sk-SECRET-42'" }
    }

    /// Counts the rounds the job has run.
    final class Rounds: Sendable {
        private let count = Atomic<Int>(0)
        var value: Int { count.load(ordering: .relaxed) }
        func next() -> Int { count.add(1, ordering: .relaxed).newValue }
    }

    @Test func aFailingJobIsLoggedOnceEachTimeAndTheServiceKeepsTicking() async throws {
        let logs = LogCapture()
        let rounds = Rounds()
        let service = PeriodicService(name: "purge test rows", every: .milliseconds(5), logger: logs.logger()) {
            let round = rounds.next()
            if round <= 2 { throw LeakyError() }
        }

        let running = Task { try await service.run() }
        let deadline = ContinuousClock.now + .seconds(10)
        while rounds.value < 5 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        running.cancel()
        try await running.value

        #expect(rounds.value >= 5, "the service stopped ticking after a failure")
        let errors = logs.all.filter { $0.level == .error }
        #expect(errors.count == 2)
        for record in errors {
            #expect(record.metadata["job"] == "purge test rows")
            let rendered = "\(record.message) \(record.metadata)"
            #expect(!rendered.contains("SELECT"))
            #expect(!rendered.contains("sk-SECRET-42"))
        }
    }
}
