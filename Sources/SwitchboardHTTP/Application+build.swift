import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import SwitchboardDomain

/// Where and how the HTTP server listens.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Request timeouts and idle connections per address.
    public var connections: ConnectionLimits

    public init(host: String = "127.0.0.1", port: Int = 8080, connections: ConnectionLimits = .init()) {
        self.host = host
        self.port = port
        self.connections = connections
    }
}

/// Everything the controllers need, built by the composition root (or by a test).
public struct AppDependencies: Sendable {
    public var organisations: any OrganisationRepository
    public var conversations: any ConversationRepository
    public var agents: any AgentDirectory
    public var realtime: any RealtimePublisher
    public var conversationService: ConversationService
    public var handoff: HandoffService
    public var hub: RealtimeHub
    public var signer: TokenSigner
    public var limits: WidgetRateLimits
    /// How long customer tokens last (`SWITCHBOARD_CUSTOMER_TOKEN_HOURS`, `…_CLOSED_CHAT_READABLE_DAYS`).
    public var customerTokens = CustomerTokenPolicy()
    /// Reverse proxies whose `X-Forwarded-For` names the client (`SWITCHBOARD_TRUSTED_PROXIES`).
    public var trustedProxies = TrustedProxies()
    /// Console sign-in: accounts, sessions, single sign-on, development sign-in.
    public var signIn: ConsoleSignIn
    public var readiness: @Sendable () async -> ReadinessReport
    /// Marks an agent online when their console socket opens.
    public var agentConnected: @Sendable (SignedInAgent) async -> Void
    /// Where customers are: written when their widget socket opens and closes, and when it polls.
    public var customerPresence: any CustomerPresenceRepository
    /// Review flags, queues, settings, test plan, playbook and admin endpoints of the console.
    public var console: ConsoleServices
    /// API keys, their rate limit and usage audit, for /api/v1 and the console's admin page.
    public var api: APIServices
    /// Webhook subscriptions on the console's admin page.
    public var webhooks: WebhookService
    /// The demo organisation `/demo.html` and development sign-in show, when the database has one.
    public var demoOrganisationSlug: String?

    public init(
        organisations: any OrganisationRepository,
        conversations: any ConversationRepository,
        agents: any AgentDirectory,
        realtime: any RealtimePublisher,
        conversationService: ConversationService,
        handoff: HandoffService,
        hub: RealtimeHub,
        signer: TokenSigner,
        limits: WidgetRateLimits,
        signIn: ConsoleSignIn,
        readiness: @escaping @Sendable () async -> ReadinessReport,
        agentConnected: @escaping @Sendable (SignedInAgent) async -> Void,
        customerPresence: any CustomerPresenceRepository,
        console: ConsoleServices,
        api: APIServices,
        webhooks: WebhookService,
        demoOrganisationSlug: String? = nil
    ) {
        self.demoOrganisationSlug = demoOrganisationSlug
        self.organisations = organisations
        self.conversations = conversations
        self.agents = agents
        self.realtime = realtime
        self.conversationService = conversationService
        self.handoff = handoff
        self.hub = hub
        self.signer = signer
        self.limits = limits
        self.signIn = signIn
        self.readiness = readiness
        self.agentConnected = agentConnected
        self.customerPresence = customerPresence
        self.console = console
        self.api = api
        self.webhooks = webhooks
    }
}

