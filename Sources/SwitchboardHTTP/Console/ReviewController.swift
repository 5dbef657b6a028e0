import Foundation
import Hummingbird
import SwitchboardDomain

/// The console's conversation panel beyond chatting: the transcript with its review flags,
/// the three flags, "Follow-up completed", closing with the checklist, and archiving.
struct ReviewController: Sendable {
    let conversations: any ConversationRepository
    let service: ReviewService
    let examples: ArticleExampleService
    let notes: NoteService

    func addRoutes(to api: RouterGroup<AgentRequestContext>) {
        api.get("conversations/{id}", use: transcript)
        api.put("conversations/{id}/qa", use: flagIncorrect)
        api.put("conversations/{id}/kb-update", use: flagKnowledgeBase)
        api.put("conversations/{id}/followup", use: flagFollowUp)
        api.post("conversations/{id}/followup/complete", use: completeFollowUp)
        api.post("conversations/{id}/close", use: close)
        api.group(context: SupervisorRequestContext.self).post("conversations/{id}/archive", use: archive)
        api.post("conversations/{id}/notes", use: addNote)
    }

    struct TranscriptResponse: Encodable, Sendable {
        let conversation: ConversationPayload
        let messages: [MessagePayload]
        let review: ReviewPayload
        let contactSources: ContactSourcesPayload
        /// The article an agent picked as the one that should have answered, if any.
        let correctArticleId: UUID?
        /// How the customer rated the chat after it ended, if they did.
        let satisfaction: SatisfactionPayload?
        /// The team's internal notes, oldest first (never shown to the customer).
        let notes: [NotePayload]
    }

    /// The conversation, its messages (after `?after=` when given), its flags and where its contact details came from.
    @Sendable func transcript(request: Request, context: AgentRequestContext) async throws -> JSONResponse<TranscriptResponse> {
        let id = try context.parameters.uuid(notFound: SimpleDomainError.conversationNotFound)
        let found = try await service.find(orgID: context.agent.orgID, conversationID: id)
        let after = request.uri.queryParameters["after"].flatMap { Int64($0) } ?? 0
        let messages = try await conversations.messages(orgID: context.agent.orgID, conversationID: id, afterSeq: max(0, after), limit: 1000)
        let corrected = try await examples.correctedArticle(orgID: context.agent.orgID, conversationID: id)
        let satisfaction = try await conversations.satisfaction(orgID: context.agent.orgID, conversationID: id)
        let notes = try await notes.notes(orgID: context.agent.orgID, conversationID: id)
        return JSONResponse(
            TranscriptResponse(
                conversation: .init(found.conversation),
                messages: messages.map(MessagePayload.init),
                review: ReviewPayload(found.review),
                contactSources: ContactSourcesPayload(found.conversation),
                correctArticleId: corrected,
                satisfaction: satisfaction.map(SatisfactionPayload.init),
                notes: notes.map(NotePayload.init)
            )
        )
    }

    struct NoteRequest: Decodable {
        let body: String
    }

    struct NoteResponse: Encodable, Sendable {
        let note: NotePayload
    }

    /// An internal note by the signed-in agent; "@Name" mentions tell the named agents.
    @Sendable func addNote(request: Request, context: AgentRequestContext) async throws -> JSONResponse<NoteResponse> {
        let body = try await request.decode(as: NoteRequest.self, context: context)
        let (orgID, conversationID, agentID) = try Self.target(context)
        let note = try await notes.add(orgID: orgID, conversationID: conversationID, agentID: agentID, body: body.body)
        return JSONResponse(NoteResponse(note: NotePayload(note)), status: .created)
    }

    struct ReviewResponse: Encodable, Sendable {
        let review: ReviewPayload
    }

    struct ReviewAndConversationResponse: Encodable, Sendable {
        let review: ReviewPayload
        let conversation: ConversationPayload

        init(_ result: ReviewedConversation) {
            review = ReviewPayload(result.review)
            conversation = ConversationPayload(result.conversation)
        }
    }

    struct ConversationResponse: Encodable, Sendable {
        let conversation: ConversationPayload
    }

    struct IncorrectRequest: Decodable {
        let flaggedIncorrect: Bool
        let correctionNote: String?
        /// The article that should have answered: the customer's question becomes a proposed example.
        let correctArticleId: UUID?
        /// No article covers the question: it goes to the knowledge-base review queue.
        let noArticleCovers: Bool?
    }

