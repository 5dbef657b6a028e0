import Foundation
import Hummingbird
import SwitchboardDomain

/// Reads the agent's bearer token; `AgentRequestContext` then refuses requests without one.
public struct AgentAuthenticationMiddleware: RouterMiddleware {
    public typealias Context = SwitchboardRequestContext
    let signer: TokenSigner
    let agents: any AgentDirectory

    public init(signer: TokenSigner, agents: any AgentDirectory) {
        self.signer = signer
        self.agents = agents
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.agent = try await request.bearerToken.asyncFlatMap { try await authenticate($0) }
        if let agent = context.agent {
            context.logger[metadataKey: "agent_id"] = .string(agent.agentID.uuidString.lowercased())
            context.logger[metadataKey: "org_id"] = .string(agent.orgID.uuidString.lowercased())
        }
        return try await next(request, context)
    }

    /// The enabled agent a valid, unexpired token names, with their current role.
    func authenticate(_ token: String) async throws -> SignedInAgent? {
        guard let identity = signer.verify(token, as: AgentIdentity.self), identity.expiresAt > Date(),
              let role = try await agents.role(orgID: identity.orgID, agentID: identity.agentID)
        else { return nil }
        return SignedInAgent(orgID: identity.orgID, agentID: identity.agentID, role: role)
    }
}

extension Optional {
    fileprivate func asyncFlatMap<T>(_ transform: (Wrapped) async throws -> T?) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
