import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchboardDomain
import TestSupport
import Testing

@testable import SwitchboardHTTP

/// GET /console/api/analytics and /analytics/conversations: any agent reads its own organisation's
/// numbers, never another's, and bad ranges are 422.
@Suite struct AnalyticsAPITests {
    struct KPIWire: Decodable, Sendable {
        let metric: String
        let value: Double?
        let previous: Double?
        let change: Double?
        var better: String?
    }

    struct DayWire: Decodable, Sendable {
        let day: String
        let aiOnly: Int
        let escalated: Int
    }

    struct RangeWire: Decodable, Sendable {
        let from: String
        let to: String
        let previousFrom: String
        let previousTo: String
        let timeZone: String
        let hoursTimeZone: String
    }

    struct HourWire: Decodable, Sendable, Hashable {
        let weekday: Int
        let hour: Int
        let chats: Int
    }

    struct ReportWire: Decodable, Sendable {
        let range: RangeWire
        let kpis: [KPIWire]
        let daily: [DayWire]
        let busiestHours: [HourWire]

        func value(_ metric: String) -> Double? {
            kpis.first { $0.metric == metric }?.value
        }
    }

    struct RowWire: Decodable, Sendable {
        let conversationId: UUID
    }

    struct ConversationsWire: Decodable, Sendable {
        let metric: String
        let conversations: [RowWire]
    }

