import Foundation
import Hummingbird
import SwitchboardDomain

/// Automatic assignment in the console's settings: read by any agent, changed by supervisors.
struct AssignmentController: Sendable {
    let service: AssignmentService

    func addRoutes(to api: RouterGroup<AgentRequestContext>) {
        api.get("assignment", use: read)
        api.group(context: SupervisorRequestContext.self).put("assignment", use: update)
    }

    struct AssignmentPayload: Codable, Sendable {
        let enabled: Bool
        let maxChatsPerAgent: Int
    }

    @Sendable func read(request: Request, context: AgentRequestContext) async throws -> JSONResponse<AssignmentPayload> {
        let settings = try await service.settings(orgID: context.agent.orgID)
        return JSONResponse(AssignmentPayload(enabled: settings.enabled, maxChatsPerAgent: settings.maxChatsPerAgent))
    }

    @Sendable func update(request: Request, context: SupervisorRequestContext) async throws -> JSONResponse<AssignmentPayload> {
        let body = try await request.decode(as: AssignmentPayload.self, context: context)
        let saved = try await service.update(
            orgID: context.agent.orgID,
            settings: AssignmentSettings(enabled: body.enabled, maxChatsPerAgent: body.maxChatsPerAgent),
            by: context.agent.agentID,
            role: context.agent.role
        )
        return JSONResponse(AssignmentPayload(enabled: saved.enabled, maxChatsPerAgent: saved.maxChatsPerAgent))
    }
}
