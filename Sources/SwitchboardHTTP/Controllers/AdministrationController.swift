import Foundation
import Hummingbird
import SwitchboardDomain

/// Administration of sign-in (admin role): the organisation's single sign-on settings and its agents.
/// `GET`/`PUT /console/api/sso`, `GET /console/api/admin/agents`, `PUT /console/api/admin/agents/{id}`.
public struct AdministrationController: Sendable {
    let signIn: ConsoleSignIn

    public init(signIn: ConsoleSignIn) {
        self.signIn = signIn
    }

    public func addRoutes(to router: Router<SwitchboardRequestContext>) {
        let group = router.group("console/api", context: AgentRequestContext.self).group(context: AdminRequestContext.self)
        group.get("sso", use: singleSignOn)
        group.put("sso", use: saveSingleSignOn)
        group.get("admin/agents", use: agents)
        group.put("admin/agents/{id}", use: updateAgent)
    }

    /// The settings as the console shows them: the client secret is never sent back.
    struct SingleSignOnSettings: Encodable, Sendable {
        @Explicit var issuer: String?
        @Explicit var clientId: String?
        var clientSecretSet: Bool
        @Explicit var roleClaim: String?
        var scopes: [String]
        var tokenAuthMethod: String
        var allowedAlgorithms: [String]
        @Explicit var updatedAt: Date?

        init(_ configuration: SingleSignOnConfiguration?) {
            let defaults = SingleSignOnConfiguration(issuer: "", clientID: "", sealedClientSecret: Data())
            issuer = configuration?.issuer
            clientId = configuration?.clientID
            clientSecretSet = configuration != nil
            roleClaim = configuration?.roleClaim
            scopes = configuration?.scopes ?? defaults.scopes
            tokenAuthMethod = (configuration?.tokenAuthMethod ?? defaults.tokenAuthMethod).rawValue
            allowedAlgorithms = configuration?.allowedAlgorithms ?? defaults.allowedAlgorithms
            updatedAt = configuration?.updatedAt
        }

        enum CodingKeys: String, CodingKey {
            case issuer, clientId, clientSecretSet, roleClaim, scopes, tokenAuthMethod, allowedAlgorithms, updatedAt
        }
    }

    @Sendable func singleSignOn(request: Request, context: AdminRequestContext) async throws -> JSONResponse<SingleSignOnSettings> {
        JSONResponse(SingleSignOnSettings(try await signIn.singleSignOn.configuration(orgID: context.agent.orgID)))
    }

    /// A write: the secret may be left out to keep the stored one.
    struct SingleSignOnUpdate: Decodable {
        var issuer: String
        var clientId: String
        var clientSecret: String?
        var roleClaim: String?
        var scopes: [String]?
        var tokenAuthMethod: String?
        var allowedAlgorithms: [String]?
    }

    @Sendable func saveSingleSignOn(request: Request, context: AdminRequestContext) async throws -> JSONResponse<SingleSignOnSettings> {
        let update = try await request.decode(as: SingleSignOnUpdate.self, context: context)
        let orgID = context.agent.orgID
        let existing = try await signIn.singleSignOn.configuration(orgID: orgID)
        let sealed: Data
        if let secret = update.clientSecret, !secret.isEmpty {
            sealed = try signIn.secrets.seal(secret)
        } else if let existing {
            sealed = existing.sealedClientSecret
        } else {
            throw APIError(.unprocessableContent, code: "client_secret_required", message: "Give the client secret the provider issued.")
        }
        var configuration = SingleSignOnConfiguration(
            issuer: update.issuer.trimmingCharacters(in: .whitespaces),
            clientID: update.clientId.trimmingCharacters(in: .whitespaces),
            sealedClientSecret: sealed,
            roleClaim: update.roleClaim.flatMap { $0.isEmpty ? nil : $0 }
        )
        if let scopes = update.scopes { configuration.scopes = scopes }
        if let algorithms = update.allowedAlgorithms { configuration.allowedAlgorithms = algorithms }
        if let method = update.tokenAuthMethod {
            guard let parsed = SingleSignOnConfiguration.TokenAuthMethod(rawValue: method) else {
                throw APIError(
                    .unprocessableContent,
                    code: "invalid_token_auth_method",
                    message: "tokenAuthMethod must be client_secret_basic or client_secret_post."
                )
            }
            configuration.tokenAuthMethod = parsed
        }
        try await signIn.singleSignOn.save(orgID: orgID, configuration, by: .agent(context.agent.agentID))
        return JSONResponse(SingleSignOnSettings(try await signIn.singleSignOn.configuration(orgID: orgID)))
    }

    /// An agent as the admin list shows them.
    struct AgentEntry: Encodable, Sendable {
        var id: UUID
        var displayName: String
        var signInName: String?
        var email: String?
        var role: AgentRole
        var disabled: Bool
        var lastSignInAt: Date?

        init(_ account: AgentAccount) {
            id = account.id
            displayName = account.displayName
            signInName = account.signInName
            email = account.email
            role = account.role
            disabled = account.disabled
            lastSignInAt = account.lastSignInAt
        }
    }

    struct AgentList: Encodable, Sendable {
        var agents: [AgentEntry]
    }

    @Sendable func agents(request: Request, context: AdminRequestContext) async throws -> JSONResponse<AgentList> {
        JSONResponse(AgentList(agents: try await signIn.accounts.accounts(orgID: context.agent.orgID).map(AgentEntry.init)))
    }

    struct AgentUpdate: Decodable {
        var role: AgentRole?
        var disabled: Bool?
    }

    @Sendable func updateAgent(request: Request, context: AdminRequestContext) async throws -> JSONResponse<AgentEntry> {
        let agentID = try context.parameters.uuid(notFound: APIError(SimpleDomainError.agentNotFound))
        let update = try await request.decode(as: AgentUpdate.self, context: context)
        if agentID == context.agent.agentID, update.disabled == true || (update.role.map { $0 < .admin } ?? false) {
            throw APIError(
                .unprocessableContent,
                code: "cannot_demote_yourself",
                message: "You cannot disable yourself or give up your own admin role; ask another admin."
            )
        }
        guard
            let account = try await signIn.accounts.update(
                orgID: context.agent.orgID,
                agentID: agentID,
                role: update.role,
                disabled: update.disabled,
                by: .agent(context.agent.agentID)
            )
        else { throw APIError(SimpleDomainError.agentNotFound) }
        return JSONResponse(AgentEntry(account))
    }
}
