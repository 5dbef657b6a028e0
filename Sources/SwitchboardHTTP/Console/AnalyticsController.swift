import Foundation
import Hummingbird
import SwitchboardDomain

/// The Analytics page: the whole dashboard in one response, and the conversations behind any number.
/// Every agent may read it; it only ever covers the agent's own organisation.
struct AnalyticsController: Sendable {
    let service: AnalyticsService

    func addRoutes(to api: RouterGroup<AgentRequestContext>) {
        api.get("analytics", use: report)
        api.get("analytics/conversations", use: conversations)
    }

    struct RangePayload: Encodable, Sendable {
        let from: String
        let to: String
        let previousFrom: String
        let previousTo: String
        let timeZone: String
        /// The zone busiest hours are in: the viewer's when sent, else the organisation's.
        let hoursTimeZone: String
    }

    /// Missing values are written as null, not left out.
    struct KPIPayload: Encodable, Sendable {
        let metric: String
        @Explicit var value: Double?
        @Explicit var previous: Double?
        @Explicit var change: Double?
        /// "up" or "down": which way is good news; null when neither is.
        @Explicit var better: String?
    }

    struct DayPayload: Encodable, Sendable {
        let day: String
        let aiOnly: Int
        let escalated: Int
    }

    struct CountPayload: Encodable, Sendable {
        let key: String?
        let label: String?
        let count: Int
        let conversations: Int?

        init(_ count: AnalyticsCount) {
            key = count.key
            label = count.label
            self.count = count.count
            conversations = count.conversations
        }
    }

    struct HourPayload: Encodable, Sendable {
        let weekday: Int
        let hour: Int
        let chats: Int
    }

    struct ActivityPayload: Encodable, Sendable {
        let kind: String
        let conversationId: UUID
        let at: Date
        let customerName: String?
        let detail: String?
    }

    struct ConversationRowPayload: Encodable, Sendable {
        let conversationId: UUID
        let startedAt: Date
        let mode: String
        let customerName: String?
        let agentName: String?

        init(_ row: AnalyticsConversation) {
            conversationId = row.conversationID
            startedAt = row.startedAt
            mode = row.mode
            customerName = row.customerName
            agentName = row.agentName
        }
    }

    struct ReportResponse: Encodable, Sendable {
        let range: RangePayload
        let kpis: [KPIPayload]
        let daily: [DayPayload]
        let resolutionSplit: [CountPayload]
        let topArticles: [CountPayload]
        let topQuestions: [CountPayload]
        /// Chats started in the range per label, most first.
        let labels: [CountPayload]
        let busiestHours: [HourPayload]
        let recentActivity: [ActivityPayload]
        let takeovers: [CountPayload]
        let followupWorkload: [CountPayload]
        let needsCorrection: [ConversationRowPayload]
        let resolvedChats: [ConversationRowPayload]

        /// The wire form shared by the console (camelCase) and /api/v1/analytics (snake_case).
        init(_ report: AnalyticsReport) {
            let previous = report.range.previous
            range = RangePayload(
                from: report.range.from.description,
                to: report.range.to.description,
                previousFrom: previous.from.description,
                previousTo: previous.to.description,
                timeZone: report.timeZone,
                hoursTimeZone: report.hoursTimeZone
            )
            kpis = report.kpis.map {
                KPIPayload(metric: $0.metric, value: $0.value, previous: $0.previous, change: $0.change, better: $0.better?.rawValue)
            }
            daily = report.daily.map { DayPayload(day: $0.day, aiOnly: $0.aiOnly, escalated: $0.escalated) }
            resolutionSplit = report.resolutionSplit.map(CountPayload.init)
            topArticles = report.topArticles.map(CountPayload.init)
            topQuestions = report.topQuestions.map(CountPayload.init)
            labels = report.labels.map(CountPayload.init)
            busiestHours = report.busiestHours.map { HourPayload(weekday: $0.weekday, hour: $0.hour, chats: $0.chats) }
            recentActivity = report.recentActivity.map {
                ActivityPayload(kind: $0.kind, conversationId: $0.conversationID, at: $0.at, customerName: $0.customerName, detail: $0.detail)
            }
            takeovers = report.takeovers.map(CountPayload.init)
            followupWorkload = report.followupWorkload.map(CountPayload.init)
            needsCorrection = report.needsCorrection.map(ConversationRowPayload.init)
            resolvedChats = report.resolvedChats.map(ConversationRowPayload.init)
        }
    }

    /// `?from=YYYY-MM-DD&to=YYYY-MM-DD` in the organisation's time zone (the last 30 days by default);
    /// `time_zone=` the viewer's zone for busiest hours.
    @Sendable func report(request: Request, context: AgentRequestContext) async throws -> JSONResponse<ReportResponse> {
        let query = request.uri.queryParameters
        let report = try await service.report(
            orgID: context.agent.orgID,
            from: query["from"].map(String.init),
            to: query["to"].map(String.init),
            viewerTimeZone: query["time_zone"].map(String.init)
        )
        return JSONResponse(ReportResponse(report))
    }

    struct ConversationsResponse: Encodable, Sendable {
        let metric: String
        let conversations: [ConversationRowPayload]
    }

    /// `?metric=<name>&from=…&to=…`: up to 200 conversations behind one number, newest first.
    @Sendable func conversations(request: Request, context: AgentRequestContext) async throws -> JSONResponse<ConversationsResponse> {
        let query = request.uri.queryParameters
        let metric = query["metric"].map(String.init)
        let rows = try await service.conversations(
            orgID: context.agent.orgID,
            metric: metric,
            from: query["from"].map(String.init),
            to: query["to"].map(String.init)
        )
        return JSONResponse(ConversationsResponse(metric: metric ?? "", conversations: rows.map(ConversationRowPayload.init)))
    }
}
