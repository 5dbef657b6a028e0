import Foundation
import PostgresClient
import SwitchboardDomain

/// The dashboard read through the `reporting.analytics_*` functions (sql/migrations/0011_analytics.sql),
/// the same definitions analysts call, in one transaction scoped to the organisation.
public struct PostgresAnalyticsRepository: AnalyticsRepository {
    private let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// How many rows each list shows.
    /// Limits are Swift Ints (sent as bigint) and cast to the functions' integer in SQL.
    static let listLimit = 10
    static let tableLimit = 50

    public func timeZone(orgID: UUID) async throws -> String {
        try await pool.withTenant(orgID) { session in
            let row = try await session.query(
                "SELECT time_zone FROM organisation_settings WHERE org_id = $1",
                [orgID]
            ).singleRow()
            return try row?.decode("time_zone", as: String.self) ?? "UTC"
        }
    }

    /// The parts run as three concurrent transactions on separate connections (counts; topics;
    /// hours, split and lists), so the range scans share the machine's cores instead of queuing
    /// (the parts of one report may come from snapshots a few milliseconds apart).
    public func report(orgID: UUID, range: AnalyticsRange, timeZone: String, hoursTimeZone: String) async throws -> AnalyticsReport {
        async let totals = analyticsTransaction(orgID: orgID, range: range, timeZone: timeZone) { session, from, to in
            let kpis = try await session.query(
                "SELECT metric, value::float8 AS value, previous::float8 AS previous FROM reporting.analytics_kpis($1, $2, $3)",
                [orgID, from, to]
            ).map { AnalyticsKPI(metric: try $0.decode("metric"), value: try $0.decode("value"), previous: try $0.decode("previous")) }
            let daily = try await session.query(
                "SELECT day::text AS day, ai_only, escalated FROM reporting.analytics_daily($1, $2, $3, $4)",
                [orgID, from, to, timeZone]
            ).map { AnalyticsDay(day: try $0.decode("day"), aiOnly: try $0.decode("ai_only"), escalated: try $0.decode("escalated")) }
            return (kpis, daily)
        }
        async let topics = analyticsTransaction(orgID: orgID, range: range, timeZone: timeZone) { session, from, to in
            let articles = try await session.query(
                "SELECT article_id::text AS id, title, conversations FROM reporting.analytics_top_articles($1, $2, $3, $4::integer)",
                [orgID, from, to, Self.listLimit]
            ).map { AnalyticsCount(key: try $0.decode("id"), label: try $0.decode("title"), count: try $0.decode("conversations")) }
            let questions = try await session.query(
                "SELECT question, conversations FROM reporting.analytics_top_questions($1, $2, $3, $4::integer)",
                [orgID, from, to, Self.listLimit]
            ).map { AnalyticsCount(key: nil, label: try $0.decode("question"), count: try $0.decode("conversations")) }
            let labels = try await session.query(
                "SELECT label, conversations FROM reporting.analytics_labels($1, $2, $3, $4::integer)",
                [orgID, from, to, Self.listLimit]
            ).map { AnalyticsCount(key: try $0.decode("label"), label: try $0.decode("label"), count: try $0.decode("conversations")) }
            return (articles, questions, labels)
        }
        async let lists = analyticsTransaction(orgID: orgID, range: range, timeZone: timeZone) { session, from, to in
            let split = try await session.query(
                "SELECT resolved_by, conversations FROM reporting.analytics_resolution_split($1, $2, $3)",
                [orgID, from, to]
            ).map { AnalyticsCount(key: try $0.decode("resolved_by"), label: nil, count: try $0.decode("conversations")) }
            let hours = try await session.query(
                "SELECT weekday, hour, chats FROM reporting.analytics_busiest_hours($1, $2, $3, $4)",
                [orgID, from, to, hoursTimeZone]
            ).map { AnalyticsHourCell(weekday: try $0.decode("weekday"), hour: try $0.decode("hour"), chats: try $0.decode("chats")) }
            let recent = try await session.query(
                "SELECT kind, session_id, at, customer_name, detail FROM reporting.analytics_recent_activity($1, $2, $3, $4::integer)",
                [orgID, from, to, Self.listLimit]
            ).map {
                AnalyticsActivity(
                    kind: try $0.decode("kind"),
                    conversationID: try $0.decode("session_id"),
                    at: try $0.decode("at"),
                    customerName: try $0.decode("customer_name"),
                    detail: try $0.decode("detail")
                )
            }
            let takeovers = try await session.query(
                "SELECT kind, handoffs, conversations FROM reporting.analytics_takeovers($1, $2, $3)",
                [orgID, from, to]
            ).map {
                AnalyticsCount(
                    key: try $0.decode("kind"),
                    label: nil,
                    count: try $0.decode("handoffs"),
                    conversations: try $0.decode("conversations")
                )

            }
            let workload = try await session.query(
                "SELECT agent_name, open_followups FROM reporting.analytics_followup_workload($1)",
                [orgID]
            ).map { AnalyticsCount(key: nil, label: try $0.decode("agent_name"), count: try $0.decode("open_followups")) }
            let needsCorrection = try await Self.conversations(
                session,
                orgID: orgID,
                from: from,
                to: to,
                metric: "needs_correction",
                limit: Self.tableLimit
            )
            let resolved = try await Self.conversations(session, orgID: orgID, from: from, to: to, metric: "resolved", limit: Self.tableLimit)
            return (split, hours, recent, takeovers, workload, needsCorrection, resolved)
        }
        let (kpis, daily) = try await totals
        let (articles, questions, labels) = try await topics
        let (split, hours, recent, takeovers, workload, needsCorrection, resolved) = try await lists
        var report = AnalyticsReport(
            range: range,
            timeZone: timeZone,
            hoursTimeZone: hoursTimeZone,
            kpis: kpis,
            daily: daily,
            resolutionSplit: split,
            topArticles: articles,
            topQuestions: questions,
            busiestHours: hours,
            recentActivity: recent,
            takeovers: takeovers,
            followupWorkload: workload,
            needsCorrection: needsCorrection,
            resolvedChats: resolved
        )
        report.labels = labels
        return report
    }

