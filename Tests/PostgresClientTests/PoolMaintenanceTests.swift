import Foundation
import Logging
import ServiceLifecycle
import TestSupport
import Testing

@testable import PostgresClient

/// The pool as a `Service`: idle connections are closed after the idle timeout, checked after the
/// keep-alive interval (a dead one is replaced before anyone leases it), and the pool closes on
/// graceful shutdown.
@Suite struct PoolMaintenanceTests {
    /// A pool of `size` whose backends carry a name of their own, so the server can be asked about them.
    private func pool(_ url: String, size: Int, idleTimeout: Duration?, keepAlive: Duration?) -> (PostgresPool, String) {
        let name = "pool-upkeep-\(UUID().uuidString.prefix(8).lowercased())"
        let configuration = PostgresConfiguration(
            connectionString: url,
            poolSize: size,
            applicationName: name,
            idleTimeout: idleTimeout,
            keepAliveInterval: keepAlive
        )
        return (PostgresPool(configuration: configuration), name)
    }

    /// The server's backends of `application`, seen from another connection.
    private func backends(_ application: String, adminURL: String) async throws -> [Int32] {
        try await TestDatabase.withPool(adminURL, size: 1) { admin in
            try await admin.withConnection { session in
                try await session.query("SELECT pid FROM pg_stat_activity WHERE application_name = $1", [application])
                    .map { try $0.decode("pid", as: Int32.self) }
            }
        }
    }

    /// Leases `count` connections at once, so the pool opens that many.
    private func open(_ count: Int, in pool: PostgresPool) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<count {
                group.addTask {
                    try await pool.withConnection { session in
                        _ = try await session.query("SELECT pg_sleep(0.2)::text AS slept")
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    @Test func connectionsIdlePastTheTimeoutAreClosedAndTheServerLetsThemGo() async throws {
        let urls = try await ClientTestDatabase.urls()
        let (pool, name) = pool(urls.admin, size: 3, idleTimeout: .seconds(300), keepAlive: nil)
        try await open(3, in: pool)
        #expect(await pool.statistics().open == 3)
        #expect(try await backends(name, adminURL: urls.admin).count == 3)

        await pool.maintain(now: .now + .seconds(60))
        #expect(await pool.statistics().open == 3, "closed connections before their idle timeout")

        await pool.maintain(now: .now + .seconds(301))
        #expect(await pool.statistics() == PoolStatistics(open: 0, idle: 0, waiting: 0, leases: 3))
        #expect(await eventually { (try? await backends(name, adminURL: urls.admin).isEmpty) == true })
        // The pool opens anew when asked.
        #expect(try await pool.withConnection { try await currentBackendPID($0) } > 0)
        await pool.shutdown()
    }

    @Test func aConnectionThatDiedWhileIdleIsReplacedBeforeAnyoneLeasesIt() async throws {
        let urls = try await ClientTestDatabase.urls()
        let (pool, name) = pool(urls.admin, size: 1, idleTimeout: nil, keepAlive: .seconds(60))
        let killed = try await pool.withConnection { try await currentBackendPID($0) }
        try await terminateBackend(killed, adminURL: urls.admin)
        #expect(try await backends(name, adminURL: urls.admin).isEmpty)

        await pool.maintain(now: .now + .seconds(61))
        let statistics = await pool.statistics()
        let server = try await backends(name, adminURL: urls.admin)
        // Either reopened in place (one new backend) or closed (none): never the dead one kept.
        #expect(!server.contains(killed))
        #expect(server.count == statistics.open)
        #expect(statistics.leases == 1, "upkeep is not a lease")
        #expect(try await pool.withConnection { try await currentBackendPID($0) } != killed)
        await pool.shutdown()
    }

    @Test func runningAsAServiceItClosesIdleConnectionsAndClosesOnShutdown() async throws {
        let urls = try await ClientTestDatabase.urls()
        let (pool, name) = pool(urls.admin, size: 2, idleTimeout: .milliseconds(200), keepAlive: .milliseconds(100))
        let group = ServiceGroup(
            configuration: .init(services: [pool], gracefulShutdownSignals: [], logger: Logger(label: "pool-upkeep-test"))
        )
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await open(2, in: pool)
            #expect(await eventually { await pool.statistics().open == 0 }, "idle connections were never closed")
            #expect(await eventually { (try? await backends(name, adminURL: urls.admin).isEmpty) == true })
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        let error = await #expect(throws: PostgresError.self) { try await pool.withConnection { _ in } }
        #expect(error?.kind == .poolClosed)
    }
}
