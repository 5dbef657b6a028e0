import Foundation
import Hummingbird
import SwitchboardDomain

/// The REST API for business teams under /api/v1 (API key, scopes, rate limit, audit), its
/// OpenAPI document and reference page, and the console's API key administration.
public struct PublicAPIController: Sendable {
    let dependencies: AppDependencies

    public init(dependencies: AppDependencies) {
        self.dependencies = dependencies
    }

    public func addRoutes(to router: Router<SwitchboardRequestContext>) {
        let api = dependencies.api
        APIDocsController().addRoutes(to: router)
        APIKeyAdminController(keys: api.keys).addRoutes(to: router)
        let v1 = router.group("api/v1")
            .add(middleware: APIKeyMiddleware(keys: api.keys, limiter: api.limiter, usage: api.usage))
            .group(context: APIKeyRequestContext.self)
            .add(middleware: IdempotencyMiddleware(store: api.idempotency))
        APIKeyInfoController().addRoutes(to: v1)
        APIConversationController(
            browsing: api.browsing,
            conversations: dependencies.conversations,
            agents: dependencies.agents,
            service: dependencies.conversationService,
            handoff: dependencies.handoff,
            review: dependencies.console.review
        ).addRoutes(to: v1)
        APIKnowledgeBaseController(
            articles: api.articles,
            knowledge: api.knowledge,
            matchAnswering: api.matchAnswering,
            organisations: dependencies.organisations
        )
        .addRoutes(to: v1)
        APIExampleController(examples: api.examples).addRoutes(to: v1)
        APIAdminController(
            playbook: dependencies.console.playbook,
            testPlan: dependencies.console.testPlan,
            runner: dependencies.console.testPlanRunner,
            settings: dependencies.console.settings,
            agents: dependencies.agents
        ).addRoutes(to: v1)
        APIAnswerEngineController(service: dependencies.console.answerEngine).addRoutes(to: v1)
        APIAnalyticsController(service: dependencies.console.analytics).addRoutes(to: v1)
        APIWebhookController(service: dependencies.webhooks).addRoutes(to: v1)
        APIEmailController(email: dependencies.console.email, settings: dependencies.console.emailSettings).addRoutes(to: v1)
    }
}

/// `GET /api/v1/me`: the calling key, so a script can check its credentials and scopes.
struct APIKeyInfoController: Sendable {
    func addRoutes(to v1: RouterGroup<APIKeyRequestContext>) {
        v1.get("me", use: me)
    }

    struct MeResponse: Encodable, Sendable {
        let organisationId: UUID
        let keyId: UUID
        let name: String
        let prefix: String
        let scopes: [String]
    }

    @Sendable func me(request: Request, context: APIKeyRequestContext) async throws -> APIResponse<MeResponse> {
        let key = context.apiKey
        return APIResponse(
            value: MeResponse(
                organisationId: key.orgID,
                keyId: key.id,
                name: key.name,
                prefix: key.displayPrefix,
                scopes: key.scopes.map(\.rawValue)
            )
        )
    }
}
