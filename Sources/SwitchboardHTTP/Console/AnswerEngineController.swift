import Foundation
import Hummingbird
import SwitchboardDomain

/// The organisation's answer engine on the console (admin role): `GET`/`PUT /console/api/answer-engine`.
/// The API key is write-only: responses say only whether one is set.
struct AnswerEngineController: Sendable {
    let service: AnswerEngineSettingsService

    func addRoutes(to api: RouterGroup<AgentRequestContext>) {
        let admins = api.group(context: AdminRequestContext.self)
        admins.get("answer-engine", use: show)
        admins.put("answer-engine", use: update)
    }

    @Sendable func show(request: Request, context: AdminRequestContext) async throws -> JSONResponse<AnswerEngineSettingsPayload> {
        JSONResponse(AnswerEngineSettingsPayload(try await service.current(orgID: context.agent.orgID)))
    }

    /// Partial: the fields given replace the stored ones; the change is audited under the agent.
    @Sendable func update(request: Request, context: AdminRequestContext) async throws -> JSONResponse<AnswerEngineSettingsPayload> {
        let body = try await JSONRequestBody.decode(
            AnswerEngineSettingsUpdate.self,
            from: request,
            limit: context.maxUploadSize,
            decoder: JSONDecoder()
        ) { error in
            APIError(.unprocessableContent, code: "invalid_answer_engine", message: APIJSON.message(for: error, keys: .camelCase))
        }
        let settings = try await service.update(orgID: context.agent.orgID, by: .agent(context.agent.agentID), change: body.change)
        return JSONResponse(AnswerEngineSettingsPayload(settings))
    }
}

/// The engine settings as responses show them (camelCase on the console, snake_case in /api/v1):
/// never the API key, only whether one is set.
struct AnswerEngineSettingsPayload: Encodable, Sendable {
    let enabled: Bool
    let baseUrl: String
    let urlQuery: String
    let model: String
    let apiKeySet: Bool
    let keyHeader: String
    let connectTimeoutMs: Int
    let firstTokenTimeoutMs: Int
    let totalTimeoutMs: Int
    let maxTokens: Int
    let instructions: String
    @Explicit var updatedAt: Date?

    init(_ settings: AnswerEngineSettings) {
        enabled = settings.enabled
        baseUrl = settings.baseURL
        urlQuery = settings.urlQuery
        model = settings.model
        apiKeySet = settings.apiKeySet
        keyHeader = settings.keyHeader.rawValue
        connectTimeoutMs = settings.connectTimeoutMilliseconds
        firstTokenTimeoutMs = settings.firstTokenTimeoutMilliseconds
        totalTimeoutMs = settings.totalTimeoutMilliseconds
        maxTokens = settings.maxTokens
        instructions = settings.instructions
        updatedAt = settings.updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case enabled, baseUrl, urlQuery, model, apiKeySet, keyHeader, connectTimeoutMs, firstTokenTimeoutMs, totalTimeoutMs
        case maxTokens, instructions, updatedAt
    }
}

/// A change as the console (camelCase) and /api/v1 (snake_case) send it; every field optional.
struct AnswerEngineSettingsUpdate: Decodable {
    let enabled: Bool?
    let baseUrl: String?
    let urlQuery: String?
    let model: String?
    /// Write-only: sealed before it is stored, never returned.
    let apiKey: String?
    let removeApiKey: Bool?
    let keyHeader: String?
    let connectTimeoutMs: Int?
    let firstTokenTimeoutMs: Int?
    let totalTimeoutMs: Int?
    let maxTokens: Int?
    let instructions: String?

    var change: AnswerEngineSettingsChange {
        AnswerEngineSettingsChange(
            enabled: enabled,
            baseURL: baseUrl,
            urlQuery: urlQuery,
            model: model,
            apiKey: apiKey,
            removeAPIKey: removeApiKey ?? false,
            keyHeader: keyHeader,
            connectTimeoutMilliseconds: connectTimeoutMs,
            firstTokenTimeoutMilliseconds: firstTokenTimeoutMs,
            totalTimeoutMilliseconds: totalTimeoutMs,
            maxTokens: maxTokens,
            instructions: instructions
        )
    }
}
