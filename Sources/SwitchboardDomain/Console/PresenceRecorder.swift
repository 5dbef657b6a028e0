import Foundation

/// Records that an agent's console is open (the heartbeat every 2 minutes).
public protocol PresenceRecorder: Sendable {
    func heartbeat(orgID: UUID, agentIDs: [UUID]) async throws
}