    @Test func anAgentReadsItsOwnOrganisationsNumbersOnly() async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            let other = try await system.makeOrganisation()
            let olga = try await system.agent("Olga", role: .agent, in: other.id)
            try await system.application().test(.router) { client in
                let closed = try await client.closedChat(system, agent: carol)
                let live = try await client.liveChat(system, agent: carol)
                let foreign = try await client.startChat(other)

                let response = try await client.api(.get, "analytics", as: carol)
                #expect(response.status == .ok)
                let report = try decodeWire(ReportWire.self, from: response.body)
                #expect(report.range.timeZone == "UTC")
                #expect(report.daily.count == 30)
                #expect(report.value("total") == 2)
                #expect(report.value("resolved") == 1)
                #expect(report.value("active") == 1)
                // Nothing in the previous 30 days: no comparison (see cardsCompareOnlyWithEarlierDataAndSayWhichWayIsGood).
                #expect(report.kpis.first { $0.metric == "total" }?.change == nil)
                // Both were taken over by an agent: escalated, none AI-only.
                #expect(report.daily.map(\.escalated).reduce(0, +) == 2)
                #expect(report.daily.map(\.aiOnly).reduce(0, +) == 0)

                let theirs = try decodeWire(ReportWire.self, from: try await client.api(.get, "analytics", as: olga).body)
                #expect(theirs.value("total") == 1)
                #expect(theirs.value("active") == 1)

                let behind = try decodeWire(
                    ConversationsWire.self,
                    from: try await client.api(.get, "analytics/conversations?metric=total", as: carol).body
                )
                #expect(Set(behind.conversations.map(\.conversationId)) == [closed.conversationId, live.conversationId])
                let behindTheirs = try decodeWire(
                    ConversationsWire.self,
                    from: try await client.api(.get, "analytics/conversations?metric=total", as: olga).body
                )
                #expect(behindTheirs.conversations.map(\.conversationId) == [foreign.conversationId])
                let resolved = try decodeWire(
                    ConversationsWire.self,
                    from: try await client.api(.get, "analytics/conversations?metric=resolved_human", as: carol).body
                )
                #expect(resolved.conversations.map(\.conversationId) == [closed.conversationId])
            }
        }
    }

    @Test func anExplicitRangeAndItsPreviousRange() async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            try await system.application().test(.router) { client in
                let response = try await client.api(.get, "analytics?from=2026-02-01&to=2026-02-07", as: carol)
                #expect(response.status == .ok)
                let report = try decodeWire(ReportWire.self, from: response.body)
                #expect(report.range.from == "2026-02-01" && report.range.to == "2026-02-07")
                #expect(report.range.previousFrom == "2026-01-25" && report.range.previousTo == "2026-01-31")
                #expect(report.daily.map(\.day) == (1...7).map { "2026-02-0\($0)" })
                #expect(report.value("total") == 0)
                #expect(report.value("ai_accuracy") == nil)
            }
        }
    }

    /// With no chat in the previous range there is nothing to compare with (no "▲ 2 vs 0"); each
    /// card says which way is good news, so "AI couldn't answer" rising is bad and resolved rising good.
    @Test func cardsCompareOnlyWithEarlierDataAndSayWhichWayIsGood() async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            try await system.application().test(.router) { client in
                let now = try await client.startChat(system.organisation)
                let earlier = try await client.startChat(system.organisation)
                func report() async throws -> ReportWire {
                    try decodeWire(ReportWire.self, from: try await client.api(.get, "analytics", as: carol).body)
                }
                let alone = try await report()
                #expect(alone.value("total") == 2)
                #expect(alone.kpis.allSatisfy { $0.previous == nil && $0.change == nil })
                let better = Dictionary(uniqueKeysWithValues: alone.kpis.map { ($0.metric, $0.better) })
                #expect(better["ai_not_sure"] == "down" && better["review"] == "down" && better["followup"] == "down")
                #expect(better["resolved"] == "up" && better["ai_accuracy"] == "up" && better["contact_capture"] == "up")
                #expect(better["total"] == .some(nil) && better["active"] == .some(nil))

                // One chat moves into the previous 30 days: now there is something to compare with.
                try await system.pool.withTenant(system.orgID) { session in
                    try await session.execute(
                        "UPDATE conversations SET started_at = now() - interval '40 days' WHERE org_id = $1 AND conversation_id = $2",
                        [system.orgID, earlier.conversationId]
                    )
                }
                let compared = try await report()
                let total = try #require(compared.kpis.first { $0.metric == "total" })
                #expect(total.value == 1 && total.previous == 1 && total.change == 0)
                _ = now
            }
        }
    }

    @Test func busiestHoursAreInTheViewersTimeZone() async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            try await system.application().test(.router) { client in
                let before = Date()
                _ = try await client.liveChat(system, agent: carol)
                let after = Date()
                /// The ISO weekday and hour of `date` in `zone`, as the cell the chat must land in.
                func cell(_ date: Date, _ zone: String) -> HourWire {
                    var calendar = Calendar(identifier: .iso8601)
                    calendar.timeZone = TimeZone(identifier: zone)!
                    let weekday = (calendar.component(.weekday, from: date) + 5) % 7 + 1
                    return HourWire(weekday: weekday, hour: calendar.component(.hour, from: date), chats: 1)
                }
                for zone in ["UTC", "Asia/Kathmandu", "America/St_Johns"] {
                    let response = try await client.api(.get, "analytics?time_zone=\(zone)", as: carol)
                    #expect(response.status == .ok)
                    let report = try decodeWire(ReportWire.self, from: response.body)
                    #expect(report.range.timeZone == "UTC", "days stay in the organisation's zone")
                    #expect(report.range.hoursTimeZone == zone)
                    #expect(report.busiestHours.count == 1)
                    let expected: Set = [cell(before, zone), cell(after, zone)]
                    #expect(report.busiestHours.allSatisfy(expected.contains), "\(zone): \(report.busiestHours) not in \(expected)")
                }
            }
        }
    }

    @Test(arguments: [
        "analytics?time_zone=Mars/Olympus_Mons", "analytics?time_zone=..%2F..%2Fetc%2Fpasswd", "analytics?time_zone=",
        "analytics?from=2026-13-01&to=2026-12-31", "analytics?from=yesterday", "analytics?from=2026-02-30",
        "analytics?from=2026-03-10&to=2026-03-01", "analytics?from=2024-01-01&to=2026-01-01",
        "analytics?from=2026-3-1&to=2026-03-02", "analytics/conversations?metric=everything",
        "analytics/conversations", "analytics/conversations?metric=total&to=2026-02-31",
    ])
    func badRangesAndMetricsAre422(_ path: String) async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            try await system.application().test(.router) { client in
                let response = try await client.api(.get, path, as: carol)
                #expect(response.status == .unprocessableContent, "\(path)")
                let body = String(buffer: response.body)
                #expect(!body.localizedCaseInsensitiveContains("select"), "no SQL in \(body)")
            }
        }
    }

    @Test func signedOutCallersGetNothing() async throws {
        try await TestSystem.with { system in
            try await system.application().test(.router) { client in
                let response = try await client.request(.get, "/console/api/analytics", json: nil, token: nil, origin: nil)
                #expect(response.status == .unauthorized)
            }
        }
    }

    // MARK: /api/v1/analytics

    @Test func theRESTAPIShowsTheConsolesNumbersForAKeyWithTheScope() async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            let other = try await system.makeOrganisation()
            let key = try await system.apiKey([.analyticsRead])
            let otherKey = try await system.apiKey([.analyticsRead], in: other.id)
            try await system.application().test(.router) { client in
                let closed = try await client.closedChat(system, agent: carol)
                _ = try await client.liveChat(system, agent: carol)
                _ = try await client.startChat(other)
                _ = try await client.startChat(other)
                _ = try await client.startChat(other)

                let console = try decodeWire(ReportWire.self, from: try await client.api(.get, "analytics", as: carol).body)
                let response = try await client.v1(.get, "analytics", key: key)
                #expect(response.status == .ok)
                let api = try decodeAPI(ReportWire.self, from: response)
                #expect(api.kpis.map(\.metric) == console.kpis.map(\.metric))
                #expect(api.kpis.map(\.value) == console.kpis.map(\.value))
                #expect(api.kpis.map(\.previous) == console.kpis.map(\.previous))
                #expect(api.daily.map(\.escalated) == console.daily.map(\.escalated))
                #expect(api.value("total") == 2, "only its own organisation's chats")
                #expect(try decodeAPI(ReportWire.self, from: try await client.v1(.get, "analytics", key: otherKey)).value("total") == 3)

                let behind = try decodeAPI(
                    ConversationsWire.self,
                    from: try await client.v1(.get, "analytics/conversations?metric=resolved", key: key)
                )
                #expect(behind.conversations.map(\.conversationId) == [closed.conversationId])
                let theirs = try decodeAPI(
                    ConversationsWire.self,
                    from: try await client.v1(.get, "analytics/conversations?metric=resolved", key: otherKey)
                )
                #expect(theirs.conversations.isEmpty, "another organisation's key sees none of these chats")
            }
        }
    }

    @Test func theRESTAPINeedsTheAnalyticsScopeAndRefusesBadRanges() async throws {
        try await TestSystem.with { system in
            let reader = try await system.apiKey([.conversationsRead, .admin])
            let key = try await system.apiKey([.analyticsRead])
            try await system.application().test(.router) { client in
                for path in ["analytics", "analytics/conversations?metric=total"] {
                    let response = try await client.v1(.get, path, key: reader)
                    #expect(response.status == .forbidden, "\(path)")
                    #expect(String(buffer: response.body).contains("insufficient_scope"))
                }
                let cases = [
                    ("analytics?from=2026-02-30", "invalid_date"), ("analytics?from=2026-03-10&to=2026-03-01", "invalid_range"),
                    ("analytics?from=2020-01-01&to=2026-01-01", "range_too_long"), ("analytics?time_zone=Nowhere/Else", "invalid_time_zone"),
                    ("analytics/conversations?metric=everything", "invalid_metric"), ("analytics/conversations", "invalid_metric"),
                ]
                for (path, code) in cases {
                    let response = try await client.v1(.get, path, key: key)
                    #expect(response.status == .unprocessableContent, "\(path)")
                    #expect(String(buffer: response.body).contains("\"\(code)\""), "\(path): \(String(buffer: response.body))")
                }
            }
        }
    }
}
