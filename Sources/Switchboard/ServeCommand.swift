import ArgumentParser
import Foundation
import Hummingbird
import Logging
import PostgresClient
import ServiceLifecycle
import SwitchboardApp
import SwitchboardDomain
import SwitchboardHTTP
import SwitchboardStore

/// `switchboard serve`: the HTTP server, until SIGTERM or SIGINT.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP server (widget, console, REST API) until SIGTERM/SIGINT."
    )

    @Option(help: "Address to listen on (env SWITCHBOARD_HOST, default 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on (env SWITCHBOARD_PORT, default 8080).")
    var port: Int?

    @Option(
        name: .customLong("public-url"),
        help: "The server's external URL, for the sign-in redirect URI (env SWITCHBOARD_PUBLIC_URL; default: the request's host)."
    )
    var publicURL: String?

    @Option(
        name: .customLong("metrics-port"),
        help: """
            Serve Prometheus metrics at /metrics on this port, apart from the public one \
            (env SWITCHBOARD_METRICS_PORT; default: no metrics listener).
            """
    )
    var metricsPort: Int?

    @Option(name: .customLong("metrics-host"), help: "Address of the metrics listener (env SWITCHBOARD_METRICS_HOST, default 127.0.0.1).")
    var metricsHost: String?

    @Flag(name: .customLong("dev-sign-in"), help: "Development sign-in without a provider, for the embedded demo database only (ops/demo).")
    var devSignIn = false

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var sql: SQLOptions
    @OptionGroup var secret: SecretOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = logging.bootstrap(label: "switchboard")
        let pool = database.makePool(logger: Logger(label: "switchboard.postgres"))

        // Refuse to serve with a role that row-level security would not hold back.
        let problems: [String]
        do {
            problems = try await RoleSafety.problems(using: pool)
        } catch {
            await pool.shutdown()
            logger.critical("cannot reach the database", metadata: ["error": "\(error)"])
            throw ExitCode.failure
        }
        guard problems.isEmpty else {
            await pool.shutdown()
            logger.critical(
                "refusing to start: the database role could bypass row-level security",
                metadata: ["problems": .array(problems.map { .string($0) })]
            )
            throw ExitCode(78)
        }

        // Development sign-in lets anyone sign in as any demo agent: only ever on the embedded demo.
        if devSignIn {
            let marked = (try? await EmbeddedDemoMarker.isPresent(using: pool)) ?? false
            guard marked else {
                await pool.shutdown()
                logger.critical(
                    """
                    refusing to start: --dev-sign-in is only for the embedded demo database that ops/demo runs \
                    (it carries switchboard.embedded_demo = on, set by a superuser); remove the flag
                    """
                )
                throw ExitCode(78)
            }
            logger.warning("development sign-in is ON: anyone reaching this server can sign in as a demo agent")
        }

        // Metrics first: the answer engines capture the metrics factory when the system is built.
        let metricsPort = self.metricsPort ?? environment("SWITCHBOARD_METRICS_PORT").flatMap(Int.init)
        let metrics = metricsPort.map { port in
            (registry: MetricsEndpoint.bootstrap(), host: metricsHost ?? environment("SWITCHBOARD_METRICS_HOST") ?? "127.0.0.1", port: port)
        }

        var secretValue = secret.value ?? ""
        if secretValue.count < 32 {
            secretValue = (0..<4).map { _ in UUID().uuidString }.joined()
            logger.warning(
                """
                SWITCHBOARD_SECRET is missing or shorter than 32 characters: using a random one; \
                customer and agent tokens end with this process and are not shared with other instances
                """
            )

        }
        let system = LiveSystem(
            pool: pool,
            secret: secretValue,
            sqlDirectory: sql.url,
            limits: try Self.widgetRateLimits(),
            devSignInEnabled: devSignIn,
            publicURL: publicURL ?? environment("SWITCHBOARD_PUBLIC_URL"),
            answerLimits: Self.answerLimits(),
            logger: logger
        )
        let server = ServerConfiguration(
            host: host ?? environment("SWITCHBOARD_HOST") ?? "127.0.0.1",
            port: port ?? environment("SWITCHBOARD_PORT").flatMap(Int.init) ?? 8080,
            connections: Self.connectionLimits()
        )
        var dependencies = system.dependencies
        dependencies.customerTokens = Self.customerTokenPolicy()
        dependencies.trustedProxies = try TrustedProxies(parsing: environment("SWITCHBOARD_TRUSTED_PROXIES") ?? "")
        let app = buildApplication(configuration: server, dependencies: dependencies, logger: logger)

        // Services stop in reverse order: the HTTP server drains first, then the background
        // services (AI answers in flight finish), then the pool closes.
        var background = system.backgroundServices(listenerConfiguration: pool.configuration, logger: logger)
        if let metrics {
            background.append(MetricsEndpoint.application(registry: metrics.registry, host: metrics.host, port: metrics.port, logger: logger))
            logger.info("metrics at /metrics", metadata: ["host": "\(metrics.host)", "port": "\(metrics.port)"])
        }
        let group = ServiceGroup(
            configuration: .init(
                services: [pool] + background + [app],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        logger.info("starting", metadata: ["host": "\(server.host)", "port": "\(server.port)"])
        try await group.run()
        logger.info("stopped")
    }
}

