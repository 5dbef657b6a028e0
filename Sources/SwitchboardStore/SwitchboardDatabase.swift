import Foundation
import Logging
import PostgresClient

/// Opens the server's pool with the settings every repository relies on.
public enum SwitchboardDatabase {
    /// Base tables live in schema `switchboard`; every repository's SQL names them unqualified.
    public static let searchPath = ["switchboard", "public"]

    public static func pool(
        url: String,
        size: Int = 10,
        acquireTimeout: Duration = .seconds(10),
        applicationName: String = "switchboard",
        slowStatementThreshold: Duration? = .milliseconds(500),
        logger: Logger
    ) -> PostgresPool {
        PostgresPool(
            configuration: PostgresConfiguration(
                connectionString: url,
                poolSize: size,
                acquireTimeout: acquireTimeout,
                applicationName: applicationName,
                searchPath: searchPath,
                slowStatementThreshold: slowStatementThreshold
            ),
            logger: logger
        )
    }
}