    /// One read of the report in the organisation's tenant, with the range's bounds. JIT is off:
    /// compiling these short aggregate queries cost more (half a second at a million chats) than it saved.
    private func analyticsTransaction<Part: Sendable>(
        orgID: UUID,
        range: AnalyticsRange,
        timeZone: String,
        _ body: @Sendable @escaping (PostgresSession, Date, Date) async throws -> Part
    ) async throws -> Part {
        try await pool.withTenant(orgID) { session in
            let (from, to) = try await Self.bounds(session, range: range, timeZone: timeZone, jitOff: true)
            return try await body(session, from, to)
        }
    }

    public func conversations(
        orgID: UUID,
        range: AnalyticsRange,
        timeZone: String,
        metric: String,
        limit: Int
    ) async throws -> [AnalyticsConversation] {
        try await pool.withTenant(orgID) { session in
            let (from, to) = try await Self.bounds(session, range: range, timeZone: timeZone)
            return try await Self.conversations(session, orgID: orgID, from: from, to: to, metric: metric, limit: limit)
        }
    }

    /// Midnight at the start of `range.from` and after `range.to`, in the time zone.
    /// With `jitOff`, the same round trip also turns JIT off for the rest of the transaction.
    static func bounds(
        _ session: PostgresSession,
        range: AnalyticsRange,
        timeZone: String,
        jitOff: Bool = false
    ) async throws -> (Date, Date) {
        let row = try await session.query(
            """
            SELECT ($1::date)::timestamp AT TIME ZONE $3 AS from_at, ($2::date + 1)::timestamp AT TIME ZONE $3 AS to_at,
                   CASE WHEN $4 THEN set_config('jit', 'off', true) END AS jit
            """,
            [range.from.description, range.to.description, timeZone, jitOff]
        ).singleRow()!
        return (try row.decode("from_at"), try row.decode("to_at"))
    }

    static func conversations(
        _ session: PostgresSession,
        orgID: UUID,
        from: Date,
        to: Date,
        metric: String,
        limit: Int
    ) async throws -> [AnalyticsConversation] {
        try await session.query(
            """
            SELECT session_id, started_at, mode, customer_name, agent_name
            FROM reporting.analytics_conversations($1, $2, $3, $4, $5::integer)
            """,
            [orgID, from, to, metric, limit]
        ).map {
            AnalyticsConversation(
                conversationID: try $0.decode("session_id"),
                startedAt: try $0.decode("started_at"),
                mode: try $0.decode("mode"),
                customerName: try $0.decode("customer_name"),
                agentName: try $0.decode("agent_name")
            )
        }
    }
}
