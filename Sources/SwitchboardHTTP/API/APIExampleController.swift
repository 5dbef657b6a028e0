import Foundation
import Hummingbird
import SwitchboardDomain

/// /api/v1/kb example questions (scope `kb:write`): list an article's examples, import questions
/// from old tickets (approved at once, near-duplicates dropped), remove one.
struct APIExampleController: Sendable {
    let examples: ArticleExampleService

    func addRoutes(to api: RouterGroup<APIKeyRequestContext>) {
        // Every route here needs the kbWrite scope; the context checks it before a handler runs.
        let v1 = api.group(context: KnowledgeBaseWriteContext.self)
        v1.get("kb/articles/{id}/examples", use: list)
        v1.post("kb/articles/{id}/examples", use: importQuestions)
        v1.delete("kb/examples/{id}", use: delete)
    }

    struct ListResponse: Encodable, Sendable {
        let data: [ExamplePayload]
    }

    @Sendable func list(request: Request, context: KnowledgeBaseWriteContext) async throws -> APIResponse<ListResponse> {
        let list = try await examples.list(orgID: context.orgID, articleID: try context.parameters.uuid(notFound: ArticleService.notFound))
        return APIResponse(value: ListResponse(data: list.map(ExamplePayload.init)))
    }

    struct ImportRequest: Decodable {
        let questions: [String]
    }

    struct ImportResponse: Encodable, Sendable {
        let added: Int
        let skippedDuplicates: Int
        let data: [ExamplePayload]
    }

    @Sendable func importQuestions(request: Request, context: KnowledgeBaseWriteContext) async throws -> APIResponse<ImportResponse> {
        let articleID = try context.parameters.uuid(notFound: ArticleService.notFound)
        let body = try await context.decode(ImportRequest.self, from: request)
        let result = try await examples.importQuestions(orgID: context.orgID, articleID: articleID, questions: body.questions)
        return APIResponse(
            value: ImportResponse(
                added: result.added.count,
                skippedDuplicates: result.skippedDuplicates,
                data: result.added.map(ExamplePayload.init)
            ),

            status: .created
        )
    }

    @Sendable func delete(request: Request, context: KnowledgeBaseWriteContext) async throws -> Response {
        try await examples.delete(orgID: context.orgID, exampleID: try context.parameters.uuid(notFound: ArticleExampleService.notFound))
        return Response(status: .noContent)
    }
}
