import Foundation
import Hummingbird
import SwitchboardDomain

/// The agent actions the console uses: list, take over, reply, hand back, transfer (the
/// transcript with its review flags is `ReviewController`'s).
/// Every route runs on `AgentRequestContext`, so it cannot run without a signed-in agent,
/// and every read and write is scoped to that agent's organisation.
public struct AgentController: Sendable {
    let conversations: any ConversationRepository
    let agents: any AgentDirectory
    let service: ConversationService
    let handoff: HandoffService

    public func addRoutes(to router: Router<SwitchboardRequestContext>) {
        let api = router.group("console/api", context: AgentRequestContext.self)
        api.get("conversations", use: list)
        api.get("conversations/counts", use: counts)
        api.get("conversations/{id}/history", use: history)
        api.put("conversations/{id}/labels", use: setLabels)
        api.get("labels", use: labels)
        api.post("conversations/{id}/take-over", use: takeOver)
        api.post("conversations/{id}/messages", use: reply)
        api.post("conversations/{id}/attachments", use: upload)
        api.get("conversations/{id}/attachments/{attachmentId}", use: download)
        api.post("conversations/{id}/hand-back", use: handBack)
        api.post("conversations/{id}/transfer", use: transfer)
        api.get("agents", use: listAgents)
    }

    struct ListResponse: Encodable, Sendable {
        let conversations: [ConversationPayload]
    }

    @Sendable func list(request: Request, context: AgentRequestContext) async throws -> JSONResponse<ListResponse> {
        var query = ConversationQuery()
        if let modes = request.uri.queryParameters["mode"] {
            let parsed = modes.split(separator: ",").map { Conversation.Mode(rawValue: String($0)) }
            guard !parsed.contains(nil) else {
                let known = Conversation.Mode.allCases.map(\.rawValue).joined(separator: ", ")
                throw APIError(.unprocessableContent, code: "invalid_mode", message: "mode must be a comma-separated list of: \(known).")

            }
            query.modes = Set(parsed.compactMap { $0 })
        }
        if request.uri.queryParameters["mine"] == "true" { query.ownerAgentID = context.agent.agentID }
        if let limit = request.uri.queryParameters["limit"].flatMap({ Int($0) }) { query.limit = limit }
        // ?q= searches what customers wrote, names, emails, phone numbers and ids, within the same filters.
        if let typed = request.uri.queryParameters["q"] { query.search = try ConversationSearch(String(typed)) }
        if let label = request.uri.queryParameters["label"] { query.label = try ConversationLabels.canonical(String(label)) }
        let list = try await conversations.list(orgID: context.agent.orgID, query: query)
        return JSONResponse(ListResponse(conversations: list.map(ConversationPayload.init)))
    }

    struct LabelsRequest: Decodable {
        let labels: [String]
    }

    struct LabelsResponse: Encodable, Sendable {
        let labels: [String]
    }

    /// Replaces the conversation's labels (typed freely; stored canonical: "Bug report" → "bug-report").
    @Sendable func setLabels(request: Request, context: AgentRequestContext) async throws -> JSONResponse<LabelsResponse> {
        let id = try context.parameters.uuid(notFound: SimpleDomainError.conversationNotFound)
        let body = try await request.decode(as: LabelsRequest.self, context: context)
        let labels = try await service.setLabels(
            orgID: context.agent.orgID,
            conversationID: id,
            labels: body.labels,
            agentID: context.agent.agentID
        )
        return JSONResponse(LabelsResponse(labels: labels))
    }

    struct LabelCountsResponse: Encodable, Sendable {
        let labels: [LabelCount]
    }

    /// Every label in use with how many conversations carry it, most first (the label picker's suggestions).
    @Sendable func labels(request: Request, context: AgentRequestContext) async throws -> JSONResponse<LabelCountsResponse> {
        JSONResponse(LabelCountsResponse(labels: try await conversations.labelCounts(orgID: context.agent.orgID, startedIn: nil)))
    }

    /// The customer's other conversations (same email or phone), newest first: the contact's history.
    @Sendable func history(request: Request, context: AgentRequestContext) async throws -> JSONResponse<ListResponse> {
        let id = try context.parameters.uuid(notFound: SimpleDomainError.conversationNotFound)
        guard try await conversations.find(orgID: context.agent.orgID, conversationID: id) != nil else {
            throw SimpleDomainError.conversationNotFound
        }
        let list = try await conversations.history(orgID: context.agent.orgID, conversationID: id, limit: 50)
        return JSONResponse(ListResponse(conversations: list.map(ConversationPayload.init)))
    }

