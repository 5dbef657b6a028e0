import Foundation

/// Opening hours per weekday in the organisation's time zone: `{"mon": [["09:00","17:00"]], ..., "sun": []}`.
public struct BusinessHours: Sendable, Equatable, Codable {
    /// The weekday keys, Monday first.
    public static let days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    /// Ranges of "HH:MM" start and end times per day key; a missing day is closed.
    public var ranges: [String: [[String]]]

    public init(_ ranges: [String: [[String]]]) {
        self.ranges = ranges
    }

    public init(from decoder: any Decoder) throws {
        ranges = try decoder.singleValueContainer().decode([String: [[String]]].self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(ranges)
    }
}

/// An organisation's settings as the console's settings panel shows and edits them.
public struct ConsoleSettings: Sendable, Equatable {
    public var aiChatEnabled: Bool
    /// IANA time zone name.
    public var timeZone: String
    public var businessHours: BusinessHours
    /// `scheme://host[:port]` of each site allowed to embed the widget.
    public var widgetAllowedOrigins: [String]
    /// The public key in the widget's `<script>` tag.
    public var widgetKey: String
    public var idleCloseMinutes: Int

    public init(
        aiChatEnabled: Bool,
        timeZone: String,
        businessHours: BusinessHours,
        widgetAllowedOrigins: [String],
        widgetKey: String,
        idleCloseMinutes: Int
    ) {
        self.aiChatEnabled = aiChatEnabled
        self.timeZone = timeZone
        self.businessHours = businessHours
        self.widgetAllowedOrigins = widgetAllowedOrigins
        self.widgetKey = widgetKey
        self.idleCloseMinutes = idleCloseMinutes
    }
}

/// A partial edit of the settings: nil leaves a setting as it is.
public struct SettingsChange: Sendable, Equatable {
    public var aiChatEnabled: Bool?
    public var timeZone: String?
    public var businessHours: BusinessHours?
    public var widgetAllowedOrigins: [String]?
    public var idleCloseMinutes: Int?

    public init(
        aiChatEnabled: Bool? = nil,
        timeZone: String? = nil,
        businessHours: BusinessHours? = nil,
        widgetAllowedOrigins: [String]? = nil,
        idleCloseMinutes: Int? = nil
    ) {
        self.aiChatEnabled = aiChatEnabled
        self.timeZone = timeZone
        self.businessHours = businessHours
        self.widgetAllowedOrigins = widgetAllowedOrigins
        self.idleCloseMinutes = idleCloseMinutes
    }
}

/// The settings as an audit entry's `before` / `after` records them; unchanged settings are left out.
struct SettingsSnapshot: Encodable, Equatable {
    var aiChatEnabled: Bool?
    var timeZone: String?
    var businessHours: BusinessHours?
    var widgetAllowedOrigins: [String]?
    var widgetKey: String?
    var idleCloseMinutes: Int?

    /// The settings of `settings` that differ from `other`.
    init(_ settings: ConsoleSettings, differingFrom other: ConsoleSettings) {
        if settings.aiChatEnabled != other.aiChatEnabled { aiChatEnabled = settings.aiChatEnabled }
        if settings.timeZone != other.timeZone { timeZone = settings.timeZone }
        if settings.businessHours != other.businessHours { businessHours = settings.businessHours }
        if settings.widgetAllowedOrigins != other.widgetAllowedOrigins { widgetAllowedOrigins = settings.widgetAllowedOrigins }
        if settings.widgetKey != other.widgetKey { widgetKey = settings.widgetKey }
        if settings.idleCloseMinutes != other.idleCloseMinutes { idleCloseMinutes = settings.idleCloseMinutes }
    }
}
