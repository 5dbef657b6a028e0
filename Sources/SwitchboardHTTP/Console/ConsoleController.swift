import Hummingbird

/// Every console endpoint beyond chatting, under /console/api, on `AgentRequestContext`, or on
/// `SupervisorRequestContext`/`AdminRequestContext` for the routes that need a higher role.
public struct ConsoleController: Sendable {
    let services: ConsoleServices

    public init(services: ConsoleServices) {
        self.services = services
    }

    public func addRoutes(to router: Router<SwitchboardRequestContext>) {
        let api = router.group("console/api", context: AgentRequestContext.self)
        ReviewController(conversations: services.conversations, service: services.review, examples: services.examples, notes: services.notes)
            .addRoutes(to: api)
        QueueController(service: services.review, examples: services.examples).addRoutes(to: api)
        KnowledgeBaseController(articles: services.articles, examples: services.examples).addRoutes(to: api)
        VocabularyController(vocabulary: services.vocabulary).addRoutes(to: api)
        SettingsController(service: services.settings).addRoutes(to: api)
        AnswerEngineController(service: services.answerEngine).addRoutes(to: api)
        TestPlanController(service: services.testPlan, runner: services.testPlanRunner).addRoutes(to: api)
        PlaybookController(service: services.playbook).addRoutes(to: api)
        AdminController(cleanup: services.cleanup, dataReference: services.dataReference).addRoutes(to: api)
        PresenceController(presence: services.presence).addRoutes(to: api)
        AnalyticsController(service: services.analytics).addRoutes(to: api)
        AssignmentController(service: services.assignment).addRoutes(to: api)
    }
}
