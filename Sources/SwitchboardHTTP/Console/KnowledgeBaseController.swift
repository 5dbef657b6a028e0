import Foundation
import Hummingbird
import SwitchboardDomain

/// The console's knowledge-base endpoints: the article list for the correction picker, and each
/// article's example questions (agents read them; supervisors add, reword, approve and remove).
struct KnowledgeBaseController: Sendable {
    let articles: ArticleService
    let examples: ArticleExampleService

    func addRoutes(to api: RouterGroup<AgentRequestContext>) {
        api.get("kb/articles", use: list)
        api.get("kb/articles/{id}/examples", use: listExamples)
        let supervisors = api.group(context: SupervisorRequestContext.self)
        supervisors.post("kb/articles/{id}/examples", use: addExample)
        supervisors.patch("kb/examples/{id}", use: updateExample)
        supervisors.delete("kb/examples/{id}", use: deleteExample)
    }

    struct ArticleSummary: Encodable, Sendable {
        let id: UUID
        let title: String
        let section: String?
    }

    struct ArticlesResponse: Encodable, Sendable {
        let articles: [ArticleSummary]
    }

    /// Every article by title (up to 1,000), for picking the one that should have answered.
    @Sendable func list(request: Request, context: AgentRequestContext) async throws -> JSONResponse<ArticlesResponse> {
        let all = try await articles.list(orgID: context.agent.orgID, afterID: nil, limit: 1000)
        let summaries = all.map { ArticleSummary(id: $0.id, title: $0.title, section: $0.section) }
            .sorted { $0.title.localizedCaseInsensitiveCompare($1.title) == .orderedAscending }
        return JSONResponse(ArticlesResponse(articles: summaries))
    }

    struct ExamplesResponse: Encodable, Sendable {
        let examples: [ExamplePayload]
    }

    struct ExampleResponse: Encodable, Sendable {
        let example: ExamplePayload
    }

    @Sendable func listExamples(request: Request, context: AgentRequestContext) async throws -> JSONResponse<ExamplesResponse> {
        let list = try await examples.list(orgID: context.agent.orgID, articleID: try Self.articleID(context))
        return JSONResponse(ExamplesResponse(examples: list.map(ExamplePayload.init)))
    }

    struct AddRequest: Decodable {
        let question: String
    }

    @Sendable func addExample(request: Request, context: SupervisorRequestContext) async throws -> JSONResponse<ExampleResponse> {
        let body = try await request.decode(as: AddRequest.self, context: context)
        let example = try await examples.add(
            orgID: context.agent.orgID,
            articleID: try Self.articleID(context),
            question: body.question,
            agentID: context.agent.agentID
        )
        return JSONResponse(ExampleResponse(example: ExamplePayload(example)), status: .created)
    }

    struct UpdateRequest: Decodable {
        let question: String?
        let approved: Bool?
    }

    @Sendable func updateExample(request: Request, context: SupervisorRequestContext) async throws -> JSONResponse<ExampleResponse> {
        let body = try await request.decode(as: UpdateRequest.self, context: context)
        let example = try await examples.update(
            orgID: context.agent.orgID,
            exampleID: try context.parameters.uuid(notFound: ArticleExampleService.notFound),
            question: body.question,
            approve: body.approved == true,
            agentID: context.agent.agentID
        )
        return JSONResponse(ExampleResponse(example: ExamplePayload(example)))
    }

    @Sendable func deleteExample(request: Request, context: SupervisorRequestContext) async throws -> Response {
        try await examples.delete(orgID: context.agent.orgID, exampleID: try context.parameters.uuid(notFound: ArticleExampleService.notFound))
        return Response(status: .noContent)
    }

    static func articleID(_ context: some RequestContext) throws -> UUID {
        try context.parameters.uuid(notFound: ArticleService.notFound)
    }
}
