import PostgresClient

/// Whether this database is the embedded demo cluster that `ops/demo` runs: only there may
/// development sign-in be switched on (see `switchboard.database_is_embedded_demo()`).
public enum EmbeddedDemoMarker {
    public static func isPresent(using pool: PostgresPool) async throws -> Bool {
        try await pool.withConnection { session in
            try await session.query("SELECT database_is_embedded_demo() AS marked").singleRow()?
                .decode("marked", as: Bool.self) ?? false
        }
    }
}
