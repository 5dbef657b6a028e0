import Foundation
import PostgresClient
import TestSupport
import Testing

/// The listener reports `.connected`, delivers notifications, survives a terminated backend
/// with `.reconnected`, and ends when stopped.
@Suite struct ListenerTests {
    /// A running listener whose events are collected as they arrive.
    private final class RunningListener: Sendable {
        let listener: PostgresListener
        let applicationName: String
        let channel: String
        let log = EventLog()
        private let runner: Task<Void, Never>
        private let reader: Task<Void, Never>

        init(url: String) {
            let suffix = UUID().uuidString.prefix(8).lowercased()
            applicationName = "listener-test-\(suffix)"
            channel = "client_tests_\(suffix)"
            listener = PostgresListener(
                configuration: PostgresConfiguration(connectionString: url, applicationName: applicationName),
                channels: [channel],
                logger: TestDatabase.quietLogger
            )
            let listener = self.listener
            let log = self.log
            runner = Task {
                await listener.run()
                await log.markFinished()
            }
            reader = Task {
                for await event in listener.events { await log.append(event) }
            }
        }

        /// Stops the listener and reports whether `run()` returned within 10 s.
        func stop() async -> Bool {
            listener.stop()
            let returned = await eventually { await log.finished }
            runner.cancel()
            return returned
        }
    }

    actor EventLog {
        private(set) var events: [PostgresListener.Event] = []
        private(set) var finished = false

        func append(_ event: PostgresListener.Event) { events.append(event) }
        func markFinished() { finished = true }

        func index(of event: PostgresListener.Event) -> Int? { events.firstIndex(of: event) }
    }

    private func notify(_ channel: String, _ payload: String, pool: PostgresPool) async throws {
        try await pool.withConnection { session in
            try await session.query("SELECT pg_notify($1, $2)::text AS sent", [channel, payload])
        }
    }

    /// Waits (up to 15 s) for `event` to be logged and returns its position in the log.
    private func expectEvent(_ event: PostgresListener.Event, in running: RunningListener) async throws -> Int {
        let arrived = await eventually(within: .seconds(15)) { await running.log.index(of: event) != nil }
        let events = await running.log.events
        #expect(arrived, "\(event) did not arrive; got \(events)")
        return try #require(await running.log.index(of: event))
    }

    @Test func firstEventIsConnectedThenNotificationsArrive() async throws {
        let urls = try await ClientTestDatabase.urls()
        let running = RunningListener(url: urls.admin)
        try await TestDatabase.withPool(urls.admin, size: 1) { pool in
            #expect(try await expectEvent(.connected, in: running) == 0)
            try await notify(running.channel, "payload with 'quotes' and ünïcode", pool: pool)
            try await notify("client_tests_someone_else", "not for us", pool: pool)
            try await notify(running.channel, "second", pool: pool)
            let first = try await expectEvent(
                .notification(channel: running.channel, payload: "payload with 'quotes' and ünïcode"),
                in: running
            )
            let second = try await expectEvent(.notification(channel: running.channel, payload: "second"), in: running)
            #expect(first < second)
            let events = await running.log.events
            #expect(events.count == 3, "\(events)")
        }
        #expect(await running.stop())
    }

    @Test func terminatedBackendIsFollowedByReconnectedAndNewNotifications() async throws {
        let urls = try await ClientTestDatabase.urls()
        let running = RunningListener(url: urls.admin)
        try await TestDatabase.withPool(urls.admin, size: 1) { pool in
            _ = try await expectEvent(.connected, in: running)
            try await notify(running.channel, "before", pool: pool)
            _ = try await expectEvent(.notification(channel: running.channel, payload: "before"), in: running)

            let pids = try await pool.withConnection { session in
                try await session.query(
                    "SELECT pid FROM pg_stat_activity WHERE application_name = $1",
                    [running.applicationName]
                )
                .map { try $0.decode("pid", as: Int32.self) }
            }
            let pid = try #require(pids.count == 1 ? pids.first : nil, "listener backends: \(pids)")
            try await terminateBackend(pid, adminURL: urls.admin)

            let reconnected = try await expectEvent(.reconnected, in: running)
            try await notify(running.channel, "after", pool: pool)
            let after = try await expectEvent(.notification(channel: running.channel, payload: "after"), in: running)
            #expect(reconnected < after)
            #expect(await running.log.events.filter { $0 == .connected }.count == 1)

            let newPIDs = try await pool.withConnection { session in
                try await session.query(
                    "SELECT pid FROM pg_stat_activity WHERE application_name = $1",
                    [running.applicationName]
                )
                .map { try $0.decode("pid", as: Int32.self) }
            }
            #expect(newPIDs.count == 1 && !newPIDs.contains(pid))
        }
        #expect(await running.stop())
    }

    @Test func stopMakesRunReturnAndEndsTheEvents() async throws {
        let urls = try await ClientTestDatabase.urls()
        let running = RunningListener(url: urls.admin)
        _ = try await expectEvent(.connected, in: running)
        #expect(await running.stop(), "run() did not return after stop()")
        // Its connection is closed too.
        try await TestDatabase.withPool(urls.admin, size: 1) { pool in
            let gone = await eventually {
                let rows = try? await pool.withConnection { session in
                    try await session.query(
                        "SELECT pid FROM pg_stat_activity WHERE application_name = $1",
                        [running.applicationName]
                    )
                }
                return rows?.isEmpty == true
            }
            #expect(gone)
        }
    }

    @Test func unreachableServerEmitsNothingAndTheListenerStillStops() async throws {
        // Nothing listens on port 1: the listener must not emit anything, and must still stop.
        let running = RunningListener(url: "host=127.0.0.1 port=1 dbname=nothing connect_timeout=2")
        try await Task.sleep(for: .milliseconds(500))
        #expect(await running.log.events.isEmpty)
        #expect(await running.stop())
    }
}
