import Foundation

/// What the seeder needs to know about one demo organisation beyond its content files:
/// name, time zone, opening hours and how many conversations to make.
struct DemoOrganisationProfile: Sendable {
    var slug: String
    var name: String
    var timeZone: String
    var widgetAllowedOrigins: [String]
    /// Conversations spread over the last 30 days, before the handful of recent ones.
    var conversationCount: Int
    /// Opening hours per weekday (1 = Sunday … 7 = Saturday, as `Calendar` counts) in minutes after midnight.
    var businessHours: [Int: [ClosedRange<Int>]]

    static let careerLearning = DemoOrganisationProfile(
        slug: "careerlearning",
        name: "CareerLearning",
        timeZone: "America/New_York",
        widgetAllowedOrigins: [
            "https://www.careerlearning.example", "http://127.0.0.1:8080", "http://localhost:8080",
        ],
        conversationCount: 326,
        // As the "Support hours and contact" article says: weekdays 8–20, Saturday 9–14.
        businessHours: [2: [480...1200], 3: [480...1200], 4: [480...1200], 5: [480...1200], 6: [480...1200], 7: [540...840]]
    )

    static let harbourBikes = DemoOrganisationProfile(
        slug: "harbourbikes",
        name: "Harbour Bikes",
        timeZone: "Europe/London",
        widgetAllowedOrigins: ["https://www.harbourbikes.example", "http://127.0.0.1:8080", "http://localhost:8080"],
        conversationCount: 56,
        // The shop's hours: Tuesday to Saturday 9–18, Sunday 10–16, closed on Mondays.
        businessHours: [1: [600...960], 3: [540...1080], 4: [540...1080], 5: [540...1080], 6: [540...1080], 7: [540...1080]]
    )

    static let all = [careerLearning, harbourBikes]

    /// A Gregorian calendar in the organisation's time zone.
    var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timeZone) ?? TimeZone(secondsFromGMT: 0)!
        return calendar
    }

    /// Whether a person would be on the chat at `date`.
    func isOpen(at date: Date, calendar: Calendar) -> Bool {
        let parts = calendar.dateComponents([.weekday, .hour, .minute], from: date)
        let minute = (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
        return businessHours[parts.weekday ?? 1, default: []].contains { $0.lowerBound <= minute && minute < $0.upperBound }
    }

    /// The first moment the team is back after `date` (a quarter-hour step is precise enough for demo data).
    func nextOpening(after date: Date, calendar: Calendar) -> Date {
        var candidate = date
        for _ in 0..<(8 * 24 * 4) {
            candidate += 15 * 60
            if isOpen(at: candidate, calendar: calendar) { return candidate }
        }
        return candidate
    }

    /// Opening hours in the settings' JSON shape: `{"mon": [["08:00", "20:00"]], …, "sun": []}`.
    var businessHoursJSON: [String: [[String]]] {
        let names = [1: "sun", 2: "mon", 3: "tue", 4: "wed", 5: "thu", 6: "fri", 7: "sat"]
        func clock(_ minutes: Int) -> String {
            let hours = minutes / 60
            let rest = minutes % 60
            return (hours < 10 ? "0" : "") + "\(hours):" + (rest < 10 ? "0" : "") + "\(rest)"
        }
        var json: [String: [[String]]] = [:]
        for (weekday, name) in names {
            json[name] = businessHours[weekday, default: []].map { [clock($0.lowerBound), clock($0.upperBound)] }
        }
        return json
    }
}