/// Builds the router for the given dependencies; `serve` and the tests both use it.
public func buildRouter(dependencies: AppDependencies) -> Router<SwitchboardRequestContext> {
    let router = Router(context: SwitchboardRequestContext.self)
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: ClientAddressMiddleware(trusted: dependencies.trustedProxies))
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: StorableTextMiddleware())
    router.add(middleware: WidgetPreflightMiddleware())
    router.add(
        middleware: AgentAuthenticationMiddleware(
            signer: dependencies.signer,
            agents: dependencies.agents,
            sessions: dependencies.signIn.sessions,
            policy: dependencies.signIn.policy
        )
    )
    HealthController(readiness: dependencies.readiness).addRoutes(to: router)
    StaticAssetsController(demoWidgetKey: { [organisations = dependencies.organisations, slug = dependencies.demoOrganisationSlug] in
        guard let slug, let demo = try? await organisations.find(slug: slug), demo.isDemo else { return nil }
        return demo.widgetKey
    }).addRoutes(to: router)
    WidgetController(
        organisations: dependencies.organisations,
        conversations: dependencies.conversations,
        service: dependencies.conversationService,
        handoff: dependencies.handoff,
        tokens: CustomerTokens(signer: dependencies.signer, policy: dependencies.customerTokens),
        limits: dependencies.limits,
        customerPresence: dependencies.customerPresence,
        email: dependencies.console.email
    ).addRoutes(to: router)
    AgentController(
        conversations: dependencies.conversations,
        agents: dependencies.agents,
        service: dependencies.conversationService,
        handoff: dependencies.handoff
    ).addRoutes(to: router)
    EmailController(email: dependencies.console.email, settings: dependencies.console.emailSettings)
        .addRoutes(to: router.group("console/api", context: AgentRequestContext.self))
    ConsoleController(services: dependencies.console).addRoutes(to: router)
    WebhookController(service: dependencies.webhooks).addRoutes(to: router.group("console/api", context: AgentRequestContext.self))
    SignInController(signIn: dependencies.signIn, organisations: dependencies.organisations, signer: dependencies.signer)
        .addRoutes(to: router)
    DevSignInController(
        signIn: dependencies.signIn,
        organisations: dependencies.organisations,
        defaultSlug: dependencies.demoOrganisationSlug ?? ""
    ).addRoutes(to: router)
    AccountController(signIn: dependencies.signIn, organisations: dependencies.organisations).addRoutes(to: router)
    AdministrationController(signIn: dependencies.signIn).addRoutes(to: router)
    PublicAPIController(dependencies: dependencies).addRoutes(to: router)
    return router
}

/// Builds the WebSocket router: the customer's and the agent's sockets, each behind its own
/// authentication. It answers upgrade requests only (and plain GETs of a socket's address);
/// `buildRouter`'s HTTP router knows nothing of sockets.
public func buildSocketRouter(dependencies: AppDependencies) -> Router<SocketRequestContext> {
    let router = Router(context: SocketRequestContext.self)
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: ClientAddressMiddleware(trusted: dependencies.trustedProxies))
    router.add(middleware: ErrorMiddleware())
    SocketController(
        hub: dependencies.hub,
        conversations: dependencies.conversations,
        tokens: CustomerTokens(signer: dependencies.signer, policy: dependencies.customerTokens),
        organisations: dependencies.organisations,
        realtime: dependencies.realtime,
        agentConnected: dependencies.agentConnected,
        customerPresence: dependencies.customerPresence,
        agentAuthentication: AgentAuthenticationMiddleware(
            signer: dependencies.signer,
            agents: dependencies.agents,
            sessions: dependencies.signIn.sessions,
            policy: dependencies.signIn.policy
        ),
        consoleOrigin: { [signIn = dependencies.signIn] in signIn.consoleOrigin(for: $0) }
    ).addRoutes(to: router)
    return router
}

/// Builds the whole application; `serve` runs it under a ServiceGroup, tests run it in-process.
public func buildApplication(
    configuration: ServerConfiguration,
    dependencies: AppDependencies,
    logger: Logger
) -> some ApplicationProtocol {
    // Two routers: WebSocket upgrades go to the socket router, everything else to the HTTP one.
    let sockets = buildSocketRouter(dependencies: dependencies).buildResponder()
    let routes = SocketAddressResponder(http: buildRouter(dependencies: dependencies).buildResponder(), sockets: sockets)
    let idle = IdleConnections()
    let server = HTTPServerBuilder { responder in
        GuardedHTTPChannel(
            inner: HTTP1WebSocketUpgradeChannel(responder: responder, webSocketResponder: sockets, configuration: .init()),
            limits: configuration.connections,
            idle: idle
        )
    }
    return Application(
        responder: routes,
        server: server,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Switchboard"),
        logger: logger
    )
}

/// The plain-request side of the two routers: the HTTP router, except a GET of a socket's address
/// without upgrade headers, which the socket router answers as it would the upgrade (401 or 403
/// with the reason, so a client can learn why its socket is refused; a real refused upgrade only
/// gets Hummingbird's bare 400).
struct SocketAddressResponder<HTTP: HTTPResponder, Sockets: HTTPResponder>: HTTPResponder
where HTTP.Context == SwitchboardRequestContext, Sockets.Context == SocketRequestContext {
    let http: HTTP
    let sockets: Sockets

    func respond(to request: Request, context: SwitchboardRequestContext) async throws -> Response {
        guard request.method == .get, SocketController.paths.contains(request.uri.path) else {
            return try await http.respond(to: request, context: context)
        }
        return try await sockets.respond(to: request, context: SocketRequestContext(plainRequest: context))
    }
}
