import Foundation

/// A calendar day in the organisation's time zone, as `YYYY-MM-DD`.
public struct CalendarDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Parses `YYYY-MM-DD`; nil for anything else or a day that does not exist (2025-02-30).
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.count == 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), year >= 1970
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard (1...12).contains(month), (1...31).contains(day),
            let date = calendar.date(from: DateComponents(year: year, month: month, day: day))
        else { return nil }
        let roundTrip = calendar.dateComponents([.year, .month, .day], from: date)
        guard roundTrip.year == year, roundTrip.month == month, roundTrip.day == day else { return nil }
        self.init(year: year, month: month, day: day)
    }

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The day `date` falls on in `timeZone`.
    public init(_ date: Date, in timeZone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        self.init(year: parts.year!, month: parts.month!, day: parts.day!)
    }

    /// This day moved by `days` (negative goes back).
    public func adding(days: Int) -> CalendarDay {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let date = calendar.date(from: DateComponents(year: year, month: month, day: day))!
        return CalendarDay(calendar.date(byAdding: .day, value: days, to: date)!, in: calendar.timeZone)
    }

    /// Whole days from this day to `other`.
    public func days(to other: CalendarDay) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let start = calendar.date(from: DateComponents(year: year, month: month, day: day))!
        let end = calendar.date(from: DateComponents(year: other.year, month: other.month, day: other.day))!
        return calendar.dateComponents([.day], from: start, to: end).day!
    }

    public var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

/// Days `from` through `to`, both included, in the organisation's time zone.
public struct AnalyticsRange: Sendable, Hashable {
    public let from: CalendarDay
    public let to: CalendarDay

    public init(from: CalendarDay, to: CalendarDay) {
        self.from = from
        self.to = to
    }

    /// The range of equal length just before this one.
    public var previous: AnalyticsRange {
        let length = from.days(to: to) + 1
        return AnalyticsRange(from: from.adding(days: -length), to: from.adding(days: -1))
    }
}

/// One KPI card: the value for the range and for the previous range (nil when undefined, e.g. a ratio of nothing).
public struct AnalyticsKPI: Sendable, Hashable {
    public let metric: String
    public let value: Double?
    public let previous: Double?

    public init(metric: String, value: Double?, previous: Double?) {
        self.metric = metric
        self.value = value
        self.previous = previous
    }

    /// Value minus previous; nil when either is missing.
    public var change: Double? {
        guard let value, let previous else { return nil }
        return value - previous
    }

    /// Which way is good news for a KPI.
    public enum Better: String, Sendable {
        case up, down
    }

    /// Which way is good news for this metric; nil when neither is (how many chats there are).
    public var better: Better? {
        switch metric {
        case "resolved", "ai_accuracy", "contact_capture", "satisfaction": .up
        case "followup", "review", "ai_not_sure": .down
        default: nil
        }
    }

    /// The same value with no comparison: the previous range had nothing to compare with.
    public var withoutComparison: AnalyticsKPI {
        AnalyticsKPI(metric: metric, value: value, previous: nil)
    }
}

/// Chats started on one day: AI-only and escalated to a human.
public struct AnalyticsDay: Sendable, Hashable {
    public let day: String
    public let aiOnly: Int
    public let escalated: Int

    public init(day: String, aiOnly: Int, escalated: Int) {
        self.day = day
        self.aiOnly = aiOnly
        self.escalated = escalated
    }
}

/// A label and a count (resolution split, questions, workload, takeovers).
public struct AnalyticsCount: Sendable, Hashable {
    public let key: String?
    public let label: String?
    public let count: Int
    public let conversations: Int?

    public init(key: String?, label: String?, count: Int, conversations: Int? = nil) {
        self.key = key
        self.label = label
        self.count = count
        self.conversations = conversations
    }
}

/// Chats started in one local hour of one weekday (1 = Monday … 7 = Sunday).
public struct AnalyticsHourCell: Sendable, Hashable {
    public let weekday: Int
    public let hour: Int
    public let chats: Int

    public init(weekday: Int, hour: Int, chats: Int) {
        self.weekday = weekday
        self.hour = hour
        self.chats = chats
    }
}

/// A recent escalation, contact capture or resolved chat.
public struct AnalyticsActivity: Sendable, Hashable {
    public let kind: String
    public let conversationID: UUID
    public let at: Date
    public let customerName: String?
    public let detail: String?

    public init(kind: String, conversationID: UUID, at: Date, customerName: String?, detail: String?) {
        self.kind = kind
        self.conversationID = conversationID
        self.at = at
        self.customerName = customerName
        self.detail = detail
    }
}

/// A conversation behind a number.
public struct AnalyticsConversation: Sendable, Hashable {
    public let conversationID: UUID
    public let startedAt: Date
    public let mode: String
    public let customerName: String?
    public let agentName: String?

    public init(conversationID: UUID, startedAt: Date, mode: String, customerName: String?, agentName: String?) {
        self.conversationID = conversationID
        self.startedAt = startedAt
        self.mode = mode
        self.customerName = customerName
        self.agentName = agentName
    }
}

/// Everything on the Analytics page for one range, computed by the `reporting.analytics_*` functions.
public struct AnalyticsReport: Sendable {
    public var range: AnalyticsRange
    /// The organisation's time zone: days and the range are in it.
    public var timeZone: String
    /// The viewer's time zone: busiest hours are in it (the organisation's when the viewer sent none).
    public var hoursTimeZone: String
    public var kpis: [AnalyticsKPI]
    public var daily: [AnalyticsDay]
    /// `ai` and `human`: resolved conversations by who resolved them.
    public var resolutionSplit: [AnalyticsCount]
    /// Article id as key, title as label.
    public var topArticles: [AnalyticsCount]
    /// Normalised question as label.
    public var topQuestions: [AnalyticsCount]
    public var busiestHours: [AnalyticsHourCell]
    public var recentActivity: [AnalyticsActivity]
    /// `ai_to_agent` and `agent_to_agent`: count is handoffs, conversations the chats they touched.
    public var takeovers: [AnalyticsCount]
    /// Agent name as label (nil: nobody owns it).
    public var followupWorkload: [AnalyticsCount]
    public var needsCorrection: [AnalyticsConversation]
    public var resolvedChats: [AnalyticsConversation]
    /// Label as label: chats started in the range per label, most first.
    public var labels: [AnalyticsCount] = []

    public init(
        range: AnalyticsRange,
        timeZone: String,
        hoursTimeZone: String,
        kpis: [AnalyticsKPI],
        daily: [AnalyticsDay],
        resolutionSplit: [AnalyticsCount],

        topArticles: [AnalyticsCount],
        topQuestions: [AnalyticsCount],
        busiestHours: [AnalyticsHourCell],
        recentActivity: [AnalyticsActivity],
        takeovers: [AnalyticsCount],
        followupWorkload: [AnalyticsCount],
        needsCorrection: [AnalyticsConversation],
        resolvedChats: [AnalyticsConversation]
    ) {
        self.range = range
        self.timeZone = timeZone
        self.hoursTimeZone = hoursTimeZone
        self.kpis = kpis
        self.daily = daily
        self.resolutionSplit = resolutionSplit
        self.topArticles = topArticles
        self.topQuestions = topQuestions
        self.busiestHours = busiestHours
        self.recentActivity = recentActivity
        self.takeovers = takeovers
        self.followupWorkload = followupWorkload
        self.needsCorrection = needsCorrection
        self.resolvedChats = resolvedChats
    }
}
