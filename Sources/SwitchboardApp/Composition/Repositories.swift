import PostgresClient
import SwitchboardDomain
import SwitchboardStore

/// Every PostgreSQL repository over one pool, built once and shared by the whole object graph.
struct Repositories: Sendable {
    let settingsCache: OrganisationSettingsCache
    /// Organisations with their settings cached per instance (dropped on `NOTIFY` from any instance).
    let organisations: CachedSettingsOrganisationRepository
    let conversations: PostgresConversationRepository
    let agents: PostgresAgentDirectory
    let realtime: PostgresRealtimePublisher
    let settings: PostgresSettingsRepository
    let testPlan: PostgresTestPlanRepository
    let articles: PostgresArticleRepository
    let examples: PostgresArticleExampleRepository
    let vocabulary: PostgresVocabularyRepository
    let knowledgeSnapshots: PostgresKnowledgeSnapshots
    let reviews: PostgresReviewRepository
    let playbook: PostgresPlaybookRepository
    let cleanup: PostgresCleanupRepository
    let dataReference: PostgresDataReference
    let analytics: PostgresAnalyticsRepository
    let answerEngineSettings: PostgresAnswerEngineSettings
    let assignments: PostgresAssignmentRepository
    let apiKeys: PostgresAPIKeyRepository
    let idempotency: PostgresIdempotencyStore
    let browsing: PostgresConversationBrowsing
    let accounts: PostgresAgentAccounts
    let singleSignOn: PostgresSingleSignOn
    let webSessions: PostgresWebSessions
    let webhooks: PostgresWebhookRepository
    let webhookOutbox: PostgresWebhookOutbox
    let emailSettings: PostgresEmailSettings
    /// Both sides of the email outbox: agents' actions queue, the worker claims and settles.
    let emailOutbox: PostgresEmailOutbox
    let customerPresence: PostgresCustomerPresence
    /// One tenant transaction that the repositories above join, for use cases that write in several.
    let unitOfWork: PostgresUnitOfWork

    init(pool: PostgresPool) {
        let settingsCache = OrganisationSettingsCache()
        self.settingsCache = settingsCache
        organisations = CachedSettingsOrganisationRepository(PostgresOrganisationRepository(pool: pool), cache: settingsCache)
        conversations = PostgresConversationRepository(pool: pool)
        agents = PostgresAgentDirectory(pool: pool)
        realtime = PostgresRealtimePublisher(pool: pool)
        settings = PostgresSettingsRepository(pool: pool, cache: settingsCache)
        testPlan = PostgresTestPlanRepository(pool: pool)
        articles = PostgresArticleRepository(pool: pool)
        examples = PostgresArticleExampleRepository(pool: pool)
        vocabulary = PostgresVocabularyRepository(pool: pool)
        knowledgeSnapshots = PostgresKnowledgeSnapshots(pool: pool)
        reviews = PostgresReviewRepository(pool: pool)
        playbook = PostgresPlaybookRepository(pool: pool)
        cleanup = PostgresCleanupRepository(pool: pool)
        dataReference = PostgresDataReference(pool: pool)
        analytics = PostgresAnalyticsRepository(pool: pool)
        answerEngineSettings = PostgresAnswerEngineSettings(pool: pool)
        assignments = PostgresAssignmentRepository(pool: pool)
        apiKeys = PostgresAPIKeyRepository(pool: pool)
        idempotency = PostgresIdempotencyStore(pool: pool)
        browsing = PostgresConversationBrowsing(pool: pool)
        accounts = PostgresAgentAccounts(pool: pool)
        singleSignOn = PostgresSingleSignOn(pool: pool)
        webSessions = PostgresWebSessions(pool: pool)
        webhooks = PostgresWebhookRepository(pool: pool)
        webhookOutbox = PostgresWebhookOutbox(pool: pool)
        emailSettings = PostgresEmailSettings(pool: pool)
        emailOutbox = PostgresEmailOutbox(pool: pool)
        customerPresence = PostgresCustomerPresence(pool: pool)
        unitOfWork = PostgresUnitOfWork(pool: pool)
    }
}
