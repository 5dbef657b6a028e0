import Foundation
import Hummingbird
import SwitchboardDomain

/// The organisation's vocabulary in the console: agents read it, supervisors add and remove terms.
struct VocabularyController: Sendable {
    let vocabulary: VocabularyService

    func addRoutes(to api: RouterGroup<AgentRequestContext>) {
        api.get("kb/vocabulary", use: list)
        let supervisors = api.group(context: SupervisorRequestContext.self)
        supervisors.post("kb/vocabulary", use: add)
        supervisors.delete("kb/vocabulary/{id}", use: delete)
    }

    struct TermPayload: Encodable, Sendable {
        let id: UUID
        let term: String
        let meaning: String

        init(_ term: VocabularyTerm) {
            id = term.id
            self.term = term.term
            meaning = term.meaning
        }
    }

    struct ListResponse: Encodable, Sendable {
        let terms: [TermPayload]
    }

    struct TermResponse: Encodable, Sendable {
        let term: TermPayload
    }

    @Sendable func list(request: Request, context: AgentRequestContext) async throws -> JSONResponse<ListResponse> {
        JSONResponse(ListResponse(terms: try await vocabulary.list(orgID: context.agent.orgID).map(TermPayload.init)))
    }

    struct AddRequest: Decodable {
        let term: String
        let meaning: String
    }

    @Sendable func add(request: Request, context: SupervisorRequestContext) async throws -> JSONResponse<TermResponse> {
        let body = try await request.decode(as: AddRequest.self, context: context)
        let term = try await vocabulary.add(orgID: context.agent.orgID, term: body.term, meaning: body.meaning, agentID: context.agent.agentID)
        return JSONResponse(TermResponse(term: TermPayload(term)), status: .created)
    }

    @Sendable func delete(request: Request, context: SupervisorRequestContext) async throws -> Response {
        try await vocabulary.delete(orgID: context.agent.orgID, termID: try context.parameters.uuid(notFound: VocabularyService.notFound))
        return Response(status: .noContent)
    }
}
