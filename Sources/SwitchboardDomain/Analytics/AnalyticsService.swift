import Foundation

/// The console's Analytics page: validates the range and reads the report.
public struct AnalyticsService: Sendable {
    private let analytics: any AnalyticsRepository
    private let now: @Sendable () -> Date

    public init(analytics: any AnalyticsRepository, now: @escaping @Sendable () -> Date = { Date() }) {
        self.analytics = analytics
        self.now = now
    }

    /// Metrics `conversations(…)` can show the chats behind.
    public static let metrics: Set<String> = [
        "total", "active", "resolved", "followup", "review", "ai_not_sure", "ai_answered", "ai_incorrect",
        "contact_capture", "escalated", "ai_only", "resolved_ai", "resolved_human", "ai_to_agent", "agent_to_agent",
        "followup_open", "needs_correction",
    ]

    /// The longest range one request may cover.
    public static let maximumDays = 366
    public static let defaultDays = 30

    /// The report for `from` … `to` (`YYYY-MM-DD`, both included, in the organisation's time zone);
    /// the last 30 days up to today when both are missing. Busiest hours are in `viewerTimeZone`
    /// (an IANA name such as `Europe/Berlin`, as the browser reports it) when given.
    public func report(orgID: UUID, from: String?, to: String?, viewerTimeZone: String? = nil) async throws -> AnalyticsReport {
        let timeZone = try await analytics.timeZone(orgID: orgID)
        let range = try resolve(from: from, to: to, timeZone: timeZone)
        let hoursTimeZone = try viewerTimeZone.map(Self.timeZone) ?? timeZone
        var report = try await analytics.report(orgID: orgID, range: range, timeZone: timeZone, hoursTimeZone: hoursTimeZone)
        // No chat at all in the previous range: every card would read "up from 0". There is no earlier data.
        if (report.kpis.first { $0.metric == "total" }?.previous ?? 0) == 0 {
            report.kpis = report.kpis.map(\.withoutComparison)
        }
        return report
    }

    /// An IANA time zone name both Foundation and PostgreSQL know (region/city form or UTC).
    static func timeZone(_ name: String) throws -> String {
        let allowed = name.utf8.allSatisfy { byte in
            (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
                || byte == 0x2F || byte == 0x5F || byte == 0x2D || byte == 0x2B
        }
        guard !name.isEmpty, name.count <= 64, allowed, TimeZone(identifier: name) != nil else {
            throw SimpleDomainError(
                .invalidInput,
                code: "invalid_time_zone",
                message: "time_zone must be an IANA time zone name such as Europe/Berlin."
            )
        }
        return name
    }

    /// The conversations behind one number of the report.
    public func conversations(orgID: UUID, metric: String?, from: String?, to: String?) async throws -> [AnalyticsConversation] {
        guard let metric, Self.metrics.contains(metric) else {
            throw SimpleDomainError(
                .invalidInput,
                code: "invalid_metric",
                message: "metric must be one of: \(Self.metrics.sorted().joined(separator: ", "))."
            )

        }
        let timeZone = try await analytics.timeZone(orgID: orgID)
        let range = try resolve(from: from, to: to, timeZone: timeZone)
        return try await analytics.conversations(orgID: orgID, range: range, timeZone: timeZone, metric: metric, limit: 200)
    }

    func resolve(from: String?, to: String?, timeZone: String) throws -> AnalyticsRange {
        let zone = TimeZone(identifier: timeZone) ?? TimeZone(identifier: "UTC")!
        let today = CalendarDay(now(), in: zone)
        let end = try to.map { try Self.day($0, field: "to") } ?? today
        let start = try from.map { try Self.day($0, field: "from") } ?? end.adding(days: -(Self.defaultDays - 1))
        guard start <= end else {
            throw SimpleDomainError(.invalidInput, code: "invalid_range", message: "from must not be after to.")
        }
        guard start.days(to: end) < Self.maximumDays else {
            throw SimpleDomainError(.invalidInput, code: "range_too_long", message: "A range covers at most \(Self.maximumDays) days.")
        }
        return AnalyticsRange(from: start, to: end)
    }

    static func day(_ text: String, field: String) throws -> CalendarDay {
        guard let day = CalendarDay(text) else {
            throw SimpleDomainError(.invalidInput, code: "invalid_date", message: "\(field) must be a date as YYYY-MM-DD.")
        }
        return day
    }
}
