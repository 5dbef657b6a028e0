import Foundation
import Hummingbird
import SwitchboardDomain

/// /api/v1/conversations: list and filter, read with transcript, post as a named agent, change
/// the mode where the lifecycle allows it, and set or clear the review flags.
struct APIConversationController: Sendable {
    let browsing: any ConversationBrowsing
    let conversations: any ConversationRepository
    let agents: any AgentDirectory
    let service: ConversationService
    let handoff: HandoffService
    let review: ReviewService

    func addRoutes(to v1: RouterGroup<APIKeyRequestContext>) {
        // The scope is part of each route: the contexts check it before a handler runs.
        let readers = v1.group(context: ConversationsReadContext.self)
        readers.get("conversations", use: list)
        readers.get("conversations/{id}", use: get)
        readers.get("conversations/{id}/attachments/{attachment_id}", use: attachment)
        let writers = v1.group(context: ConversationsWriteContext.self)
        writers.post("conversations/{id}/messages", use: postMessage)
        writers.post("conversations/{id}/mode", use: changeMode)
        writers.patch("conversations/{id}/flags", use: setFlags)
        APIChatLogExport(browsing: browsing).addRoutes(to: v1)
    }

    @Sendable func list(request: Request, context: ConversationsReadContext) async throws -> APIResponse<APIPage<APIConversationPayload>> {
        let query = APIQuery(request: request)
        let limit = try query.limit()
        let rows = try await browsing.page(orgID: context.orgID, filter: try query.conversationFilter(), after: try query.cursor(), limit: limit + 1)
        let page = Array(rows.prefix(limit))
        return APIResponse(
            value: APIPage(
                data: page.map(APIConversationPayload.init),
                nextCursor: rows.count > limit ? page.last?.cursor.token : nil
            )
        )
    }

    struct TranscriptResponse: Encodable, Sendable {
        var conversation: APIConversationPayload
        var review: ReviewPayload
        var messages: [APIMessagePayload]
        /// The team's internal notes (`internal: true`), never shown to the customer.
        var notes: [NotePayload]
        /// The customer's rating once the chat ended; null when not rated.
        @Explicit var satisfaction: APISatisfactionPayload?
    }

    @Sendable func get(request: Request, context: ConversationsReadContext) async throws -> APIResponse<TranscriptResponse> {
        let id = try Self.id(context)
        let found = try await review.find(orgID: context.orgID, conversationID: id)
        var messages: [ChatMessage] = []
        var after: Int64 = 0
        while true {
            let batch = try await conversations.messages(orgID: context.orgID, conversationID: id, afterSeq: after, limit: 1000)
            messages += batch
            guard batch.count == 1000, let last = batch.last else { break }
            after = last.seq
        }
        let notes = try await conversations.notes(orgID: context.orgID, conversationID: id)
        let satisfaction = try await conversations.satisfaction(orgID: context.orgID, conversationID: id)
        return APIResponse(
            value: TranscriptResponse(
                conversation: APIConversationPayload(found),
                review: ReviewPayload(found.review),
                messages: messages.map(APIMessagePayload.init),
                notes: notes.map(NotePayload.init),
                satisfaction: satisfaction.map(APISatisfactionPayload.init)
            )
        )
    }

    /// A file of the conversation, as stored; sent as a download, never rendered.
    @Sendable func attachment(request: Request, context: ConversationsReadContext) async throws -> Response {
        let id = try Self.id(context)
        let attachmentID = try AttachmentHTTP.attachmentID(context, parameter: "attachment_id")
        let file = try await service.attachment(orgID: context.orgID, conversationID: id, attachmentID: attachmentID)
        return AttachmentHTTP.response(file)
    }

    struct MessageRequest: Decodable {
        let agentId: UUID
        let body: String
        let clientMessageId: String?
    }

    struct MessageResponse: Encodable, Sendable {
        let message: APIMessagePayload
    }

    /// The agent must belong to the organisation and own the live conversation (else 409).
    @Sendable func postMessage(request: Request, context: ConversationsWriteContext) async throws -> APIResponse<MessageResponse> {
        let id = try Self.id(context)
        let body = try await context.decode(MessageRequest.self, from: request)
        guard try await conversations.find(orgID: context.orgID, conversationID: id) != nil else { throw SimpleDomainError.conversationNotFound }
        try await requireAgent(body.agentId, context: context)
        let sent = try await service.agentReply(
            orgID: context.orgID,
            conversationID: id,
            agentID: body.agentId,
            clientMessageID: body.clientMessageId,
            body: body.body
        )
        return APIResponse(value: MessageResponse(message: .init(sent.message)), status: sent.duplicate ? .ok : .created)
    }

    /// The lifecycle actions an API client may take; anything the state machine forbids is 409.
    enum ModeAction: String, Decodable, CaseIterable {
        case takeOver = "take_over"
        case handBack = "hand_back"
        case transfer, close, archive
    }

    struct ModeRequest: Decodable {
        let action: ModeAction
        let agentId: UUID?
        let expectedOwnerId: UUID?
        let toAgentId: UUID?
        let kbNeedsUpdate: Bool?
    }

