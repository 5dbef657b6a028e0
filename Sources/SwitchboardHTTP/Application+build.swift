import Hummingbird
import Logging
import SwitchboardDomain
import SwitchboardStore

/// Where and how the HTTP server listens.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int

    public init(host: String = "127.0.0.1", port: Int = 8080) {
        self.host = host
        self.port = port
    }
}

/// Everything the controllers need, built by the composition root (or by a test).
public struct AppDependencies: Sendable {
    public var organisations: any OrganisationRepository
    public var readiness: @Sendable () async -> ReadinessReport

    public init(organisations: any OrganisationRepository, readiness: @escaping @Sendable () async -> ReadinessReport) {
        self.organisations = organisations
        self.readiness = readiness
    }
}

/// Builds the router for the given dependencies; `serve` and the tests both use it.
public func buildRouter(dependencies: AppDependencies) -> Router<SwitchboardRequestContext> {
    let router = Router(context: SwitchboardRequestContext.self)
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: ErrorMiddleware())
    HealthController(readiness: dependencies.readiness).addRoutes(to: router)
    return router
}

/// Builds the whole application; `serve` runs it under a ServiceGroup, tests run it in-process.
public func buildApplication(
    configuration: ServerConfiguration,
    dependencies: AppDependencies,
    logger: Logger
) -> some ApplicationProtocol {
    Application(
        router: buildRouter(dependencies: dependencies),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Switchboard"),
        logger: logger)
}
