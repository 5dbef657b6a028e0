import Foundation
import Hummingbird

/// Reads the agent's bearer token; `AgentRequestContext` then refuses requests without one.
public struct AgentAuthenticationMiddleware: RouterMiddleware {
    public typealias Context = SwitchboardRequestContext
    let signer: TokenSigner

    public init(signer: TokenSigner) {
        self.signer = signer
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.agent = request.bearerToken.flatMap { authenticate($0) }
        if let agent = context.agent {
            context.logger[metadataKey: "agent_id"] = .string(agent.agentID.uuidString.lowercased())
            context.logger[metadataKey: "org_id"] = .string(agent.orgID.uuidString.lowercased())
        }
        return try await next(request, context)
    }

    /// A valid, unexpired agent identity for `token`.
    func authenticate(_ token: String) -> AgentIdentity? {
        guard let identity = signer.verify(token, as: AgentIdentity.self), identity.expiresAt > Date() else { return nil }
        return identity
    }
}
