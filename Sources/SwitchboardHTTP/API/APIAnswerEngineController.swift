import Foundation
import Hummingbird
import SwitchboardDomain

/// `GET`/`PATCH /api/v1/settings/answer-engine` (scope `admin`): the organisation's answer engine.
/// Changes are audited under the API key; the provider key is write-only (`api_key_set` only).
struct APIAnswerEngineController: Sendable {
    let service: AnswerEngineSettingsService

    func addRoutes(to api: RouterGroup<APIKeyRequestContext>) {
        // Every route here needs the admin scope; the context checks it before a handler runs.
        let v1 = api.group(context: AdminAPIContext.self)
        v1.get("settings/answer-engine", use: show)
        v1.patch("settings/answer-engine", use: update)
    }

    @Sendable func show(request: Request, context: AdminAPIContext) async throws -> APIResponse<AnswerEngineSettingsPayload> {
        APIResponse(value: AnswerEngineSettingsPayload(try await service.current(orgID: context.orgID)))
    }

    @Sendable func update(request: Request, context: AdminAPIContext) async throws -> APIResponse<AnswerEngineSettingsPayload> {
        let body = try await context.decode(AnswerEngineSettingsUpdate.self, from: request)
        let settings = try await service.update(orgID: context.orgID, by: .apiKey(context.apiKey.id), change: body.change)
        return APIResponse(value: AnswerEngineSettingsPayload(settings))
    }
}
