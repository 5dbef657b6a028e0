import Foundation
import Hummingbird
import SwitchboardDomain

/// The console's admin page for REST API keys: list, create (the secret is shown once), revoke.
struct APIKeyAdminController: Sendable {
    let keys: APIKeyService

    func addRoutes(to router: Router<SwitchboardRequestContext>) {
        let admin = router.group("console/api/admin/api-keys", context: AgentRequestContext.self)
            .group(context: AdminRequestContext.self)
        admin.get(use: list)
        admin.post(use: create)
        admin.post("{id}/revoke", use: revoke)
    }

    /// A key as the console shows it; `secret` only in the response to its creation.
    struct KeyPayload: Encodable, Sendable {
        let id: UUID
        let name: String
        let prefix: String
        let scopes: [String]
        let createdAt: Date
        @Explicit var lastUsedAt: Date?
        @Explicit var revokedAt: Date?
        let secret: String?

        init(_ key: APIKey, secret: String? = nil) {
            id = key.id
            name = key.name
            prefix = key.displayPrefix
            scopes = key.scopes.map(\.rawValue)
            createdAt = key.createdAt
            lastUsedAt = key.lastUsedAt
            revokedAt = key.revokedAt
            self.secret = secret
        }
    }

    /// The keys, and every scope a new key can have (the console's checkboxes).
    struct ListResponse: Encodable, Sendable {
        let apiKeys: [KeyPayload]
        let scopes: [String]
    }

    @Sendable func list(request: Request, context: AdminRequestContext) async throws -> JSONResponse<ListResponse> {
        let keys = try await keys.list(orgID: context.agent.orgID)
        return JSONResponse(ListResponse(apiKeys: keys.map { KeyPayload($0) }, scopes: APIScope.allCases.map(\.rawValue)))
    }

    struct CreateRequest: Decodable {
        let name: String
        let scopes: [String]
    }

    struct KeyResponse: Encodable, Sendable {
        let apiKey: KeyPayload
    }

    @Sendable func create(request: Request, context: AdminRequestContext) async throws -> JSONResponse<KeyResponse> {
        let body = try await request.decode(as: CreateRequest.self, context: context)
        let issued = try await keys.create(
            orgID: context.agent.orgID,
            name: body.name,
            scopes: body.scopes,
            by: .agent(context.agent.agentID)
        )
        return JSONResponse(KeyResponse(apiKey: KeyPayload(issued.key, secret: issued.secret)), status: .created)
    }

    @Sendable func revoke(request: Request, context: AdminRequestContext) async throws -> JSONResponse<KeyResponse> {
        let id = try context.parameters.uuid(
            notFound: SimpleDomainError(.notFound, code: "api_key_not_found", message: "There is no such API key in this organisation.")
        )
        let key = try await keys.revoke(orgID: context.agent.orgID, keyID: id, by: .agent(context.agent.agentID))
        return JSONResponse(KeyResponse(apiKey: KeyPayload(key)))
    }
}