extension ServeCommand {
    /// `SWITCHBOARD_REQUEST_HEAD_TIMEOUT`, `…_BODY_TIMEOUT`, `…_KEEPALIVE_TIMEOUT` (seconds) and
    /// `SWITCHBOARD_MAX_IDLE_CONNECTIONS_PER_ADDRESS`; defaults from `ConnectionLimits`.
    static func connectionLimits() -> ConnectionLimits {
        var limits = ConnectionLimits()
        func seconds(_ name: String) -> Duration? {
            guard let value = environment(name).flatMap(Double.init), value > 0 else { return nil }
            return .milliseconds(Int64(value * 1000))
        }
        if let value = seconds("SWITCHBOARD_REQUEST_HEAD_TIMEOUT") { limits.headTimeout = value }
        if let value = seconds("SWITCHBOARD_REQUEST_BODY_TIMEOUT") { limits.bodyTimeout = value }
        if let value = seconds("SWITCHBOARD_KEEPALIVE_TIMEOUT") { limits.keepAliveTimeout = value }
        if let value = environment("SWITCHBOARD_MAX_IDLE_CONNECTIONS_PER_ADDRESS").flatMap(Int.init), value > 0 {
            limits.maxIdlePerAddress = value
        }
        return limits
    }

    /// `SWITCHBOARD_RATE_STARTS_PER_VISITOR`, `…_STARTS_PER_ADDRESS`, `…_STARTS_PER_WIDGET_KEY`,
    /// `…_MESSAGES_PER_CONVERSATION` and `…_MESSAGES_PER_ADDRESS`: "per minute" or "per minute:burst".
    static func widgetRateLimits() throws -> WidgetRateLimits {
        var configuration = WidgetRateLimits.Configuration()
        // The `…_PER_IP` names of earlier releases still work.
        func read(_ name: String, into limit: inout RateLimit, formerly: String? = nil) throws {
            guard let text = environment(name) ?? formerly.flatMap(environment) else { return }
            guard let value = RateLimit(text) else {
                throw ValidationError("\(name)=\(text): write a rate per minute, optionally with a burst, as 120 or 120:30")
            }
            limit = value
        }
        try read("SWITCHBOARD_RATE_STARTS_PER_VISITOR", into: &configuration.startsPerVisitor)
        try read("SWITCHBOARD_RATE_STARTS_PER_ADDRESS", into: &configuration.startsPerAddress, formerly: "SWITCHBOARD_RATE_STARTS_PER_IP")
        try read("SWITCHBOARD_RATE_STARTS_PER_WIDGET_KEY", into: &configuration.startsPerWidgetKey)
        try read("SWITCHBOARD_RATE_MESSAGES_PER_CONVERSATION", into: &configuration.messagesPerConversation)
        try read("SWITCHBOARD_RATE_MESSAGES_PER_ADDRESS", into: &configuration.messagesPerAddress, formerly: "SWITCHBOARD_RATE_MESSAGES_PER_IP")
        return WidgetRateLimits(configuration)
    }

    /// `SWITCHBOARD_ANSWERS_PER_INSTANCE`, `…_PER_ORGANISATION` and `…_WAITING`.
    static func answerLimits() -> AnswerLimits {
        let defaults = AnswerLimits()
        return AnswerLimits(
            perInstance: environment("SWITCHBOARD_ANSWERS_PER_INSTANCE").flatMap(Int.init) ?? defaults.perInstance,
            perOrganisation: environment("SWITCHBOARD_ANSWERS_PER_ORGANISATION").flatMap(Int.init) ?? defaults.perOrganisation,
            waiting: environment("SWITCHBOARD_ANSWERS_WAITING").flatMap(Int.init) ?? defaults.waiting
        )
    }

    /// `SWITCHBOARD_CUSTOMER_TOKEN_HOURS` and `SWITCHBOARD_CLOSED_CHAT_READABLE_DAYS`.
    static func customerTokenPolicy() -> CustomerTokenPolicy {
        var policy = CustomerTokenPolicy()
        if let hours = environment("SWITCHBOARD_CUSTOMER_TOKEN_HOURS").flatMap(Double.init), hours > 0 {
            policy.lifetime = .milliseconds(Int64(hours * 3_600_000))
        }
        if let days = environment("SWITCHBOARD_CLOSED_CHAT_READABLE_DAYS").flatMap(Double.init), days >= 0 {
            policy.readableAfterClose = .milliseconds(Int64(days * 86_400_000))
        }
        return policy
    }
}
