import Foundation
import Hummingbird
import SwitchboardDomain

/// The Customer Service Playbook: search and read for everyone; supervisors add, edit and remove entries.
struct PlaybookController: Sendable {
    let service: PlaybookService

    func addRoutes(to api: RouterGroup<AgentRequestContext>) {
        api.get("playbook", use: search)
        let supervisors = api.group(context: SupervisorRequestContext.self)
        supervisors.post("playbook", use: create)
        supervisors.put("playbook/{id}", use: update)
        supervisors.delete("playbook/{id}", use: delete)
    }

    struct EntryPayload: Encodable, Sendable {
        let id: UUID
        let section: String
        let phrase: String
        let answer: String
        @Explicit var owner: String?
        let position: Int

        init(_ entry: PlaybookEntry) {
            id = entry.id
            section = entry.section
            phrase = entry.phrase
            answer = entry.answer
            owner = entry.owner
            position = entry.position
        }
    }

    struct SectionPayload: Encodable, Sendable {
        let name: String
        let entries: [EntryPayload]
    }

    struct SearchResponse: Encodable, Sendable {
        let sections: [SectionPayload]
    }

    /// `?q=phrase` keeps entries whose phrase, answer or section contains it.
    @Sendable func search(request: Request, context: AgentRequestContext) async throws -> JSONResponse<SearchResponse> {
        let sections = try await service.sections(orgID: context.agent.orgID, query: request.uri.queryParameters["q"].map(String.init))
        return JSONResponse(
            SearchResponse(
                sections: sections.map {
                    SectionPayload(name: $0.name, entries: $0.entries.map(EntryPayload.init))
                }
            )
        )
    }

    struct EntryRequest: Decodable {
        let section: String?
        let phrase: String?
        let answer: String?
        let owner: String?
        let position: Int?

        var draft: PlaybookDraft {
            PlaybookDraft(section: section, phrase: phrase, answer: answer, owner: owner, position: position)
        }
    }

    @Sendable func create(request: Request, context: SupervisorRequestContext) async throws -> JSONResponse<EntryPayload> {
        let body = try await request.decode(as: EntryRequest.self, context: context)
        let entry = try await service.create(orgID: context.agent.orgID, agentID: context.agent.agentID, draft: body.draft)
        return JSONResponse(EntryPayload(entry), status: .created)
    }

    @Sendable func update(request: Request, context: SupervisorRequestContext) async throws -> JSONResponse<EntryPayload> {
        let body = try await request.decode(as: EntryRequest.self, context: context)
        let entry = try await service.update(
            orgID: context.agent.orgID,
            entryID: try Self.id(context),
            agentID: context.agent.agentID,
            draft: body.draft
        )
        return JSONResponse(EntryPayload(entry))
    }

    @Sendable func delete(request: Request, context: SupervisorRequestContext) async throws -> Response {
        try await service.delete(orgID: context.agent.orgID, entryID: try Self.id(context))
        return Response(status: .noContent)
    }

    static func id(_ context: SupervisorRequestContext) throws -> UUID {
        try context.parameters.uuid(notFound: PlaybookService.notFound)
    }
}
