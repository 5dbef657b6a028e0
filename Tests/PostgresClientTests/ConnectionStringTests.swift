import Foundation
import PostgresClient
import TestSupport
import Testing

/// A configuration connects from a `postgres://` URL or a `key=value` conninfo string, and an
/// unreachable server fails fast with `.connectionLost`.
@Suite struct ConnectionStringTests {
    /// The admin URL rewritten as `host=... port=... user=... dbname=...`.
    private func conninfo(from url: String) throws -> String {
        let components = try #require(URLComponents(string: url))
        let host = try #require(components.host)
        let port = components.port ?? 5432
        let user = try #require(components.user)
        let database = String(components.path.dropFirst())
        return "host=\(host) port=\(port) user=\(user) dbname=\(database) connect_timeout=5"
    }

    private func whoAmI(_ connectionString: String) async throws -> (user: String, database: String) {
        let row = try await TestDatabase.withPool(connectionString, size: 1) { pool in
            try await pool.withConnection { session in
                try #require(
                    try await session.query(
                        "SELECT current_user::text AS login, current_database()::text AS database"
                    ).singleRow()
                )
            }
        }
        return (try row.decode("login", as: String.self), try row.decode("database", as: String.self))
    }

    @Test func postgresURLConnects() async throws {
        let urls = try await ClientTestDatabase.urls()
        let (user, database) = try await whoAmI(urls.app)
        #expect(user == "switchboard_app")
        #expect(database == urls.name)
    }

    @Test func keyValueConninfoConnects() async throws {
        let urls = try await ClientTestDatabase.urls()
        let (user, database) = try await whoAmI(try conninfo(from: urls.owner))
        #expect(user == "switchboard_owner")
        #expect(database == urls.name)
    }

    @Test func refusedPortFailsQuicklyWithConnectionLost() async throws {
        try await expectFastConnectionFailure("host=127.0.0.1 port=1 user=nobody dbname=nothing connect_timeout=2")
    }

    @Test func unreachableHostFailsWithinTheConnectTimeout() async throws {
        // 192.0.2.1 is TEST-NET-1: never routed, so only connect_timeout ends the attempt.
        try await expectFastConnectionFailure("postgres://nobody@192.0.2.1:5432/nothing?connect_timeout=2")
    }

    @Test func failedConnectionDescriptionLeaksNoPassword() async throws {
        let error = try await expectFastConnectionFailure(
            "host=127.0.0.1 port=1 user=nobody password=hunter2-secret dbname=nothing connect_timeout=2"
        )
        #expect(!error.description.contains("hunter2-secret"))
        #expect(!error.description.contains("password"))
    }

    @discardableResult
    private func expectFastConnectionFailure(_ connectionString: String) async throws -> PostgresError {
        let pool = PostgresPool(
            configuration: PostgresConfiguration(connectionString: connectionString, poolSize: 1),
            logger: TestDatabase.quietLogger
        )
        let clock = ContinuousClock()
        let started = clock.now
        let error = try #require(await #expect(throws: PostgresError.self) { try await pool.withConnection { _ in } })
        let took = clock.now - started
        #expect(error.kind == .connectionLost)
        #expect(took < .seconds(10), "connecting took \(took) with connect_timeout=2")
        await pool.shutdown()
        return error
    }

    @Test func sessionsRunInUTCWithTheConfiguredSearchPathAndApplicationName() async throws {
        let urls = try await ClientTestDatabase.urls()
        let applicationName = "client-tests-\(UUID().uuidString.prefix(8).lowercased())"
        let pool = PostgresPool(
            configuration: PostgresConfiguration(
                connectionString: urls.app,
                poolSize: 1,
                applicationName: applicationName,
                searchPath: ["switchboard", "public"]
            ),
            logger: TestDatabase.quietLogger
        )
        let row = try await pool.withConnection { session in
            try #require(
                try await session.query(
                    """
                    SELECT current_setting('TimeZone') AS zone, current_setting('search_path') AS search_path,
                           current_setting('application_name') AS application, current_setting('DateStyle') AS date_style
                    """
                ).singleRow()
            )
        }
        #expect(try row.decode("zone", as: String.self) == "UTC")
        #expect(try row.decode("search_path", as: String.self) == "switchboard, public")
        #expect(try row.decode("application", as: String.self) == applicationName)
        #expect(try row.decode("date_style", as: String.self) == "ISO, MDY")
        await pool.shutdown()
    }

    @Test func applicationNameInTheConnectionStringWins() async throws {
        let urls = try await ClientTestDatabase.urls()
        let pool = PostgresPool(
            configuration: PostgresConfiguration(
                connectionString: urls.app + "?application_name=named-in-url",
                poolSize: 1,
                applicationName: "configured"
            ),
            logger: TestDatabase.quietLogger
        )
        let name = try await pool.withConnection { session in
            try await session.query("SELECT current_setting('application_name') AS name").singleRow()?
                .decode("name", as: String.self)
        }
        #expect(name == "named-in-url")
        await pool.shutdown()
    }
}
