import Foundation
import Hummingbird
import SwitchboardDomain

/// The console's presence heartbeat, sent every 2 minutes while it is open.
struct PresenceController: Sendable {
    let presence: any PresenceRecorder

    func addRoutes(to api: RouterGroup<AgentRequestContext>) {
        api.post("presence/heartbeat", use: heartbeat)
    }

    @Sendable func heartbeat(request: Request, context: AgentRequestContext) async throws -> Response {
        try await presence.heartbeat(orgID: context.agent.orgID, agentIDs: [context.agent.agentID])
        return Response(status: .noContent)
    }
}
