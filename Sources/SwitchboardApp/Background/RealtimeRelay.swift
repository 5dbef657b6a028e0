import Foundation
import Logging
import PostgresClient
import ServiceLifecycle
import SwitchboardDomain
import SwitchboardHTTP
import SwitchboardStore

/// Feeds the hub from PostgreSQL LISTEN/NOTIFY, so several instances behave as one; after the
/// listener reconnects the hub backfills, since notifications sent meanwhile are lost. The same
/// connection hears settings changes and drops this instance's cached settings.
public struct RealtimeRelay: Service {
    let listener: PostgresListener
    let hub: RealtimeHub
    let settings: OrganisationSettingsCache?
    /// Told of every state change, so an answer running here stops when a person takes over anywhere.
    let answers: AnswerQueue?
    let logger: Logger

    public init(
        configuration: PostgresConfiguration,
        hub: RealtimeHub,
        settings: OrganisationSettingsCache? = nil,
        answers: AnswerQueue? = nil,
        logger: Logger
    ) {
        self.listener = PostgresListener(
            configuration: configuration,
            channels: [RealtimeChannel.name, OrganisationSettingsCache.channel],
            logger: logger
        )
        self.hub = hub
        self.settings = settings
        self.answers = answers
        self.logger = logger
    }

    public func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await listener.run() }
            group.addTask {
                for await event in listener.events {
                    switch event {
                    case .connected:
                        logger.info("realtime listener connected")
                    case .reconnected:
                        await settings?.invalidateAll()
                        await hub.listenerReconnected()
                    case .notification(OrganisationSettingsCache.channel, let payload):
                        if let orgID = UUID(uuidString: payload) { await settings?.invalidate(orgID: orgID) }
                    case .notification(_, let payload):
                        if let event = RealtimeEvent(payload: payload) {
                            await hub.receive(event)
                            if event.kind == .state, let answers {
                                // Reads the mode only when an answer for that conversation runs here.
                                await answers.conversationChanged(orgID: event.orgID, conversationID: event.conversationID)
                            }
                        } else if let notice = SignOutNotice(payload: payload) {
                            await hub.signOut(notice)
                        }
                    }
                }
            }
        }
    }
}

/// Keeps agents with an open console socket "online": a heartbeat for each, every minute.
public struct PresenceHeartbeat: Service {
    let hub: RealtimeHub
    let beat: @Sendable (UUID, [UUID]) async throws -> Void
    let interval: Duration
    let logger: Logger

    public init(
        hub: RealtimeHub,
        interval: Duration = .seconds(60),
        logger: Logger,
        beat: @escaping @Sendable (UUID, [UUID]) async throws -> Void
    ) {
        self.hub = hub
        self.interval = interval
        self.logger = logger
        self.beat = beat
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            for (orgID, agentIDs) in await hub.connectedAgents() {
                do {
                    try await beat(orgID, agentIDs)
                } catch {
                    // The next beat tries again; only the type, since a database error may quote values.
                    logger.warning("presence heartbeat failed", metadata: ["organisation": "\(orgID)", "error": "\(type(of: error))"])
                }
            }
            // Wakes at once on shutdown instead of finishing the interval.
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
