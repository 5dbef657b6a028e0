import Foundation
import Hummingbird
import SwitchboardDomain

/// "Admin: Clean Up Test Data" (admins only) and the data reference of the reporting views.
struct AdminController: Sendable {
    let cleanup: CleanupService
    let dataReference: any DataReference

    func addRoutes(to api: RouterGroup<AgentRequestContext>) {
        let admins = api.group(context: AdminRequestContext.self)
        admins.get("cleanup/preview", use: preview)
        admins.post("cleanup", use: clean)
        api.get("data-reference", use: reference)
    }

    struct PreviewResponse: Encodable, Sendable {
        let before: String
        let count: Int
    }

    @Sendable func preview(request: Request, context: AdminRequestContext) async throws -> JSONResponse<PreviewResponse> {
        let before = request.uri.queryParameters["before"].map(String.init) ?? ""
        let count = try await cleanup.preview(orgID: context.agent.orgID, before: before)
        return JSONResponse(PreviewResponse(before: before, count: count))
    }

    struct CleanupRequest: Decodable {
        let before: String
        let confirmation: String
    }

    struct CleanupResponse: Encodable, Sendable {
        let removed: Int
    }

    @Sendable func clean(request: Request, context: AdminRequestContext) async throws -> JSONResponse<CleanupResponse> {
        let body = try await request.decode(as: CleanupRequest.self, context: context)
        let removed = try await cleanup.delete(
            orgID: context.agent.orgID,
            agentID: context.agent.agentID,
            before: body.before,
            confirmation: body.confirmation
        )
        return JSONResponse(CleanupResponse(removed: removed))
    }

    struct ColumnPayload: Encodable, Sendable {
        let name: String
        let type: String
        let description: String?
    }

    struct ViewPayload: Encodable, Sendable {
        let name: String
        let description: String?
        let columns: [ColumnPayload]
    }

    struct ReferenceResponse: Encodable, Sendable {
        let views: [ViewPayload]
    }

    /// Any agent may read it: it describes the views, never their rows.
    @Sendable func reference(request: Request, context: AgentRequestContext) async throws -> JSONResponse<ReferenceResponse> {
        let views = try await dataReference.reportingViews(orgID: context.agent.orgID)
        return JSONResponse(
            ReferenceResponse(
                views: views.map { view in
                    ViewPayload(
                        name: view.name,
                        description: view.description,
                        columns: view.columns.map { ColumnPayload(name: $0.name, type: $0.type, description: $0.description) }
                    )
                }
            )
        )
    }
}
