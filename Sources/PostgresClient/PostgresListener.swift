import CLibPQ
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Receives LISTEN/NOTIFY notifications on a connection of its own, on a dedicated thread.
///
/// When the connection drops (server restart, terminated backend, network), it reconnects with
/// backoff, listens again and emits `.reconnected`: notifications sent while it was away are
/// lost, so consumers backfill from the database when they see it.
public final class PostgresListener: Service, Sendable {
    /// What the listener reports, in order.
    public enum Event: Sendable, Equatable {
        /// Listening for the first time.
        case connected
        /// Listening again after the connection was lost; notifications may have been missed.
        case reconnected
        case notification(channel: String, payload: String)
    }

    /// A single-consumer stream of events; it finishes when `run()` returns.
    public let events: AsyncStream<Event>
    private let continuation: AsyncStream<Event>.Continuation
    private let configuration: PostgresConfiguration
    private let channels: [String]
    private let stopped = Mutex(false)
    private let logger: Logger

    public init(configuration: PostgresConfiguration, channels: [String], logger: Logger = Logger(label: "postgres.listener")) {
        (events, continuation) = AsyncStream.makeStream(of: Event.self, bufferingPolicy: .bufferingNewest(100_000))
        self.configuration = configuration
        self.channels = channels
        self.logger = logger
    }

    /// Listens until graceful shutdown or cancellation.
    public func run() async {
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                    let thread = Thread { [self] in
                        listenLoop()
                        done.resume()
                    }
                    thread.name = "postgres-listener"
                    thread.start()
                }
            } onGracefulShutdown: {
                self.stop()
            }
        } onCancel: {
            self.stop()
        }
        continuation.finish()
    }

    /// Asks the loop to end; `run()` returns once it has.
    public func stop() {
        stopped.withLock { $0 = true }
    }

    private var isStopped: Bool { stopped.withLock { $0 } }

    private func listenLoop() {
        var handle: OpaquePointer?
        var hasConnected = false
        var backoff = 0.05
        defer { if let handle { PQfinish(handle) } }

        while !isStopped {
            guard let connection = handle else {
                do {
                    let fresh = try PostgresConnection.openHandle(configuration)
                    handle = fresh
                    try listen(on: fresh)
                    continuation.yield(hasConnected ? .reconnected : .connected)
                    if hasConnected { logger.notice("listener reconnected; consumers will backfill") }
                    hasConnected = true
                    backoff = 0.05
                    drainNotifications(fresh)
                } catch {
                    if let broken = handle { PQfinish(broken) }
                    handle = nil
                    logger.warning("listener cannot connect; retrying", metadata: ["error": "\(error)", "retry_in_s": "\(backoff)"])
                    sleepUnlessStopped(seconds: backoff)
                    backoff = min(backoff * 2, 2)
                }
                continue
            }
            var descriptor = pollfd(fd: PQsocket(connection), events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, 200)
            if ready > 0 {
                if PQconsumeInput(connection) == 0 || PQstatus(connection) != CONNECTION_OK {
                    logger.warning("listener connection lost")
                    PQfinish(connection)
                    handle = nil
                    continue
                }
                drainNotifications(connection)
            } else if ready < 0 && errno != EINTR {
                PQfinish(connection)
                handle = nil
            }
        }
    }

    private func listen(on connection: OpaquePointer) throws {
        for channel in channels {
            guard let quoted = PQescapeIdentifier(connection, channel, channel.utf8.count) else {
                throw PostgresError(kind: .encoding)
            }
            let statement = "LISTEN " + String(cString: quoted)
            PQfreemem(quoted)
            guard let result = PQexec(connection, statement) else { throw PostgresError(kind: .connectionLost) }
            let status = PQresultStatus(result)
            PQclear(result)
            guard status == PGRES_COMMAND_OK else { throw PostgresError(kind: .connectionLost) }
        }
    }

    private func drainNotifications(_ connection: OpaquePointer) {
        while let notification = PQnotifies(connection) {
            let channel = String(cString: notification.pointee.relname)
            let payload = String(cString: notification.pointee.extra)
            PQfreemem(notification)
            continuation.yield(.notification(channel: channel, payload: payload))
        }
    }

    private func sleepUnlessStopped(seconds: Double) {
        var remaining = seconds
        while remaining > 0 && !isStopped {
            let step = min(remaining, 0.05)
            Thread.sleep(forTimeInterval: step)
            remaining -= step
        }
    }
}
