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
        v1.get("conversations", use: list)
        v1.get("conversations/{id}", use: get)
        v1.post("conversations/{id}/messages", use: postMessage)
        v1.post("conversations/{id}/mode", use: changeMode)
        v1.patch("conversations/{id}/flags", use: setFlags)
        APIChatLogExport(browsing: browsing).addRoutes(to: v1)
    }

    @Sendable func list(request: Request, context: APIKeyRequestContext) async throws -> APIResponse<APIPage<APIConversationPayload>> {
        try context.require(scope: .conversationsRead)
        let query = APIQuery(request: request)
        let limit = try query.limit()
        let rows = try await browsing.page(orgID: context.orgID, filter: try query.conversationFilter(), after: try query.cursor(), limit: limit + 1)
        let page = Array(rows.prefix(limit))
        return APIResponse(value: APIPage(
            data: page.map(APIConversationPayload.init), nextCursor: rows.count > limit ? page.last?.cursor.token : nil))
    }

    struct TranscriptResponse: Encodable, Sendable {
        let conversation: APIConversationPayload
        let review: ReviewPayload
        let messages: [APIMessagePayload]
        /// The team's internal notes (`internal: true`), never shown to the customer.
        let notes: [NotePayload]
    }

    @Sendable func get(request: Request, context: APIKeyRequestContext) async throws -> APIResponse<TranscriptResponse> {
        try context.require(scope: .conversationsRead)
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
        return APIResponse(value: TranscriptResponse(
            conversation: APIConversationPayload(found), review: ReviewPayload(found.review),
            messages: messages.map(APIMessagePayload.init), notes: notes.map(NotePayload.init)))
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
    @Sendable func postMessage(request: Request, context: APIKeyRequestContext) async throws -> APIResponse<MessageResponse> {
        try context.require(scope: .conversationsWrite)
        let id = try Self.id(context)
        let body = try await context.decode(MessageRequest.self, from: request)
        guard try await conversations.find(orgID: context.orgID, conversationID: id) != nil else { throw SimpleDomainError.conversationNotFound }
        try await requireAgent(body.agentId, context: context)
        if let clientID = body.clientMessageId, clientID.isEmpty || Validation.length(clientID) > 100 || clientID.utf8.contains(0) {
            throw APIError(.unprocessableContent, code: "invalid_client_message_id", message: "client_message_id must be 1 to 100 characters.")
        }
        let outcome = try await service.agentReply(
            orgID: context.orgID, conversationID: id, agentID: body.agentId, clientMessageID: body.clientMessageId, body: body.body)
        switch outcome {
        case .stored(let message, _): return APIResponse(value: MessageResponse(message: .init(message: message)), status: .created)
        case .duplicate(let message): return APIResponse(value: MessageResponse(message: .init(message: message)))
        case .refused: throw APIError(.conflict, code: "not_your_conversation", message: "The agent must take this conversation over first.")
        }
    }

    /// The lifecycle actions an API client may take; anything the state machine forbids is 409.
    enum ModeAction: String, Decodable, CaseIterable {
        case takeOver = "take_over", handBack = "hand_back", transfer, close, archive
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

    @Sendable func changeMode(request: Request, context: APIKeyRequestContext) async throws -> APIResponse<ConversationResponse> {
        try context.require(scope: .conversationsWrite)
        let id = try Self.id(context)
        let body = try await context.decode(ModeRequest.self, from: request)
        let orgID = context.orgID
        _ = try await review.find(orgID: orgID, conversationID: id)
        func agent() async throws -> UUID {
            guard let agentID = body.agentId else {
                throw APIError(.unprocessableContent, code: "invalid_body", message: "agent_id is required for \(body.action.rawValue).")
            }
            try await requireAgent(agentID, context: context)
            return agentID
        }
        switch body.action {
        case .takeOver:
            _ = try await handoff.takeOver(orgID: orgID, conversationID: id, agentID: try await agent(), expectedOwner: body.expectedOwnerId)
        case .handBack:
            _ = try await handoff.handBack(orgID: orgID, conversationID: id, agentID: try await agent())
        case .transfer:
            let from = try await agent()
            guard let to = body.toAgentId else {
                throw APIError(.unprocessableContent, code: "invalid_body", message: "to_agent_id is required for transfer.")
            }
            try await requireAgent(to, context: context, field: "to_agent_id")
            _ = try await handoff.transfer(orgID: orgID, conversationID: id, from: from, to: to)
        case .close:
            _ = try await review.close(
                orgID: orgID, conversationID: id, agentID: try await agent(), chatReviewed: true,
                knowledgeBaseNeedsUpdate: body.kbNeedsUpdate)
        case .archive:
            _ = try await review.archive(orgID: orgID, conversationID: id)
        }
        return APIResponse(value: ConversationResponse(conversation: APIConversationPayload(try await review.find(orgID: orgID, conversationID: id))))
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
    @Sendable func setFlags(request: Request, context: APIKeyRequestContext) async throws -> APIResponse<ReviewResponse> {
        try context.require(scope: .conversationsWrite)
        let id = try Self.id(context)
        let body = try await context.decode(FlagsRequest.self, from: request)
        guard body.flaggedIncorrect != nil || body.kbUpdateNeeded != nil || body.followupNeeded != nil else {
            throw APIError(
                .unprocessableContent, code: "invalid_body",
                message: "Give at least one of flagged_incorrect, kb_update_needed or followup_needed.")
        }
        var result = try await review.find(orgID: context.orgID, conversationID: id)
        try await requireAgent(body.agentId, context: context)
        if let flagged = body.flaggedIncorrect {
            result = try await review.flagIncorrect(
                orgID: context.orgID, conversationID: id, agentID: body.agentId, flagged: flagged, note: body.correctionNote)
        }
        if let needed = body.kbUpdateNeeded {
            result = try await review.flagKnowledgeBaseUpdate(
                orgID: context.orgID, conversationID: id, agentID: body.agentId, needed: needed, note: body.kbNote)
        }
        if let needed = body.followupNeeded {
            result = try await review.flagFollowUp(
                orgID: context.orgID, conversationID: id, agentID: body.agentId, needed: needed, note: body.followupNote)
        }
        return APIResponse(value: ReviewResponse(conversation: APIConversationPayload(result), review: ReviewPayload(result.review)))
    }

    /// 422 unless the agent is an enabled agent of the key's organisation.
    func requireAgent(_ agentID: UUID, context: APIKeyRequestContext, field: String = "agent_id") async throws {
        guard try await agents.displayName(orgID: context.orgID, agentID: agentID) != nil else {
            throw APIError(.unprocessableContent, code: "unknown_agent", message: "\(field) is not an agent of this organisation.")
        }
    }

    static func id(_ context: APIKeyRequestContext) throws -> UUID {
        try context.parameters.uuid(notFound: SimpleDomainError.conversationNotFound)
    }
}
