import Foundation
import Hummingbird
import SwitchboardDomain

/// The review queues: "Needs correction", KB review and the follow-up workload, with their check-offs.
struct QueueController: Sendable {
    let service: ReviewService
    let examples: ArticleExampleService

    func addRoutes(to api: RouterGroup<AgentRequestContext>) {
        api.get("queues/corrections", use: corrections)
        api.post("queues/corrections/{id}/reviewed", use: correctionReviewed)
        api.get("queues/kb-review", use: knowledgeBase)
        api.post("queues/kb-review/{id}/updated", use: knowledgeBaseUpdated)
        api.get("queues/followups", use: followUps)
    }

    struct CorrectionItem: Encodable, Sendable {
        let conversationId: UUID
        let correctionNote: String?
        let flaggedBy: String?
        let flaggedAt: Date?
        let customerName: String?
        let startedAt: Date
    }

    struct Items<Item: Encodable & Sendable>: Encodable, Sendable {
        let items: [Item]
    }

    @Sendable func corrections(request: Request, context: AgentRequestContext) async throws -> JSONResponse<Items<CorrectionItem>> {
        let items = try await service.correctionQueue(orgID: context.agent.orgID)
        return JSONResponse(
            Items(
                items: items.map {
                    CorrectionItem(
                        conversationId: $0.conversationID,
                        correctionNote: $0.correctionNote,
                        flaggedBy: $0.flaggedBy,
                        flaggedAt: $0.flaggedAt,
                        customerName: $0.customerName,
                        startedAt: $0.startedAt
                    )
                }
            )
        )
    }

    /// Reviewing a correction also approves the example question it proposed, if any.
    @Sendable func correctionReviewed(request: Request, context: AgentRequestContext) async throws -> JSONResponse<ReviewController.ReviewResponse> {
        let (orgID, conversationID, agentID) = (context.agent.orgID, try ReviewController.id(context), context.agent.agentID)
        let result = try await service.confirmCorrection(orgID: orgID, conversationID: conversationID, agentID: agentID)
        _ = try await examples.approveCorrection(orgID: orgID, conversationID: conversationID, agentID: agentID)
        return JSONResponse(.init(review: ReviewPayload(result.review)))
    }

    struct KnowledgeBaseItem: Encodable, Sendable {
        let conversationId: UUID
        let note: String?
        let flaggedBy: String?
        let flaggedAt: Date?
        let customerName: String?
    }

    @Sendable func knowledgeBase(request: Request, context: AgentRequestContext) async throws -> JSONResponse<Items<KnowledgeBaseItem>> {
        let items = try await service.knowledgeBaseQueue(orgID: context.agent.orgID)
        return JSONResponse(
            Items(
                items: items.map {
                    KnowledgeBaseItem(
                        conversationId: $0.conversationID,
                        note: $0.note,
                        flaggedBy: $0.flaggedBy,
                        flaggedAt: $0.flaggedAt,
                        customerName: $0.customerName
                    )
                }
            )
        )
    }

    @Sendable func knowledgeBaseUpdated(
        request: Request,
        context: AgentRequestContext
    ) async throws -> JSONResponse<ReviewController.ReviewResponse> {

        let result = try await service.confirmKnowledgeBaseUpdated(
            orgID: context.agent.orgID,
            conversationID: try ReviewController.id(context),
            agentID: context.agent.agentID
        )
        return JSONResponse(.init(review: ReviewPayload(result.review)))
    }

    struct FollowUpItem: Encodable, Sendable {
        let conversationId: UUID
        let note: String?
        let flaggedBy: String?
        let flaggedAt: Date?
        let customerName: String?
    }

    struct AgentWorkload: Encodable, Sendable {
        let agentName: String
        let open: Int
    }

    struct FollowUpsResponse: Encodable, Sendable {
        let items: [FollowUpItem]
        let byAgent: [AgentWorkload]
    }

    @Sendable func followUps(request: Request, context: AgentRequestContext) async throws -> JSONResponse<FollowUpsResponse> {
        let workload = try await service.followUpWorkload(orgID: context.agent.orgID)
        return JSONResponse(
            FollowUpsResponse(
                items: workload.items.map {
                    FollowUpItem(
                        conversationId: $0.conversationID,
                        note: $0.note,
                        flaggedBy: $0.flaggedBy,
                        flaggedAt: $0.flaggedAt,
                        customerName: $0.customerName
                    )
                },
                byAgent: workload.byAgent.map { AgentWorkload(agentName: $0.agentName, open: $0.open) }
            )
        )
    }
}
