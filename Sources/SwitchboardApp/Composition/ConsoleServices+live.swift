import Logging
import SwitchboardDomain
import SwitchboardHTTP

extension ConsoleServices {
    /// The console's services over the shared repositories; `providerKeys` seals AI provider keys,
    /// `engines` answer test-plan runs and `handoff` is the one the widget and agents use.
    static func live(
        _ stores: Repositories,
        handoff: HandoffService,
        providerKeys: any ProviderKeySealer,
        engines: any AnswerEngineSelecting,
        email: EmailSetup,
        logger: Logger
    ) -> ConsoleServices {
        ConsoleServices(
            conversations: stores.conversations,
            review: ReviewService(reviews: stores.reviews, agents: stores.agents, unitOfWork: stores.unitOfWork),
            settings: SettingsService(settings: stores.settings, audit: stores.settings),
            testPlan: TestPlanService(plan: stores.testPlan, articles: stores.articles),
            testPlanRunner: TestPlanRunner(
                plan: stores.testPlan,
                organisations: stores.organisations,
                articles: stores.articles,
                engines: engines
            ),
            playbook: PlaybookService(playbook: stores.playbook),
            cleanup: CleanupService(cleanup: stores.cleanup, settings: stores.settings),
            dataReference: stores.dataReference,
            presence: stores.agents,
            analytics: AnalyticsService(analytics: stores.analytics),
            articles: ArticleService(articles: stores.articles),
            examples: ArticleExampleService(examples: stores.examples),
            vocabulary: VocabularyService(vocabulary: stores.vocabulary),
            answerEngine: AnswerEngineSettingsService(settings: stores.answerEngineSettings, sealer: providerKeys),
            notes: NoteService(conversations: stores.conversations, agents: stores.agents),
            assignment: AssignmentService(assignments: stores.assignments, handoff: handoff, logger: logger),
            emailSettings: email.settings,
            email: email.service
        )
    }
}
