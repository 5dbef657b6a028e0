import Foundation
import Logging
import PostgresClient
import ServiceLifecycle
import SwitchboardAI
import SwitchboardDomain
import SwitchboardStore

/// The production object graph over one pool; `serve` and the integration tests both use it.
public struct LiveSystem: Sendable {
    public let dependencies: AppDependencies
    public let answers: AnswerQueue
    public let idleCloser: IdleConversationCloser
    public let agentDirectory: PostgresAgentDirectory
    public let hub: RealtimeHub
    /// Settings for the message path; drop an organisation's entry after writing its settings.
    public let settingsCache: OrganisationSettingsCache
    public let webSessions: PostgresWebSessions
    /// Webhook administration and the delivery worker.
    public let webhooks: WebhookSetup
    /// Each organisation's answer engine, chosen at answer time (circuit breakers, HTTP clients).
    public let engines: OrganisationEngines

    public init(
        pool: PostgresPool, secret: String, sqlDirectory: URL, limits: WidgetRateLimits = WidgetRateLimits(),
        openID: any OpenIDTransport = AsyncHTTPOpenIDTransport(), devSignInEnabled: Bool = false, publicURL: String? = nil,
        webhooks: WebhookConfiguration = WebhookConfiguration(environment: ProcessInfo.processInfo.environment),
        answerLimits: AnswerLimits = AnswerLimits(), logger: Logger
    ) {
        let settingsCache = OrganisationSettingsCache()
        let organisations = CachedSettingsOrganisationRepository(PostgresOrganisationRepository(pool: pool), cache: settingsCache)
        let conversations = PostgresConversationRepository(pool: pool)
        let agents = PostgresAgentDirectory(pool: pool)
        let realtime = PostgresRealtimePublisher(pool: pool)
        let handoff = HandoffService(conversations: conversations, agents: agents)
        // One in-memory index cache per process, shared by the engines and the REST search.
        let knowledge = IndexedKnowledgeSearch(source: PostgresKnowledgeSnapshots(pool: pool))
        let providerKeys = ProviderKeyBox(secret: secret)
        let engines = OrganisationEngines(
            settings: PostgresAnswerEngineSettings(pool: pool), sealer: providerKeys,
            knowledge: knowledge, logger: logger)
        self.engines = engines
        let answering = AnsweringService(
            engines: engines, conversations: conversations, organisations: organisations,
            realtime: realtime, logger: logger)
        let answers = AnswerQueue(answering: answering, limits: answerLimits, logger: logger)
        let hub = RealtimeHub(conversations: conversations, logger: logger)
        let readiness = DatabaseReadiness(pool: pool, migrator: Migrator(sqlDirectory: sqlDirectory, logger: logger))
        self.answers = answers
        self.hub = hub
        self.settingsCache = settingsCache
        self.agentDirectory = agents
        let secrets = ClientSecretBox(secret: secret)
        let webSessions = PostgresWebSessions(pool: pool)
        self.webSessions = webSessions
        let signIn = ConsoleSignIn(
            accounts: PostgresAgentAccounts(pool: pool), sessions: webSessions,
            singleSignOn: PostgresSingleSignOn(pool: pool),
            flow: AuthorizationCodeFlow(providers: OpenIDProviders(transport: openID), transport: openID, secrets: secrets),
            secrets: secrets, devSignInEnabled: devSignInEnabled, publicURL: publicURL)
        self.webhooks = WebhookSetup(pool: pool, secret: secret, configuration: webhooks)
        self.idleCloser = IdleConversationCloser(organisations: organisations, conversations: conversations, logger: logger)
        self.dependencies = AppDependencies(
            organisations: organisations, conversations: conversations, agents: agents, realtime: realtime,
            conversationService: ConversationService(
                conversations: conversations, organisations: organisations, handoff: handoff, answers: answers),
            handoff: handoff, hub: hub, signer: TokenSigner(secret: secret), limits: limits, signIn: signIn,
            readiness: { await readiness.check() },
            agentConnected: { agent in try? await agents.heartbeat(orgID: agent.orgID, agentIDs: [agent.agentID]) },
            console: .live(pool: pool, settingsCache: settingsCache, providerKeys: providerKeys, engines: engines),
            api: .live(pool: pool, knowledge: knowledge, logger: logger),
            webhooks: self.webhooks.service)
    }

    /// Background services besides the HTTP server: realtime relay, presence, idle closing, webhook delivery.
    public func backgroundServices(listenerConfiguration: PostgresConfiguration, logger: Logger) -> [any Service] {
        let agents = agentDirectory
        var services: [any Service] = [
            RealtimeRelay(configuration: listenerConfiguration, hub: hub, settings: settingsCache, answers: answers, logger: logger),
            PresenceHeartbeat(hub: hub) { orgID, agentIDs in try await agents.heartbeat(orgID: orgID, agentIDs: agentIDs) },
            PeriodicService(name: "close idle conversations", every: .seconds(60), logger: logger) { [idleCloser] in
                try await idleCloser.sweep()
            },
            // Chats waiting for a human go to agents with room within seconds when assignment is on.
            PeriodicService(name: "assign waiting chats", every: .seconds(3), logger: logger) { [assignment = dependencies.console.assignment] in
                try await assignment.sweep()
            },
            PeriodicService(name: "purge ended web sessions", every: .seconds(3600), logger: logger) {
                [webSessions, policy = dependencies.signIn.policy] in
                try await webSessions.purgeEnded(policy: policy)
            },
            AnswerQueueDrain(answers: answers, engines: engines),
            APIKeyUsageFlusher(recorder: dependencies.api.usage),
        ]
        if webhooks.configuration.deliversHere {
            services.append(webhooks.worker(listenerConfiguration: listenerConfiguration, logger: logger))
        }
        return services
    }
}

/// Runs `work` every interval until shutdown; each failure is logged once, at error level with the
/// job's name, and the next round tries again.
public struct PeriodicService: Service {
    let name: String
    let interval: Duration
    let logger: Logger
    let work: @Sendable () async throws -> Void

    public init(name: String, every interval: Duration, logger: Logger, work: @escaping @Sendable () async throws -> Void) {
        self.name = name
        self.interval = interval
        self.logger = logger
        self.work = work
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await work()
            } catch {
                // Only the error's type: a database error's text may quote SQL or values.
                logger.error("periodic job failed", metadata: ["job": "\(name)", "error": "\(type(of: error))"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}

/// On shutdown, lets AI answers already being computed finish before the pool closes, then
/// closes the provider HTTP clients.
struct AnswerQueueDrain: Service {
    let answers: AnswerQueue
    let engines: OrganisationEngines

    func run() async throws {
        try? await gracefulShutdown()
        await answers.drain()
        await engines.shutdown()
    }
}
