import Foundation

/// Reads the analytics definitions (the `reporting.analytics_*` SQL functions) for one organisation.
public protocol AnalyticsRepository: Sendable {
    /// The organisation's IANA time zone.
    func timeZone(orgID: UUID) async throws -> String

    /// The whole dashboard for `range` (days in `timeZone`, busiest hours in `hoursTimeZone`).
    func report(orgID: UUID, range: AnalyticsRange, timeZone: String, hoursTimeZone: String) async throws -> AnalyticsReport

    /// Up to `limit` conversations behind `metric` (one of `AnalyticsService.metrics`), newest first.
    func conversations(orgID: UUID, range: AnalyticsRange, timeZone: String, metric: String, limit: Int) async throws -> [AnalyticsConversation]
}
