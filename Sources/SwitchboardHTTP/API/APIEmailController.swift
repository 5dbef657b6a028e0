import Foundation
import Hummingbird
import SwitchboardDomain

/// Email in /api/v1: `GET`/`PATCH /settings/email` (scope `admin`; the password is write-only,
/// `password_set` only, and changes are audited under the API key), a conversation's emails
/// (`conversations:read`) and `POST /conversations/{id}/transcript-email` (`conversations:write`).
struct APIEmailController: Sendable {
    let email: EmailService
    let settings: EmailSettingsService

    func addRoutes(to api: RouterGroup<APIKeyRequestContext>) {
        let admins = api.group(context: AdminAPIContext.self)
        admins.get("settings/email", use: show)
        admins.patch("settings/email", use: update)
        api.group(context: ConversationsReadContext.self).get("conversations/{id}/emails", use: deliveries)
        api.group(context: ConversationsWriteContext.self).post("conversations/{id}/transcript-email", use: sendTranscript)
    }

    @Sendable func show(request: Request, context: AdminAPIContext) async throws -> APIResponse<EmailSettingsPayload> {
        APIResponse(value: EmailSettingsPayload(try await settings.current(orgID: context.orgID)))
    }

    @Sendable func update(request: Request, context: AdminAPIContext) async throws -> APIResponse<EmailSettingsPayload> {
        let body = try await context.decode(EmailSettingsUpdate.self, from: request)
        let stored = try await settings.update(orgID: context.orgID, by: .apiKey(context.apiKey.id), change: body.change)
        return APIResponse(value: EmailSettingsPayload(stored))
    }

    struct DeliveriesResponse: Encodable, Sendable {
        let data: [EmailDeliveryPayload]
    }

    @Sendable func deliveries(request: Request, context: ConversationsReadContext) async throws -> APIResponse<DeliveriesResponse> {
        let found = try await email.deliveries(orgID: context.orgID, conversationID: try APIConversationController.id(context))
        return APIResponse(value: DeliveriesResponse(data: found.map(EmailDeliveryPayload.init)))
    }

    struct DeliveryResponse: Encodable, Sendable {
        let email: EmailDeliveryPayload
    }

    /// Queues the transcript for the customer's address (202); a transcript still waiting is returned instead.
    @Sendable func sendTranscript(request: Request, context: ConversationsWriteContext) async throws -> APIResponse<DeliveryResponse> {
        let queued = try await email.sendTranscript(
            orgID: context.orgID,
            conversationID: try APIConversationController.id(context),
            requestedBy: nil
        )
        return APIResponse(value: DeliveryResponse(email: EmailDeliveryPayload(queued)), status: .accepted)
    }
}
