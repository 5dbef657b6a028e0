import PostgresClient
import SwitchboardDomain

/// Publishes ephemeral events (typing) through NOTIFY, like the stored changes.
public struct PostgresRealtimePublisher: RealtimePublisher {
    private let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    public func publish(_ event: RealtimeEvent) async throws {
        try await pool.withConnection { session in
            try await session.query("SELECT pg_notify($1, $2)", [RealtimeChannel.name, event.payload])
        }
    }
}

/// The LISTEN/NOTIFY channel every instance listens on.
public enum RealtimeChannel {
    public static let name = "switchboard_events"
}
