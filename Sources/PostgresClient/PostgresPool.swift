import Foundation
import Logging
import NIOPosix
import ServiceLifecycle

/// A bounded pool of libpq connections.
///
/// Blocking libpq calls run on a dedicated `NIOThreadPool` with one thread per connection, so
/// they never occupy an event loop or Swift's cooperative pool. A connection is leased to one
/// task at a time and checked before it goes back: one left inside a transaction is rolled
/// back, one that is broken is closed, so nothing (a tenant setting, an open transaction)
/// reaches the next borrower.
///
/// Run as a `Service` (in the server's `ServiceGroup`), the pool also looks after its idle
/// connections (`PostgresConfiguration.idleTimeout`, `.keepAliveInterval`) and closes on
/// graceful shutdown, after the services that use it have stopped.
public final class PostgresPool: Service, Sendable {
    public let configuration: PostgresConfiguration
    let threadPool: NIOThreadPool
    private let state: PoolState
    private let logger: Logger

    public init(configuration: PostgresConfiguration, logger: Logger = Logger(label: "postgres.pool")) {
        self.configuration = configuration
        self.logger = logger
        // One thread more than connections: a connection being opened also blocks a thread.
        self.threadPool = NIOThreadPool(numberOfThreads: configuration.poolSize + 1)
        self.threadPool.start()
        self.state = PoolState(capacity: configuration.poolSize)
    }

    /// Closes idle connections, fails waiting borrowers and stops the threads.
    public func shutdown() async {
        await state.close()
        try? await threadPool.shutdownGracefully()
    }

    /// Looks after idle connections until graceful shutdown, then closes the pool.
    public func run() async throws {
        let intervals = [configuration.idleTimeout, configuration.keepAliveInterval].compactMap { $0 }
        if let shortest = intervals.min() {
            // Half the shortest interval: a connection is seen at most half an interval late.
            let tick = max(shortest / 2, .milliseconds(10))
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: tick) }
                guard !Task.isCancelled && !Task.isShuttingDownGracefully else { break }
                await maintain()
            }
        } else {
            try? await gracefulShutdown()
        }
        await shutdown()
    }

    /// One round of upkeep as of `now`: closes connections idle past `idleTimeout`, and checks
    /// with `SELECT 1` those idle past `keepAliveInterval`, closing any that no longer answer.
    func maintain(now: ContinuousClock.Instant = .now) async {
        if let idleTimeout = configuration.idleTimeout {
            let expired = await state.takeIdle { $0.idleSince < now - idleTimeout }
            for _ in expired { await state.checkin(nil) }
            if !expired.isEmpty { logger.debug("closed idle PostgreSQL connections", metadata: ["count": "\(expired.count)"]) }
        }
        if let keepAliveInterval = configuration.keepAliveInterval {
            for connection in await state.takeIdle(where: { $0.lastCheckedAt < now - keepAliveInterval }) {
                let alive =
                    (try? await threadPool.runIfActive { () throws -> Bool in
                        _ = try connection.run("SELECT 1", parameters: [], types: [], prepare: false)
                        return connection.transactionState == .idle
                    }) ?? false
                if !alive { logger.notice("closed a PostgreSQL connection that stopped answering while idle") }
                connection.lastCheckedAt = now
                await state.checkin(alive ? connection : nil, afterUpkeep: true)
            }
        }
    }

    /// Open, idle and waiting counts and leases so far, for metrics and tests.
    public func statistics() async -> PoolStatistics {
        await state.statistics
    }

    /// Leases a connection for the duration of `body`.
    @discardableResult
    public func withConnection<Result>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresSession) async throws -> Result
    ) async throws -> Result {
        let connection = try await acquire()
        let session = PostgresSession(
            connection: connection,
            threadPool: threadPool,
            logger: logger,
            slowStatementThreshold: configuration.slowStatementThreshold
        )
        let result: Result
        do {
            result = try await body(session)
        } catch {
            await release(connection)
            throw error
        }
        await release(connection)
        return result
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    @discardableResult
    public func withTransaction<Result>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresSession) async throws -> Result
    ) async throws -> Result {
        try await withTransaction(settings: [], isolation: isolation, body)
    }

    /// Runs `body` in a transaction whose `settings` (name, value) are set with
    /// `set_config(name, value, true)` in the same round trip as BEGIN: transaction-local, so
    /// row-level security policies can read them and they end with the transaction. The client
    /// knows no setting of its own; the application names them (the Store's tenant scope).
    @discardableResult
    public func withTransaction<Result>(
        settings: [(String, String)],
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresSession) async throws -> Result
    ) async throws -> Result {
        try await withConnection(isolation: isolation) { session in
            try await session.begin(settings: settings)
            let result: Result
            do {
                result = try await body(session)
            } catch {
                // If ROLLBACK itself fails the connection is broken; release() discards it.
                try? await session.rollback()
                throw error
            }
            try await session.commit()
            return result
        }
    }

    private func acquire() async throws -> PostgresConnection {
        switch try await state.checkout(timeout: configuration.acquireTimeout) {
        case .ready(let connection):
            connection.statementsSinceLease = 0
            return connection
        case .open:
            let configuration = self.configuration
            do {
                let connection = try await threadPool.runIfActive {
                    try PostgresConnection.connect(configuration)
                }
                logger.debug("opened PostgreSQL connection", metadata: ["backend_pid": "\(connection.backendPID)"])
                return connection
            } catch {
                await state.checkin(nil)
                throw error
            }
        }
    }

    /// Returns a connection, cleaning it first; a connection that cannot be cleaned is closed.
    private func release(_ connection: PostgresConnection) async {
        connection.leaseCount += 1
        // Reading the transaction state does no I/O, so the common case (idle) needs no hop.
        var reusable = connection.transactionState == .idle && connection.isConnected
        if !reusable && connection.transactionState != .unknown {
            reusable =
                (try? await threadPool.runIfActive { () throws -> Bool in
                    _ = try connection.run("ROLLBACK", parameters: [], types: [])
                    return connection.transactionState == .idle
                }) ?? false
        }
        if !reusable {
            logger.notice("discarding PostgreSQL connection that could not be cleaned")
        }
        await state.checkin(reusable ? connection : nil)
    }
}

/// A snapshot of the pool's occupancy.
public struct PoolStatistics: Sendable, Equatable {
    public var open: Int
    public var idle: Int
    public var waiting: Int
    /// Connections leased since the pool started (one per `withConnection`, transaction or tenant
    /// scope): the number of database round-trip groups a piece of work cost.
    public var leases: Int
}
