import Foundation
import Logging
import PostgresClient
import ServiceLifecycle
import SwitchboardAI
import SwitchboardDemo
import SwitchboardDomain
import SwitchboardHTTP
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
    /// Email settings, the outbox, the SMTP transport and the delivery worker.
    public let email: EmailSetup
    /// Each organisation's answer engine, chosen at answer time (circuit breakers, HTTP clients).
    public let engines: OrganisationEngines

    public init(
        pool: PostgresPool,
        secret: String,
        sqlDirectory: URL,
        limits: WidgetRateLimits = WidgetRateLimits(),
        openID: any OpenIDTransport = AsyncHTTPOpenIDTransport(),
        devSignInEnabled: Bool = false,
        publicURL: String? = nil,
        webhooks: WebhookConfiguration = WebhookConfiguration(environment: ProcessInfo.processInfo.environment),
        email: EmailConfiguration = EmailConfiguration(environment: ProcessInfo.processInfo.environment),
        answerLimits: AnswerLimits = AnswerLimits(),
        logger: Logger
    ) {
        let stores = Repositories(pool: pool)
        let (organisations, conversations, agents) = (stores.organisations, stores.conversations, stores.agents)
        let handoff = HandoffService(conversations: conversations, agents: agents)
        let emailSetup = EmailSetup(stores, secret: secret, configuration: email, logger: logger)
        // One in-memory index cache per process, shared by the engines and the REST search.
        let knowledge = IndexedKnowledgeSearch(source: stores.knowledgeSnapshots)
        let providerKeys = ProviderKeyBox(secret: secret)
        let engines = OrganisationEngines(
            settings: stores.answerEngineSettings,
            sealer: providerKeys,
            knowledge: knowledge,
            logger: logger
        )
        let answering = AnsweringService(
            engines: engines,
            conversations: conversations,
            organisations: organisations,
            realtime: stores.realtime,
            logger: logger
        )
        let answers = AnswerQueue(answering: answering, limits: answerLimits, logger: logger)
        let hub = RealtimeHub(conversations: conversations, logger: logger)
        let readiness = DatabaseReadiness(pool: pool, migrator: Migrator(sqlDirectory: sqlDirectory, logger: logger))
        let secrets = ClientSecretBox(secret: secret)
        let signIn = ConsoleSignIn(
            accounts: stores.accounts,
            sessions: stores.webSessions,
            singleSignOn: stores.singleSignOn,
            flow: AuthorizationCodeFlow(providers: OpenIDProviders(transport: openID), transport: openID, secrets: secrets),
            secrets: secrets,
            devSignInEnabled: devSignInEnabled,
            publicURL: publicURL
        )
        self.engines = engines
        self.answers = answers
        self.hub = hub
        self.settingsCache = stores.settingsCache
        self.agentDirectory = agents
        self.webSessions = stores.webSessions
        self.webhooks = WebhookSetup(stores, secret: secret, configuration: webhooks)
        self.email = emailSetup
        self.idleCloser = IdleConversationCloser(organisations: organisations, conversations: conversations, logger: logger)
        self.dependencies = AppDependencies(
            organisations: organisations,
            conversations: conversations,
            agents: agents,
            realtime: stores.realtime,
            conversationService: ConversationService(
                conversations: conversations,
                organisations: organisations,
                handoff: handoff,
                answers: answers,
                unitOfWork: stores.unitOfWork,
                replyListener: emailSetup.service
            ),
            handoff: handoff,
            hub: hub,
            signer: TokenSigner(secret: secret),
            limits: limits,
            signIn: signIn,
            readiness: { await readiness.check() },
            agentConnected: { agent in
                do {
                    try await agents.heartbeat(orgID: agent.orgID, agentIDs: [agent.agentID])
                } catch {
                    // The presence heartbeat retries within a minute; only the type, never the database's text.
                    logger.warning("could not mark an agent online", metadata: ["error": "\(type(of: error))"])
                }
            },
            customerPresence: stores.customerPresence,
            console: .live(stores, handoff: handoff, providerKeys: providerKeys, engines: engines, email: emailSetup, logger: logger),
            api: .live(stores, knowledge: knowledge, logger: logger),
            webhooks: self.webhooks.service,
            demoOrganisationSlug: DemoContent.organisationSlugs.first
        )
    }

    /// Background services besides the HTTP server: realtime relay, presence, idle closing, webhook and email delivery.
    public func backgroundServices(listenerConfiguration: PostgresConfiguration, logger: Logger) -> [any Service] {
        let agents = agentDirectory
        var services: [any Service] = [
            RealtimeRelay(configuration: listenerConfiguration, hub: hub, settings: settingsCache, answers: answers, logger: logger),
            PresenceHeartbeat(hub: hub, logger: logger) { orgID, agentIDs in try await agents.heartbeat(orgID: orgID, agentIDs: agentIDs) },
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
        services.append(email.presenceHeartbeat(hub: hub, logger: logger))
        if email.configuration.deliversHere {
            services.append(email.worker(listenerConfiguration: listenerConfiguration, logger: logger))
        }
        return services
    }
}
