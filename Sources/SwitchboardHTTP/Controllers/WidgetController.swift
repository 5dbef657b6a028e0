import Foundation
import HTTPTypes
import Hummingbird
import SwitchboardDomain

/// The public widget API: keyed by the organisation's widget key, then by a customer token.
public struct WidgetController: Sendable {
    let organisations: any OrganisationRepository
    let conversations: any ConversationRepository
    let service: ConversationService
    let handoff: HandoffService
    let tokens: CustomerTokens
    let limits: WidgetRateLimits
    /// A widget that reads its messages is open: polling widgets (sockets blocked) report here.
    let customerPresence: any CustomerPresenceRepository
    /// The transcript by email, offered once the chat has ended.
    let email: EmailService

    public func addRoutes(to router: Router<SwitchboardRequestContext>) {
        let widget = router.group("widget/v1").add(middleware: WidgetCORSMiddleware())
        widget.post("conversations", use: start)
        // Everything about one conversation is its customer's alone: the context proves it.
        let conversation = widget.group("conversations/{id}")
            .add(middleware: CustomerAuthenticationMiddleware(tokens: tokens, organisations: organisations))
            .group(context: CustomerRequestContext.self)
        conversation.get("messages", use: messages)
        conversation.post("messages", use: send)
        conversation.post("handoff", use: requestHuman)
        conversation.post("after-hours", use: afterHours)
        conversation.post("token", use: refreshToken)
        conversation.post("rating", use: rate)
        conversation.post("transcript-email", use: emailTranscript)
        conversation.post("attachments", use: upload)
        conversation.get("attachments/{attachmentId}", use: download)
    }

    struct StartRequest: Decodable {
        let widgetKey: String
        let pageUrl: String?
        let context: [String: JSONValue]?
        /// The browser's own random id, so people behind one address are limited one by one.
        let visitorId: String?
    }

    struct StartResponse: Encodable, Sendable {
        let conversationId: UUID
        let customerToken: String
        let tokenExpiresAt: Date
        let mode: Conversation.Mode
        let organisationName: String
        let messages: [MessagePayload]
    }

    @Sendable func start(request: Request, context: SwitchboardRequestContext) async throws -> JSONResponse<StartResponse> {
        let body = try await request.decode(as: StartRequest.self, context: context)
        let visitor = try body.visitorId.map(WidgetRateLimits.visitorKey)
        try await limits.admitStart(visitor: visitor, address: context.clientIP, widgetKey: body.widgetKey)
        guard let organisation = try await organisations.find(widgetKey: body.widgetKey) else {
            throw APIError(
                .notFound,
                code: "unknown_widget_key",
                message: "No organisation uses this widget key; copy it again from the console's settings."
            )
        }
        try await checkOrigin(request, orgID: organisation.id)
        let summary = try await service.start(
            orgID: organisation.id,
            pageURL: body.pageUrl,
            contextJSON: body.context.map { JSONValue.object($0).text }
        )
        let token = try tokens.issue(orgID: organisation.id, conversationID: summary.id)
        let messages = try await conversations.messages(orgID: organisation.id, conversationID: summary.id, afterSeq: 0, limit: 100)
        return JSONResponse(
            StartResponse(
                conversationId: summary.id,
                customerToken: token.token,
                tokenExpiresAt: token.expiresAt,
                mode: summary.mode,
                organisationName: organisation.name,
                messages: messages.map(MessagePayload.init)
            ),
            status: .created
        )
    }

    struct MessagesResponse: Encodable, Sendable {
        let mode: Conversation.Mode
        let agentName: String?
        let messages: [MessagePayload]
        /// The customer's rating, once the chat has ended and they gave one.
        let satisfaction: SatisfactionPayload?
        /// Whether the widget offers the transcript by email (ended chats only).
        let transcriptEmail: Bool
    }

    @Sendable func messages(request: Request, context: CustomerRequestContext) async throws -> JSONResponse<MessagesResponse> {
        let customer = context.customer
        let after = Int64(request.uri.queryParameters["after"].flatMap { Int64($0) } ?? 0)
        guard let summary = try await conversations.find(orgID: customer.orgID, conversationID: customer.conversationID) else {
            throw APIError.unauthorized
        }
        try tokens.checkReadable(summary)
        let messages = try await conversations.messages(
            orgID: customer.orgID,
            conversationID: customer.conversationID,
            afterSeq: max(0, after),
            limit: 500
        )
        // Without this a customer whose network blocks WebSockets would count as gone, and every
        // agent reply would also be emailed to them. Presence is a hint: a failure only logs.
        do {
            try await customerPresence.seen(orgID: customer.orgID, conversationIDs: [customer.conversationID])
        } catch {
            context.logger.warning("could not record the customer's presence", metadata: ["error": "\(type(of: error))"])
        }

        // Only an ended chat can carry a rating or be emailed: an open one (the common poll) costs no extra query.
        let ended = SatisfactionRating.ratableModes.contains(summary.mode)
        let satisfaction = ended ? try await conversations.satisfaction(orgID: customer.orgID, conversationID: customer.conversationID) : nil
        let transcriptEmail = ended ? try await email.transcriptsOffered(orgID: customer.orgID) : false
        return JSONResponse(
            MessagesResponse(
                mode: summary.mode,
                agentName: summary.ownerName,
                messages: messages.map(MessagePayload.init),
                satisfaction: satisfaction.map(SatisfactionPayload.init),
                transcriptEmail: transcriptEmail
            )
        )
    }