    struct ConversationResponse: Encodable, Sendable {
        let conversation: APIConversationPayload
    }

    @Sendable func changeMode(request: Request, context: ConversationsWriteContext) async throws -> APIResponse<ConversationResponse> {
        let id = try Self.id(context)
        let body = try await context.decode(ModeRequest.self, from: request)
        let orgID = context.orgID
        // The conversation is looked up before the agent, so another organisation's id is 404 whatever the body.
        func agent() async throws -> UUID {
            guard let agentID = body.agentId else { throw Self.agentRequired(for: body.action) }
            _ = try await review.find(orgID: orgID, conversationID: id)
            try await requireAgent(agentID, context: context)
            return agentID
        }
        switch body.action {
        case .takeOver:
            // Three transactions in all (key, take-over, view): the domain finds the conversation,
            // then the agent, inside its one transaction.
            guard let agentID = body.agentId else { throw Self.agentRequired(for: body.action) }
            do {
                _ = try await handoff.takeOver(orgID: orgID, conversationID: id, agentID: agentID, expectedOwner: body.expectedOwnerId)
            } catch let error as SimpleDomainError where error == .agentNotFound {
                throw Self.unknownAgent(field: "agent_id")
            }
        case .handBack:
            _ = try await handoff.handBack(orgID: orgID, conversationID: id, agentID: try await agent())
        case .transfer:
            let from = try await agent()
            guard let to = body.toAgentId else {
                throw APIError(.unprocessableContent, code: "invalid_body", message: "to_agent_id is required for transfer.")
            }
            do {
                _ = try await handoff.transfer(orgID: orgID, conversationID: id, from: from, to: to)
            } catch let error as SimpleDomainError where error == .agentNotFound {
                throw Self.unknownAgent(field: "to_agent_id")
            }
        case .close:
            return try await view(
                review.close(
                    orgID: orgID,
                    conversationID: id,
                    agentID: try await agent(),
                    chatReviewed: true,
                    knowledgeBaseNeedsUpdate: body.kbNeedsUpdate
                )
            )
        case .archive:
            return try await view(review.archive(orgID: orgID, conversationID: id))
        }
        return try await view(orgID: orgID, conversationID: id)
    }

    /// The conversation as the response shows it after a change.
    func view(orgID: UUID, conversationID: UUID) async throws -> APIResponse<ConversationResponse> {
        view(try await review.find(orgID: orgID, conversationID: conversationID))
    }

    func view(_ conversation: ReviewedConversation) -> APIResponse<ConversationResponse> {
        APIResponse(value: ConversationResponse(conversation: APIConversationPayload(conversation)))
    }

    static func agentRequired(for action: ModeAction) -> APIError {
        APIError(.unprocessableContent, code: "invalid_body", message: "agent_id is required for \(action.rawValue).")
    }

    static func unknownAgent(field: String) -> APIError {
        APIError(.unprocessableContent, code: "unknown_agent", message: "\(field) is not an agent of this organisation.")
    }

    struct FlagsRequest: Decodable {
        let agentId: UUID
        let flaggedIncorrect: Bool?
        let correctionNote: String?
        let kbUpdateNeeded: Bool?
        let kbNote: String?
        let followupNeeded: Bool?
        let followupNote: String?
    }

    struct ReviewResponse: Encodable, Sendable {
        let conversation: APIConversationPayload
        let review: ReviewPayload
    }

    /// Sets or clears each flag given (with its note), in the order QA, knowledge base, follow-up.
    @Sendable func setFlags(request: Request, context: ConversationsWriteContext) async throws -> APIResponse<ReviewResponse> {
        let id = try Self.id(context)
        let body = try await context.decode(FlagsRequest.self, from: request)
        let changes = ReviewFlagChanges(
            incorrect: body.flaggedIncorrect.map { .init($0, note: body.correctionNote) },
            knowledgeBase: body.kbUpdateNeeded.map { .init($0, note: body.kbNote) },
            followUp: body.followupNeeded.map { .init($0, note: body.followupNote) }
        )
        guard !changes.isEmpty else {
            throw APIError(
                .unprocessableContent,
                code: "invalid_body",
                message: "Give at least one of flagged_incorrect, kb_update_needed or followup_needed."
            )
        }
        // The conversation, the agent and every flag given in one transaction, however many flags.
        let result: ReviewedConversation
        do {
            result = try await review.setFlags(orgID: context.orgID, conversationID: id, namedAgent: body.agentId, changes)
        } catch let error as SimpleDomainError where error == .agentNotFound {
            throw Self.unknownAgent(field: "agent_id")
        }
        return APIResponse(value: ReviewResponse(conversation: APIConversationPayload(result), review: ReviewPayload(result.review)))
    }

    /// 422 unless the agent is an enabled agent of the key's organisation.
    func requireAgent(_ agentID: UUID, context: some APIKeyCarrying, field: String = "agent_id") async throws {
        guard try await agents.displayName(orgID: context.orgID, agentID: agentID) != nil else { throw Self.unknownAgent(field: field) }
    }

    static func id(_ context: some RequestContext) throws -> UUID {
        try context.parameters.uuid(notFound: SimpleDomainError.conversationNotFound)
    }
}
