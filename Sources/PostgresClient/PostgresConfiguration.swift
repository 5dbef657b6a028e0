/// How to reach PostgreSQL and how large the pool may grow.
public struct PostgresConfiguration: Sendable {
    /// A `postgres://` URL or a `key=value` conninfo string; empty means libpq's PG* variables alone.
    public var connectionString: String
    /// Most connections open at once.
    public var poolSize: Int
    /// How long `withConnection` waits for a free connection before failing with `.poolTimeout`.
    public var acquireTimeout: Duration
    /// Used when the connection string does not name an application.
    public var applicationName: String
    /// Schemas to search, set once per connection; empty keeps the server default.
    public var searchPath: [String]

    public init(
        connectionString: String,
        poolSize: Int = 10,
        acquireTimeout: Duration = .seconds(10),
        applicationName: String = "switchboard",
        searchPath: [String] = []
    ) {
        self.connectionString = connectionString
        self.poolSize = max(1, poolSize)
        self.acquireTimeout = acquireTimeout
        self.applicationName = applicationName
        self.searchPath = searchPath
    }
}
