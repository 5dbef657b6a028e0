import Foundation
import Hummingbird
import SwitchboardDomain

extension WidgetController {
    struct TranscriptEmailRequest: Decodable {
        let email: String
    }

    struct TranscriptEmailResponse: Encodable, Sendable {
        /// `pending` until the organisation's mail server took it.
        let status: EmailDelivery.Status
        let recipient: String
    }

    /// The customer asks for the ended chat's transcript at an address they type.
    @Sendable func emailTranscript(request: Request, context: CustomerRequestContext) async throws -> JSONResponse<TranscriptEmailResponse> {
        let customer = context.customer
        let body = try await request.decode(as: TranscriptEmailRequest.self, context: context)
        let queued = try await email.customerRequestedTranscript(
            orgID: customer.orgID,
            conversationID: customer.conversationID,
            address: body.email
        )
        return JSONResponse(TranscriptEmailResponse(status: queued.status, recipient: queued.recipient), status: .accepted)
    }
}