    struct SendRequest: Decodable {
        let clientMessageId: String?
        let body: String
    }

    struct SendResponse: Encodable, Sendable {
        let message: MessagePayload
    }

    @Sendable func send(request: Request, context: CustomerRequestContext) async throws -> JSONResponse<SendResponse> {
        let customer = context.customer
        let body = try await request.decode(as: SendRequest.self, context: context)
        try await limits.admitMessage(conversation: customer.conversationID, address: context.clientIP)
        let sent = try await service.receiveCustomerMessage(
            orgID: customer.orgID,
            conversationID: customer.conversationID,
            clientMessageID: body.clientMessageId,
            body: body.body
        )
        return JSONResponse(SendResponse(message: .init(sent.message)), status: sent.duplicate ? .ok : .created)
    }

    struct HandoffRequest: Decodable {
        let reason: String?
    }

    struct HandoffResponse: Encodable, Sendable {
        let mode: Conversation.Mode
        let afterHours: Bool
    }

    @Sendable func requestHuman(request: Request, context: CustomerRequestContext) async throws -> JSONResponse<HandoffResponse> {
        let customer = context.customer
        let body = try await request.decode(as: HandoffRequest.self, context: context)
        let summary = try await handoff.requestHuman(orgID: customer.orgID, conversationID: customer.conversationID, reason: body.reason ?? "")
        return JSONResponse(
            HandoffResponse(mode: summary.mode, afterHours: summary.status == "after-hours"),
        )
    }

    struct AfterHoursRequest: Decodable {
        let name: String
        let email: String
        let reason: String
    }

    @Sendable func afterHours(request: Request, context: CustomerRequestContext) async throws -> Response {
        let customer = context.customer
        let body = try await request.decode(as: AfterHoursRequest.self, context: context)
        try await handoff.submitAfterHoursForm(
            orgID: customer.orgID,
            conversationID: customer.conversationID,
            name: body.name,
            email: body.email,
            reason: body.reason
        )
        return Response(status: .noContent)
    }

    struct TokenResponse: Encodable, Sendable {
        let customerToken: String
        let tokenExpiresAt: Date
    }

    /// A fresh token for the same conversation: while it is open, and within the reading window after it ended.
    @Sendable func refreshToken(request: Request, context: CustomerRequestContext) async throws -> JSONResponse<TokenResponse> {
        let customer = context.customer
        guard let summary = try await conversations.find(orgID: customer.orgID, conversationID: customer.conversationID) else {
            throw APIError.unauthorized
        }
        let token = try tokens.refresh(customer, conversation: summary)
        return JSONResponse(TokenResponse(customerToken: token.token, tokenExpiresAt: token.expiresAt))
    }

    struct RatingRequest: Decodable {
        let rating: Int
        let comment: String?
    }

    struct RatingResponse: Encodable, Sendable {
        let satisfaction: SatisfactionPayload
    }

    /// "How did we do?": the customer rates the chat once it has ended, while its token still reads it.
    @Sendable func rate(request: Request, context: CustomerRequestContext) async throws -> JSONResponse<RatingResponse> {
        let customer = context.customer
        let body = try await request.decode(as: RatingRequest.self, context: context)
        let stored = try await service.rate(
            orgID: customer.orgID,
            conversationID: customer.conversationID,
            rating: body.rating,
            comment: body.comment
        )
        return JSONResponse(RatingResponse(satisfaction: SatisfactionPayload(stored)))
    }

    /// The customer sends an image or a PDF (raw body, `?name=`, `?clientMessageId=`).
    @Sendable func upload(request: Request, context: CustomerRequestContext) async throws -> JSONResponse<SendResponse> {
        let customer = context.customer
        try await limits.admitMessage(conversation: customer.conversationID, address: context.clientIP)
        let outcome = try await service.receiveCustomerAttachment(
            orgID: customer.orgID,
            conversationID: customer.conversationID,
            clientMessageID: AttachmentHTTP.query(request, "clientMessageId"),
            name: AttachmentHTTP.query(request, "name"),
            data: try await AttachmentHTTP.body(request)
        )
        return JSONResponse(SendResponse(message: .init(outcome.message)), status: outcome.duplicate ? .ok : .created)
    }

    /// A file of the customer's own conversation (the token is read from the Authorization header).
    @Sendable func download(request: Request, context: CustomerRequestContext) async throws -> Response {
        let customer = context.customer
        let file = try await service.attachment(
            orgID: customer.orgID,
            conversationID: customer.conversationID,
            attachmentID: try AttachmentHTTP.attachmentID(context)
        )
        return AttachmentHTTP.response(file)
    }

    /// The customer's identity from the token, after checking the page's origin.
    func checkOrigin(_ request: Request, orgID: UUID) async throws {
        try await OriginPolicy.check(request, orgID: orgID, organisations: organisations)
    }
}
