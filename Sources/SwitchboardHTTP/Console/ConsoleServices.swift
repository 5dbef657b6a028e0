import Foundation
import PostgresClient
import SwitchboardDomain
import SwitchboardStore

/// What the console's review, queue, settings, test plan, playbook, admin and analytics endpoints need.
public struct ConsoleServices: Sendable {
    public var conversations: any ConversationRepository
    public var review: ReviewService
    public var settings: SettingsService
    public var testPlan: TestPlanService
    public var playbook: PlaybookService
    public var cleanup: CleanupService
    public var dataReference: any DataReference
    public var presence: any PresenceRecorder
    public var analytics: AnalyticsService
    /// Articles for the correction picker, and their example questions.
    public var articles: ArticleService
    public var examples: ArticleExampleService
    public var vocabulary: VocabularyService
    /// The organisation's answer engine (built-in, or an OpenAI-compatible provider).
    public var answerEngine: AnswerEngineSettingsService

    public init(
        conversations: any ConversationRepository, review: ReviewService, settings: SettingsService, testPlan: TestPlanService,
        playbook: PlaybookService, cleanup: CleanupService, dataReference: any DataReference, presence: any PresenceRecorder,
        analytics: AnalyticsService, articles: ArticleService, examples: ArticleExampleService,
        vocabulary: VocabularyService, answerEngine: AnswerEngineSettingsService
    ) {
        self.conversations = conversations
        self.review = review
        self.settings = settings
        self.testPlan = testPlan
        self.playbook = playbook
        self.cleanup = cleanup
        self.dataReference = dataReference
        self.presence = presence
        self.analytics = analytics
        self.articles = articles
        self.examples = examples
        self.vocabulary = vocabulary
        self.answerEngine = answerEngine
    }

    /// The PostgreSQL-backed services over one pool; `providerKeys` seals AI provider keys.
    public static func live(
        pool: PostgresPool, settingsCache: OrganisationSettingsCache? = nil, providerKeys: any ProviderKeySealer
    ) -> ConsoleServices {
        let settings = PostgresSettingsRepository(pool: pool, cache: settingsCache)
        return ConsoleServices(
            conversations: PostgresConversationRepository(pool: pool),
            review: ReviewService(reviews: PostgresReviewRepository(pool: pool)),
            settings: SettingsService(settings: settings, audit: settings),
            testPlan: TestPlanService(plan: PostgresTestPlanRepository(pool: pool)),
            playbook: PlaybookService(playbook: PostgresPlaybookRepository(pool: pool)),
            cleanup: CleanupService(cleanup: PostgresCleanupRepository(pool: pool), settings: settings),
            dataReference: PostgresDataReference(pool: pool),
            presence: PostgresAgentDirectory(pool: pool),
            analytics: AnalyticsService(analytics: PostgresAnalyticsRepository(pool: pool)),
            articles: ArticleService(articles: PostgresArticleRepository(pool: pool)),
            examples: ArticleExampleService(examples: PostgresArticleExampleRepository(pool: pool)),
            vocabulary: VocabularyService(vocabulary: PostgresVocabularyRepository(pool: pool)),
            answerEngine: AnswerEngineSettingsService(settings: PostgresAnswerEngineSettings(pool: pool), sealer: providerKeys))
    }
}
