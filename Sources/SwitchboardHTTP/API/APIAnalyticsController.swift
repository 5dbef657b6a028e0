import Foundation
import Hummingbird
import SwitchboardDomain

/// /api/v1/analytics: the console's Analytics page for scripts — the same service and SQL
/// definitions, so the numbers match the console and an analyst's `reporting` queries. Scope
/// `analytics:read`.
struct APIAnalyticsController: Sendable {
    let service: AnalyticsService

    func addRoutes(to api: RouterGroup<APIKeyRequestContext>) {
        // Every route here needs the analyticsRead scope; the context checks it before a handler runs.
        let v1 = api.group(context: AnalyticsReadContext.self)
        v1.get("analytics", use: report)
        v1.get("analytics/conversations", use: conversations)
    }

    /// `from`/`to` are days (`YYYY-MM-DD`, both included) in the organisation's time zone;
    /// `time_zone` is the zone for busiest hours.
    @Sendable func report(request: Request, context: AnalyticsReadContext) async throws -> APIResponse<AnalyticsController.ReportResponse> {
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
        context: AnalyticsReadContext
    ) async throws -> APIResponse<AnalyticsController.ConversationsResponse> {
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
