import Foundation

/// Sends ephemeral realtime events (typing) that are not stored.
public protocol RealtimePublisher: Sendable {
    func publish(_ event: RealtimeEvent) async throws
}
