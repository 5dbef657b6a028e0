import Foundation
import Hummingbird
import SwitchboardDomain

/// Email on the console: the SMTP settings, a test email and recent failures (admin role), and a
/// conversation's emails and "Email transcript" (any agent of the organisation). The password is
/// write-only: responses say only whether one is set.
struct EmailController: Sendable {
    let email: EmailService
    let settings: EmailSettingsService

    func addRoutes(to api: RouterGroup<AgentRequestContext>) {
        api.get("conversations/{id}/emails", use: deliveries)
        api.post("conversations/{id}/emails/transcript", use: sendTranscript)
        let admins = api.group(context: AdminRequestContext.self)
        admins.get("email", use: show)
        admins.put("email", use: update)
        admins.post("email/test", use: test)
        admins.get("email/failures", use: failures)
    }

    struct DeliveriesResponse: Encodable, Sendable {
        let emails: [EmailDeliveryPayload]
    }

    @Sendable func deliveries(request: Request, context: AgentRequestContext) async throws -> JSONResponse<DeliveriesResponse> {
        let found = try await email.deliveries(orgID: context.agent.orgID, conversationID: try Self.id(context))
        return JSONResponse(DeliveriesResponse(emails: found.map(EmailDeliveryPayload.init)))
    }

    struct DeliveryResponse: Encodable, Sendable {
        let email: EmailDeliveryPayload
    }

    /// Queues the transcript for the customer's address (202); a transcript still waiting is returned instead.
    @Sendable func sendTranscript(request: Request, context: AgentRequestContext) async throws -> JSONResponse<DeliveryResponse> {
        let queued = try await email.sendTranscript(
            orgID: context.agent.orgID,
            conversationID: try Self.id(context),
            requestedBy: context.agent.agentID
        )
        return JSONResponse(DeliveryResponse(email: EmailDeliveryPayload(queued)), status: .accepted)
    }

    @Sendable func show(request: Request, context: AdminRequestContext) async throws -> JSONResponse<EmailSettingsPayload> {
        JSONResponse(EmailSettingsPayload(try await settings.current(orgID: context.agent.orgID)))
    }

    /// Partial: the fields given replace the stored ones; the change is audited under the agent.
    @Sendable func update(request: Request, context: AdminRequestContext) async throws -> JSONResponse<EmailSettingsPayload> {
        let body = try await JSONRequestBody.decode(
            EmailSettingsUpdate.self,
            from: request,
            limit: context.maxUploadSize,
            decoder: JSONDecoder()
        ) { error in
            APIError(.unprocessableContent, code: "invalid_email_settings", message: APIJSON.message(for: error, keys: .camelCase))
        }
        let stored = try await settings.update(orgID: context.agent.orgID, by: .agent(context.agent.agentID), change: body.change)
        return JSONResponse(EmailSettingsPayload(stored))
    }

    struct TestRequest: Decodable {
        let to: String
    }

    struct TestResponse: Encodable, Sendable {
        let sent: Bool
        @Explicit var error: String?
    }

    /// Sends a test email at once through the stored settings; the answer says what the server said.
    @Sendable func test(request: Request, context: AdminRequestContext) async throws -> JSONResponse<TestResponse> {
        let body = try await JSONRequestBody.decode(TestRequest.self, from: request, limit: context.maxUploadSize, decoder: JSONDecoder()) { error in
            APIError(.unprocessableContent, code: "invalid_body", message: APIJSON.message(for: error, keys: .camelCase))
        }
        let failure = try await email.sendTest(orgID: context.agent.orgID, to: body.to)
        return JSONResponse(TestResponse(sent: failure == nil, error: failure?.reason))
    }

    struct FailuresResponse: Encodable, Sendable {
        let emails: [EmailDeliveryPayload]
    }

    @Sendable func failures(request: Request, context: AdminRequestContext) async throws -> JSONResponse<FailuresResponse> {
        let found = try await email.recentFailures(orgID: context.agent.orgID)
        return JSONResponse(FailuresResponse(emails: found.map(EmailDeliveryPayload.init)))
    }

    static func id(_ context: some RequestContext) throws -> UUID {
        try context.parameters.uuid(notFound: SimpleDomainError.conversationNotFound)
    }
}

/// The email settings as responses show them (camelCase on the console, snake_case in /api/v1):
/// never the password, only whether one is set.
struct EmailSettingsPayload: Encodable, Sendable {
    let enabled: Bool
    let host: String
    let port: Int
    let security: String
    let username: String
    let passwordSet: Bool
    let fromAddress: String
    let fromName: String
    @Explicit var updatedAt: Date?

    init(_ settings: EmailSettings) {
        enabled = settings.enabled
        host = settings.host
        port = settings.port
        security = settings.security.rawValue
        username = settings.username
        passwordSet = settings.passwordSet
        fromAddress = settings.fromAddress
        fromName = settings.fromName
        updatedAt = settings.updatedAt
    }
}

/// A change as the console (camelCase) and /api/v1 (snake_case) send it; every field optional.
struct EmailSettingsUpdate: Decodable {
    let enabled: Bool?
    let host: String?
    let port: Int?
    let security: String?
    let username: String?
    /// Write-only: sealed before it is stored, never returned.
    let password: String?
    let removePassword: Bool?
    let fromAddress: String?
    let fromName: String?

    var change: EmailSettingsChange {
        EmailSettingsChange(
            enabled: enabled,
            host: host,
            port: port,
            security: security,
            username: username,
            password: password,
            removePassword: removePassword ?? false,
            fromAddress: fromAddress,
            fromName: fromName
        )
    }
}

/// One email to a customer and its delivery state (never its body).
struct EmailDeliveryPayload: Encodable, Sendable {
    let id: UUID
    let conversationId: UUID
    let kind: String
    let recipient: String
    let subject: String
    let status: String
    let attempts: Int
    @Explicit var nextAttemptAt: Date?
    @Explicit var lastError: String?
    let createdAt: Date
    @Explicit var lastAttemptAt: Date?
    @Explicit var sentAt: Date?

    init(_ delivery: EmailDelivery) {
        id = delivery.id
        conversationId = delivery.conversationID
        kind = delivery.kind.rawValue
        recipient = delivery.recipient
        subject = delivery.subject
        status = delivery.status.rawValue
        attempts = delivery.attempts
        nextAttemptAt = delivery.nextAttemptAt
        lastError = delivery.lastError
        createdAt = delivery.createdAt
        lastAttemptAt = delivery.lastAttemptAt
        sentAt = delivery.sentAt
    }
}
