import Logging
import ServiceLifecycle
import SwitchboardAI
import SwitchboardDomain
import SwitchboardHTTP

/// Runs `work` every interval until shutdown; each failure is logged once, at error level with the
/// job's name, and the next round tries again.
public struct PeriodicService: Service {
    let name: String
    let interval: Duration
    let logger: Logger
    let work: @Sendable () async throws -> Void

    public init(name: String, every interval: Duration, logger: Logger, work: @escaping @Sendable () async throws -> Void) {
        self.name = name
        self.interval = interval
        self.logger = logger
        self.work = work
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await work()
            } catch {
                // Only the error's type: a database error's text may quote SQL or values.
                logger.error("periodic job failed", metadata: ["job": "\(name)", "error": "\(type(of: error))"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}

/// On shutdown, lets AI answers already being computed finish before the pool closes, then
/// closes the provider HTTP clients.
struct AnswerQueueDrain: Service {
    let answers: AnswerQueue
    let engines: OrganisationEngines

    func run() async throws {
        try? await gracefulShutdown()
        await answers.drain()
        await engines.shutdown()
    }
}

/// Flushes the recorder every few seconds and once more on shutdown.
public struct APIKeyUsageFlusher: Service {
    let recorder: APIKeyUsageRecorder
    let interval: Duration

    public init(recorder: APIKeyUsageRecorder, interval: Duration = .seconds(5)) {
        self.recorder = recorder
        self.interval = interval
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            await recorder.flush()
        }
        await recorder.flush()
    }
}