    @Sendable func flagIncorrect(request: Request, context: AgentRequestContext) async throws -> JSONResponse<ReviewResponse> {
        let body = try await request.decode(as: IncorrectRequest.self, context: context)
        let (orgID, conversationID, agentID) = try Self.target(context)
        if body.correctArticleId != nil && body.noArticleCovers == true {
            throw APIError(
                .unprocessableContent,
                code: "invalid_body",
                message: "Pick the article that should have answered, or say no article covers it — not both."
            )
        }
        var result = try await service.flagIncorrect(
            orgID: orgID,
            conversationID: conversationID,
            agentID: agentID,
            flagged: body.flaggedIncorrect,
            note: body.correctionNote
        )
        if body.flaggedIncorrect, let articleID = body.correctArticleId {
            guard
                try await examples.proposeFromCorrection(
                    orgID: orgID,
                    conversationID: conversationID,
                    articleID: articleID,
                    agentID: agentID
                ) != nil
            else { throw ArticleService.notFound }

        }
        if body.flaggedIncorrect, body.noArticleCovers == true {
            let note = result.review.knowledgeBase.note ?? "No article covers what the customer asked."
            result = try await service.flagKnowledgeBaseUpdate(
                orgID: orgID,
                conversationID: conversationID,
                agentID: agentID,
                needed: true,
                note: note
            )
        }
        return JSONResponse(ReviewResponse(review: ReviewPayload(result.review)))
    }

    struct KnowledgeBaseRequest: Decodable {
        let kbUpdateNeeded: Bool
        let note: String?
    }

    @Sendable func flagKnowledgeBase(request: Request, context: AgentRequestContext) async throws -> JSONResponse<ReviewResponse> {
        let body = try await request.decode(as: KnowledgeBaseRequest.self, context: context)
        return try await setFlags(context, ReviewFlagChanges(knowledgeBase: .init(body.kbUpdateNeeded, note: body.note)))
    }

    struct FollowUpRequest: Decodable {
        let followupNeeded: Bool
        let note: String?
    }

    @Sendable func flagFollowUp(request: Request, context: AgentRequestContext) async throws -> JSONResponse<ReviewResponse> {
        let body = try await request.decode(as: FollowUpRequest.self, context: context)
        return try await setFlags(context, ReviewFlagChanges(followUp: .init(body.followupNeeded, note: body.note)))
    }

    /// Sets or clears the flags `changes` names on the route's conversation, as the signed-in agent.
    private func setFlags(_ context: AgentRequestContext, _ changes: ReviewFlagChanges) async throws -> JSONResponse<ReviewResponse> {
        let (orgID, conversationID, agentID) = try Self.target(context)
        let result = try await service.setFlags(orgID: orgID, conversationID: conversationID, agentID: agentID, changes)
        return JSONResponse(ReviewResponse(review: ReviewPayload(result.review)))
    }

    struct CompleteRequest: Decodable {
        let resolutionNote: String
    }

    @Sendable func completeFollowUp(request: Request, context: AgentRequestContext) async throws -> JSONResponse<ReviewAndConversationResponse> {
        let body = try await request.decode(as: CompleteRequest.self, context: context)
        let (orgID, conversationID, agentID) = try Self.target(context)
        let result = try await service.completeFollowUp(
            orgID: orgID,
            conversationID: conversationID,
            agentID: agentID,
            resolution: body.resolutionNote
        )
        return JSONResponse(ReviewAndConversationResponse(result))
    }

    /// The checklist's answers; `kbNeedsUpdate` is sent only when the agent changed what the
    /// checklist showed, and leaving it out keeps the stored flag and note.
    struct CloseRequest: Decodable {
        let chatReviewed: Bool?
        let kbNeedsUpdate: Bool?
    }

    /// The closed conversation with its flags as stored, so the console shows what the close kept.
    @Sendable func close(request: Request, context: AgentRequestContext) async throws -> JSONResponse<ReviewAndConversationResponse> {
        let body = try await request.decode(as: CloseRequest.self, context: context)
        let (orgID, conversationID, agentID) = try Self.target(context)
        let result = try await service.close(
            orgID: orgID,
            conversationID: conversationID,
            agentID: agentID,
            chatReviewed: body.chatReviewed ?? false,
            knowledgeBaseNeedsUpdate: body.kbNeedsUpdate
        )
        return JSONResponse(ReviewAndConversationResponse(result))
    }

    @Sendable func archive(request: Request, context: SupervisorRequestContext) async throws -> JSONResponse<ConversationResponse> {
        let result = try await service.archive(orgID: context.agent.orgID, conversationID: try Self.id(context))
        return JSONResponse(ConversationResponse(conversation: .init(result.conversation)))
    }

    static func id(_ context: some RequestContext) throws -> UUID {
        try context.parameters.uuid(notFound: SimpleDomainError.conversationNotFound)
    }

    /// The route's conversation and the signed-in agent who acts on it.
    static func target(_ context: AgentRequestContext) throws -> (orgID: UUID, conversationID: UUID, agentID: UUID) {
        (context.agent.orgID, try id(context), context.agent.agentID)
    }
}