    struct CountsResponse: Encodable, Sendable {
        let counts: [String: Int]
    }

    /// How many conversations each mode holds (every mode, zero included), for the list's group
    /// counts: the list itself loads only the newest closed and archived chats.
    @Sendable func counts(request: Request, context: AgentRequestContext) async throws -> JSONResponse<CountsResponse> {
        let counts = try await conversations.countByMode(orgID: context.agent.orgID)
        return JSONResponse(
            CountsResponse(
                counts: Dictionary(
                    uniqueKeysWithValues: Conversation.Mode.allCases.map { ($0.rawValue, counts[$0] ?? 0) }
                )
            )
        )
    }

    struct TakeOverRequest: Decodable {
        let expectedOwnerId: UUID?
    }

    @Sendable func takeOver(request: Request, context: AgentRequestContext) async throws -> JSONResponse<ConversationPayload> {
        let body = try await request.decode(as: TakeOverRequest.self, context: context)
        let summary = try await handoff.takeOver(
            orgID: context.agent.orgID,
            conversationID: try conversationID(context),
            agentID: context.agent.agentID,
            expectedOwner: body.expectedOwnerId
        )
        return JSONResponse(ConversationPayload(summary))
    }

    struct ReplyRequest: Decodable {
        let body: String
        let clientMessageId: String?
    }

    struct ReplyResponse: Encodable, Sendable {
        let message: MessagePayload
    }

    @Sendable func reply(request: Request, context: AgentRequestContext) async throws -> JSONResponse<ReplyResponse> {
        let body = try await request.decode(as: ReplyRequest.self, context: context)
        let sent = try await service.agentReply(
            orgID: context.agent.orgID,
            conversationID: try conversationID(context),
            agentID: context.agent.agentID,
            clientMessageID: body.clientMessageId,
            body: body.body
        )
        return JSONResponse(ReplyResponse(message: .init(sent.message)), status: sent.duplicate ? .ok : .created)
    }

    /// The owning agent sends an image or a PDF into the live chat (raw body, `?name=`, `?clientMessageId=`).
    @Sendable func upload(request: Request, context: AgentRequestContext) async throws -> JSONResponse<ReplyResponse> {
        let sent = try await service.agentAttachment(
            orgID: context.agent.orgID,
            conversationID: try conversationID(context),
            agentID: context.agent.agentID,
            clientMessageID: AttachmentHTTP.query(request, "clientMessageId"),
            name: AttachmentHTTP.query(request, "name"),
            data: try await AttachmentHTTP.body(request)
        )
        return JSONResponse(ReplyResponse(message: .init(sent.message)), status: sent.duplicate ? .ok : .created)
    }

    /// A file of one of the organisation's conversations, for any of its agents.
    @Sendable func download(request: Request, context: AgentRequestContext) async throws -> Response {
        let file = try await service.attachment(
            orgID: context.agent.orgID,
            conversationID: try conversationID(context),
            attachmentID: try AttachmentHTTP.attachmentID(context)
        )
        return AttachmentHTTP.response(file)
    }

    @Sendable func handBack(request: Request, context: AgentRequestContext) async throws -> JSONResponse<ConversationPayload> {
        let summary = try await handoff.handBack(
            orgID: context.agent.orgID,
            conversationID: try conversationID(context),
            agentID: context.agent.agentID
        )
        return JSONResponse(ConversationPayload(summary))
    }

    struct TransferRequest: Decodable {
        let toAgentId: UUID
    }

    @Sendable func transfer(request: Request, context: AgentRequestContext) async throws -> JSONResponse<ConversationPayload> {
        let body = try await request.decode(as: TransferRequest.self, context: context)
        let summary = try await handoff.transfer(
            orgID: context.agent.orgID,
            conversationID: try conversationID(context),
            from: context.agent.agentID,
            to: body.toAgentId
        )
        return JSONResponse(ConversationPayload(summary))
    }

    struct AgentsResponse: Encodable, Sendable {
        let agents: [AgentPresence]
    }

    @Sendable func listAgents(request: Request, context: AgentRequestContext) async throws -> JSONResponse<AgentsResponse> {
        JSONResponse(AgentsResponse(agents: try await agents.agents(orgID: context.agent.orgID)))
    }

    static let notFound = SimpleDomainError.conversationNotFound

    /// The `{id}` path parameter; anything but a UUID is simply not found.
    func conversationID(_ context: AgentRequestContext) throws -> UUID {
        try context.parameters.uuid(notFound: Self.notFound)
    }
}
