import Foundation
import Hummingbird
import SwitchboardDomain

/// Finds who an agent request is from, under `/console/` only (where every agent route is): a
/// bearer token (scripts, tests) or the `sb_session` cookie of a console sign-in.
/// `AgentRequestContext` then refuses requests without one. Widget, REST and health requests
/// pass straight through: their bearer tokens are a customer's or an API key, never an agent's.
///
/// A cookie is sent by the browser on its own, so cookie-authenticated POST/PUT/PATCH/DELETE
/// must also carry the session's CSRF token in `X-CSRF-Token`: without it the request is not
/// signed in, and agent endpoints answer 403 `csrf_failed` (public pages such as the sign-in
/// forms are unaffected). Bearer tokens are never sent automatically and need no such proof.
///
/// The same middleware signs the console's WebSocket upgrade in on the WebSocket router
/// (`SocketRequestContext`), where `AgentSocketContext` then refuses a socket without an agent.
public struct AgentAuthenticationMiddleware<Context: AgentAuthenticatingContext>: RouterMiddleware {
    let signer: TokenSigner
    let agents: any AgentDirectory
    let sessions: any WebSessionRepository
    let policy: WebSessionPolicy

    public init(signer: TokenSigner, agents: any AgentDirectory, sessions: any WebSessionRepository, policy: WebSessionPolicy) {
        self.signer = signer
        self.agents = agents
        self.sessions = sessions
        self.policy = policy
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.uri.path.hasPrefix("/console/") else { return try await next(request, context) }
        var context = context
        if let token = request.bearerToken {
            context.agent = try await authenticate(token)
        } else if let cookie = request.cookies[SessionCookie.name]?.value, !cookie.isEmpty {
            if let active = try await sessions.find(tokenHash: SessionCookie.hash(cookie), policy: policy) {
                guard Self.passesCSRFCheck(request, expected: active.session.csrfToken) else {
                    context.authenticationRefusal = .csrfFailed
                    return try await next(request, context)
                }
                context.session = active.session
                context.agent = SignedInAgent(
                    orgID: active.session.orgID,
                    agentID: active.session.agentID,
                    role: active.role,
                    sessionID: active.session.id
                )
            }
        }
        if let agent = context.agent {
            context.logger[metadataKey: "agent_id"] = .string(agent.agentID.uuidString.lowercased())
            context.logger[metadataKey: "org_id"] = .string(agent.orgID.uuidString.lowercased())
        }
        return try await next(request, context)
    }

    static func passesCSRFCheck(_ request: Request, expected: String) -> Bool {
        let changes: [HTTPRequest.Method] = [.post, .put, .patch, .delete]
        guard changes.contains(request.method) else { return true }
        guard let sent = request.headers[.init("X-CSRF-Token")!] else { return false }
        return IDTokenValidator.constantTimeEqual(sent, expected)
    }

    /// The enabled agent a valid, unexpired token names, with their current role.
    func authenticate(_ token: String) async throws -> SignedInAgent? {
        guard let identity = signer.verify(token, as: AgentIdentity.self), identity.expiresAt > Date(),
            let role = try await agents.role(orgID: identity.orgID, agentID: identity.agentID)
        else { return nil }
        return SignedInAgent(orgID: identity.orgID, agentID: identity.agentID, role: role)
    }
}
