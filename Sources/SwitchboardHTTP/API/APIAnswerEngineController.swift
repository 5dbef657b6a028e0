import Foundation
import Hummingbird
import SwitchboardDomain

/// `GET`/`PATCH /api/v1/settings/answer-engine` (scope `admin`): the organisation's answer engine.
/// Changes are audited under the API key; the provider key is write-only (`api_key_set` only).
struct APIAnswerEngineController: Sendable {
    let service: AnswerEngineSettingsService

    func addRoutes(to v1: RouterGroup<APIKeyRequestContext>) {
        v1.get("settings/answer-engine", use: show)
        v1.patch("settings/answer-engine", use: update)
    }

    @Sendable func show(request: Request, context: APIKeyRequestContext) async throws -> APIResponse<AnswerEngineSettingsPayload> {
        try context.require(scope: .admin)
        return APIResponse(value: AnswerEngineSettingsPayload(try await service.current(orgID: context.orgID)))
    }

    @Sendable func update(request: Request, context: APIKeyRequestContext) async throws -> APIResponse<AnswerEngineSettingsPayload> {
        try context.require(scope: .admin)
        let body = try await context.decode(AnswerEngineSettingsUpdate.self, from: request)
        let settings = try await service.update(orgID: context.orgID, by: .apiKey(context.apiKey.id), change: body.change)
        return APIResponse(value: AnswerEngineSettingsPayload(settings))
    }
}
