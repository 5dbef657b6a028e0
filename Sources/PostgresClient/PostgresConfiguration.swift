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
    /// An idle connection unused this long is closed while the pool runs as a `Service` (the
    /// server's backends and a pooler's slots are not held for nothing); nil keeps them open.
    public var idleTimeout: Duration?
    /// An idle connection unused this long is checked with a round trip, so one that died (a
    /// restart, a failover, a firewall's idle cut) is replaced before a request needs it; nil never checks.
    public var keepAliveInterval: Duration?
    /// A statement that takes longer is logged as a warning with its duration and first line (never
    /// its parameters); nil logs none.
    public var slowStatementThreshold: Duration?

    public init(
        connectionString: String,
        poolSize: Int = 10,
        acquireTimeout: Duration = .seconds(10),
        applicationName: String = "switchboard",
        searchPath: [String] = [],
        idleTimeout: Duration? = .seconds(300),
        keepAliveInterval: Duration? = .seconds(60),
        slowStatementThreshold: Duration? = .milliseconds(500)
    ) {
        self.slowStatementThreshold = slowStatementThreshold
        self.idleTimeout = idleTimeout
        self.keepAliveInterval = keepAliveInterval
        self.connectionString = connectionString
        self.poolSize = max(1, poolSize)
        self.acquireTimeout = acquireTimeout
        self.applicationName = applicationName
        self.searchPath = searchPath
    }
}
