import Foundation
import Logging
import PostgresClient
import SwitchboardAI
import SwitchboardDomain
import SwitchboardStore

/// What the console's review, queue, settings, test plan, playbook, admin and analytics endpoints need.
public struct ConsoleServices: Sendable {
    public var conversations: any ConversationRepository
    public var review: ReviewService
    public var settings: SettingsService
    public var testPlan: TestPlanService
    /// Runs the test plan's questions through the organisation's engine (console and REST).
    public var testPlanRunner: TestPlanRunner
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
    /// Internal notes and their mentions.
    public var notes: NoteService
    /// Automatic round-robin assignment of chats waiting for a human.
    public var assignment: AssignmentService

    public init(
        conversations: any ConversationRepository, review: ReviewService, settings: SettingsService, testPlan: TestPlanService,
        testPlanRunner: TestPlanRunner, playbook: PlaybookService, cleanup: CleanupService, dataReference: any DataReference,
        presence: any PresenceRecorder,
        analytics: AnalyticsService, articles: ArticleService, examples: ArticleExampleService,
        vocabulary: VocabularyService, answerEngine: AnswerEngineSettingsService, notes: NoteService, assignment: AssignmentService
    ) {
        self.notes = notes
        self.assignment = assignment
        self.conversations = conversations
        self.review = review
        self.settings = settings
        self.testPlan = testPlan
        self.testPlanRunner = testPlanRunner
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

    /// The PostgreSQL-backed services over one pool; `providerKeys` seals AI provider keys and
    /// `engines` answer test-plan runs (by default every organisation's engine as
    /// the built-in engine unless the server passes its `OrganisationEngines`).
    public static func live(
        pool: PostgresPool, settingsCache: OrganisationSettingsCache? = nil, providerKeys: any ProviderKeySealer,
        engines: (any AnswerEngineSelecting)? = nil
    ) -> ConsoleServices {
        let settings = PostgresSettingsRepository(pool: pool, cache: settingsCache)
        let plan = PostgresTestPlanRepository(pool: pool), articles = PostgresArticleRepository(pool: pool)
        let engines =
            engines ?? FixedAnswerEngine(KnowledgeBaseEngine(knowledge: IndexedKnowledgeSearch(source: PostgresKnowledgeSnapshots(pool: pool))))

        return ConsoleServices(
            conversations: PostgresConversationRepository(pool: pool),
            review: ReviewService(reviews: PostgresReviewRepository(pool: pool)),
            settings: SettingsService(settings: settings, audit: settings),
            testPlan: TestPlanService(plan: plan, articles: articles),
            testPlanRunner: TestPlanRunner(
                plan: plan, organisations: PostgresOrganisationRepository(pool: pool), articles: articles, engines: engines),
            playbook: PlaybookService(playbook: PostgresPlaybookRepository(pool: pool)),
            cleanup: CleanupService(cleanup: PostgresCleanupRepository(pool: pool), settings: settings),
            dataReference: PostgresDataReference(pool: pool),
            presence: PostgresAgentDirectory(pool: pool),
            analytics: AnalyticsService(analytics: PostgresAnalyticsRepository(pool: pool)),
            articles: ArticleService(articles: articles),
            examples: ArticleExampleService(examples: PostgresArticleExampleRepository(pool: pool)),
            vocabulary: VocabularyService(vocabulary: PostgresVocabularyRepository(pool: pool)),
            answerEngine: AnswerEngineSettingsService(settings: PostgresAnswerEngineSettings(pool: pool), sealer: providerKeys),
            notes: NoteService(conversations: PostgresConversationRepository(pool: pool), agents: PostgresAgentDirectory(pool: pool)),
            assignment: AssignmentService(
                assignments: PostgresAssignmentRepository(pool: pool),
                handoff: HandoffService(conversations: PostgresConversationRepository(pool: pool), agents: PostgresAgentDirectory(pool: pool)),
                logger: Logger(label: "switchboard.assignment")))
    }
}
