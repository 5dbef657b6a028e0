import Foundation
import Hummingbird
import SwitchboardDomain

/// The settings panel (read by every agent, changed by admins), widget key rotation and the audit log.
struct SettingsController: Sendable {
    let service: SettingsService

    func addRoutes(to api: RouterGroup<AgentRequestContext>) {
        api.get("settings", use: show)
        let admins = api.group(context: AdminRequestContext.self)
        admins.put("settings", use: update)
        admins.post("settings/widget-key/rotate", use: rotateWidgetKey)
        admins.get("audit", use: audit)
    }

    struct SettingsPayload: Encodable, Sendable {
        let aiChatEnabled: Bool
        let timeZone: String
        let businessHours: BusinessHours
        let widgetAllowedOrigins: [String]
        let widgetKey: String
        let idleCloseMinutes: Int

        init(_ settings: ConsoleSettings) {
            aiChatEnabled = settings.aiChatEnabled
            timeZone = settings.timeZone
            businessHours = settings.businessHours
            widgetAllowedOrigins = settings.widgetAllowedOrigins
            widgetKey = settings.widgetKey
            idleCloseMinutes = settings.idleCloseMinutes
        }
    }

    @Sendable func show(request: Request, context: AgentRequestContext) async throws -> JSONResponse<SettingsPayload> {
        JSONResponse(SettingsPayload(try await service.current(orgID: context.agent.orgID)))
    }

    /// Every field is optional; the ones given replace the stored values.
    struct UpdateRequest: Decodable, SettingsChangeRequest {
        let aiChatEnabled: Bool?
        let timeZone: String?
        let businessHours: BusinessHours?
        let widgetAllowedOrigins: [String]?
        let idleCloseMinutes: Int?
    }

    @Sendable func update(request: Request, context: AdminRequestContext) async throws -> JSONResponse<SettingsPayload> {
        // Decoded here, not through request.decode, to name the setting in a shape error.
        let body = try await JSONRequestBody.decode(
            UpdateRequest.self,
            from: request,
            limit: context.maxUploadSize,
            decoder: JSONDecoder(),
            shapeError: Self.invalidSettings
        )
        let settings = try await service.update(
            orgID: context.agent.orgID,
            agentID: context.agent.agentID,
            change: body.change
        )
        return JSONResponse(SettingsPayload(settings))
    }

    @Sendable func rotateWidgetKey(request: Request, context: AdminRequestContext) async throws -> JSONResponse<SettingsPayload> {
        JSONResponse(SettingsPayload(try await service.rotateWidgetKey(orgID: context.agent.orgID, agentID: context.agent.agentID)))
    }

    struct AuditEntryPayload: Encodable, Sendable {
        let at: Date
        let actor: String
        let action: String
        let targetKind: String?
        let targetId: String?
        let details: JSONValue
    }

    struct AuditResponse: Encodable, Sendable {
        let entries: [AuditEntryPayload]
    }

    @Sendable func audit(request: Request, context: AdminRequestContext) async throws -> JSONResponse<AuditResponse> {
        let limit = request.uri.queryParameters["limit"].flatMap { Int($0) } ?? 50
        let entries = try await service.auditEntries(orgID: context.agent.orgID, limit: limit)
        return JSONResponse(
            AuditResponse(
                entries: entries.map { entry in
                    AuditEntryPayload(
                        at: entry.at,
                        actor: entry.actor,
                        action: entry.action,
                        targetKind: entry.targetKind,
                        targetId: entry.targetID,
                        details: (try? JSONDecoder().decode(JSONValue.self, from: Data(entry.detailsJSON.utf8))) ?? .object([:])
                    )
                }
            )
        )
    }

    /// Names the field whose JSON type is wrong, and the shape it should have.
    static func invalidSettings(_ error: DecodingError) -> APIError {
        let path: [any CodingKey]
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context), .dataCorrupted(let context):
            path = context.codingPath
        @unknown default:
            path = []
        }
        let field = path.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        return APIError(
            .unprocessableContent,
            code: "invalid_settings",
            message: (field.isEmpty ? "The settings are not a JSON object. " : "\(field) has the wrong type. ")
                + "Send aiChatEnabled as true/false, timeZone as text, businessHours as {\"mon\": [[\"09:00\", \"17:00\"]], ...}, "
                + "widgetAllowedOrigins as a list of texts and idleCloseMinutes as a whole number."
        )
    }
}

/// A request body naming the settings to change: the console's and the REST API's.
protocol SettingsChangeRequest {
    var aiChatEnabled: Bool? { get }
    var timeZone: String? { get }
    var businessHours: BusinessHours? { get }
    var widgetAllowedOrigins: [String]? { get }
    var idleCloseMinutes: Int? { get }
}

extension SettingsChangeRequest {
    /// The settings the body names; the others stay as stored.
    var change: SettingsChange {
        SettingsChange(
            aiChatEnabled: aiChatEnabled,
            timeZone: timeZone,
            businessHours: businessHours,
            widgetAllowedOrigins: widgetAllowedOrigins,
            idleCloseMinutes: idleCloseMinutes
        )
    }
}
