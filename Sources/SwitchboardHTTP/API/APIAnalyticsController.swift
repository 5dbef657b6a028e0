import Foundation
import Hummingbird
import SwitchboardDomain

/// /api/v1/analytics: the console's Analytics page for scripts — the same service and SQL
/// definitions, so the numbers match the console and an analyst's `reporting` queries. Scope
/// `analytics:read`.
struct APIAnalyticsController: Sendable {
    let service: AnalyticsService

    func addRoutes(to v1: RouterGroup<APIKeyRequestContext>) {
        v1.get("analytics", use: report)
        v1.get("analytics/conversations", use: conversations)
    }

    /// `from`/`to` are days (`YYYY-MM-DD`, both included) in the organisation's time zone;
    /// `time_zone` is the zone for busiest hours.
    @Sendable func report(request: Request, context: APIKeyRequestContext) async throws -> APIResponse<AnalyticsController.ReportResponse> {
        try context.require(scope: .analyticsRead)
        let query = APIQuery(request: request)
        let report = try await service.report(
            orgID: context.orgID,
            from: query.string("from"),
            to: query.string("to"),
            viewerTimeZone: query.string("time_zone")
        )
        return APIResponse(value: AnalyticsController.ReportResponse(report))
    }

    @Sendable func conversations(
        request: Request,
        context: APIKeyRequestContext
    ) async throws -> APIResponse<AnalyticsController.ConversationsResponse> {
        try context.require(scope: .analyticsRead)
        let query = APIQuery(request: request)
        let metric = query.string("metric")
        let rows = try await service.conversations(orgID: context.orgID, metric: metric, from: query.string("from"), to: query.string("to"))
        return APIResponse(
            value: AnalyticsController.ConversationsResponse(
                metric: metric ?? "",
                conversations: rows.map(AnalyticsController.ConversationRowPayload.init)
            )
        )
    }
}
