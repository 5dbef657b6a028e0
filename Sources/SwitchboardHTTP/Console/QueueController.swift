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

        init(_ item: CorrectionQueueItem) {
            conversationId = item.conversationID
            correctionNote = item.correctionNote
            flaggedBy = item.flaggedBy
            flaggedAt = item.flaggedAt
            customerName = item.customerName
            startedAt = item.startedAt
        }
    }

    /// A conversation waiting in the KB review queue or the follow-up workload.
    struct FlaggedItem: Encodable, Sendable {
        let conversationId: UUID
        let note: String?
        let flaggedBy: String?
        let flaggedAt: Date?
        let customerName: String?

        init(_ item: some FlaggedQueueItem) {
            conversationId = item.conversationID
            note = item.note
            flaggedBy = item.flaggedBy
            flaggedAt = item.flaggedAt
            customerName = item.customerName
        }
    }

    struct Items<Item: Encodable & Sendable>: Encodable, Sendable {
        let items: [Item]
    }

    @Sendable func corrections(request: Request, context: AgentRequestContext) async throws -> JSONResponse<Items<CorrectionItem>> {
        let items = try await service.correctionQueue(orgID: context.agent.orgID)
        return JSONResponse(Items(items: items.map(CorrectionItem.init)))
    }

    /// Reviewing a correction also approves the example question it proposed, if any.
    @Sendable func correctionReviewed(request: Request, context: AgentRequestContext) async throws -> JSONResponse<ReviewController.ReviewResponse> {
        let (orgID, conversationID, agentID) = try ReviewController.target(context)
        let result = try await service.confirmCorrection(orgID: orgID, conversationID: conversationID, agentID: agentID)
        _ = try await examples.approveCorrection(orgID: orgID, conversationID: conversationID, agentID: agentID)
        return JSONResponse(.init(review: ReviewPayload(result.review)))
    }

    @Sendable func knowledgeBase(request: Request, context: AgentRequestContext) async throws -> JSONResponse<Items<FlaggedItem>> {
        let items = try await service.knowledgeBaseQueue(orgID: context.agent.orgID)
        return JSONResponse(Items(items: items.map { FlaggedItem($0) }))
    }

    @Sendable func knowledgeBaseUpdated(
        request: Request,
        context: AgentRequestContext
    ) async throws -> JSONResponse<ReviewController.ReviewResponse> {
        let (orgID, conversationID, agentID) = try ReviewController.target(context)
        let result = try await service.confirmKnowledgeBaseUpdated(orgID: orgID, conversationID: conversationID, agentID: agentID)
        return JSONResponse(.init(review: ReviewPayload(result.review)))
    }

    struct AgentWorkload: Encodable, Sendable {
        let agentName: String
        let open: Int
    }

    struct FollowUpsResponse: Encodable, Sendable {
        let items: [FlaggedItem]
        let byAgent: [AgentWorkload]
    }

    @Sendable func followUps(request: Request, context: AgentRequestContext) async throws -> JSONResponse<FollowUpsResponse> {
        let workload = try await service.followUpWorkload(orgID: context.agent.orgID)
        return JSONResponse(
            FollowUpsResponse(
                items: workload.items.map { FlaggedItem($0) },
                byAgent: workload.byAgent.map { AgentWorkload(agentName: $0.agentName, open: $0.open) }
            )
        )
    }
}

/// A queue entry for a flag with a note: the KB review queue's and the follow-up workload's.
protocol FlaggedQueueItem {
    var conversationID: UUID { get }
    var note: String? { get }
    var flaggedBy: String? { get }
    var flaggedAt: Date? { get }
    var customerName: String? { get }
}

extension KnowledgeBaseQueueItem: FlaggedQueueItem {}
extension FollowUpQueueItem: FlaggedQueueItem {}
