import Foundation
import Hummingbird
import SwitchboardDomain

/// The signed-in agent's own account: `GET`/`PATCH /console/api/me`, `POST /console/api/logout`.
public struct AccountController: Sendable {
    let signIn: ConsoleSignIn
    let organisations: any OrganisationRepository

    public init(signIn: ConsoleSignIn, organisations: any OrganisationRepository) {
        self.signIn = signIn
        self.organisations = organisations
    }

    public func addRoutes(to router: Router<SwitchboardRequestContext>) {
        let group = router.group("console/api", context: AgentRequestContext.self)
        group.get("me", use: me)
        group.patch("me", use: rename)
        group.post("logout", use: logout)
    }

    /// `GET /console/api/me`; absent values are sent as null, so the console sees every field.
    struct Me: Encodable, Sendable {
        struct Agent: Encodable, Sendable {
            var id: UUID
            var displayName: String
            @Explicit var signInName: String?
            @Explicit var displayNameOverride: String?
            @Explicit var email: String?
            var role: AgentRole
        }
        struct Org: Encodable, Sendable {
            var id: UUID
            var name: String
            var slug: String
            var isDemo: Bool
        }
        var agent: Agent
        var organisation: Org
        /// Send it back as `X-CSRF-Token` on every change; nil for bearer-token callers.
        @Explicit var csrfToken: String?
    }

    @Sendable func me(request: Request, context: AgentRequestContext) async throws -> JSONResponse<Me> {
        guard let account = try await signIn.accounts.account(orgID: context.agent.orgID, agentID: context.agent.agentID) else {
            throw APIError.unauthorized
        }
        return JSONResponse(try await describe(account, context: context))
    }

    struct Rename: Decodable {
        var displayNameOverride: String?
    }

    @Sendable func rename(request: Request, context: AgentRequestContext) async throws -> JSONResponse<Me> {
        let body = try await request.decode(as: Rename.self, context: context)
        let account = try await signIn.accounts.setDisplayNameOverride(
            orgID: context.agent.orgID,
            agentID: context.agent.agentID,
            name: body.displayNameOverride
        )
        return JSONResponse(try await describe(account, context: context))
    }

    /// Ends this browser's session (its sockets close on every instance) and clears the cookie.
    @Sendable func logout(request: Request, context: AgentRequestContext) async throws -> Response {
        if let sessionID = context.agent.sessionID {
            try await signIn.sessions.revoke(orgID: context.agent.orgID, sessionID: sessionID)
        }
        var response = Response(status: .noContent)
        response.setCookie(SessionCookie.cleared(for: request))
        return response
    }

    private func describe(_ account: AgentAccount, context: AgentRequestContext) async throws -> Me {
        guard let organisation = try await organisations.find(id: account.orgID) else { throw APIError.unauthorized }
        return Me(
            agent: .init(
                id: account.id,
                displayName: account.displayName,
                signInName: account.signInName,
                displayNameOverride: account.displayNameOverride,
                email: account.email,
                role: account.role
            ),
            organisation: .init(id: organisation.id, name: organisation.name, slug: organisation.slug, isDemo: organisation.isDemo),
            csrfToken: context.session?.csrfToken
        )
    }
}
