import Foundation
import Logging
import ServiceLifecycle
import SwitchboardDomain
import SwitchboardHTTP

/// Reports the customers whose widget socket this instance holds, so any instance can tell
/// whether a customer has left (their presence goes stale when this instance stops).
public struct CustomerPresenceHeartbeat: Service {
    let hub: RealtimeHub
    let presence: any CustomerPresenceRepository
    let interval: Duration
    let logger: Logger

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            for (orgID, conversationIDs) in await hub.connectedCustomers() {
                do {
                    try await presence.seen(orgID: orgID, conversationIDs: conversationIDs)
                } catch {
                    logger.warning("customer presence heartbeat failed", metadata: ["organisation": "\(orgID)", "error": "\(type(of: error))"])
                }
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
