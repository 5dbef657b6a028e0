import Foundation

/// Checks on settings an administrator types, each failure a 422 that says what to fix.
public enum SettingsRules {
    public static let idleCloseMinutesRange = 1...1440
    public static let maxOrigins = 50

    /// A time zone Foundation knows by its IANA name ("Europe/Berlin").
    public static func timeZone(_ value: String) throws -> String {
        let name = value.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, TimeZone(identifier: name) != nil else {
            throw invalid(
                "invalid_time_zone",
                "\"\(value.prefix(60))\" is not a time zone name; use an IANA name such as \"Europe/Berlin\" or \"UTC\"."
            )
        }
        return name
    }

    /// Business hours keyed mon…sun, each a list of ["HH:MM", "HH:MM"] ranges with the start
    /// before the end and no overlaps; a day left out is closed.
    public static func businessHours(_ hours: BusinessHours) throws -> BusinessHours {
        var cleaned: [String: [[String]]] = [:]
        for (day, ranges) in hours.ranges {
            guard BusinessHours.days.contains(day) else {
                throw invalid("invalid_business_hours", "\"\(day.prefix(20))\" is not a day; use mon, tue, wed, thu, fri, sat and sun.")
            }
            var minutes: [(Int, Int)] = []
            for range in ranges {
                guard range.count == 2, let start = minuteOfDay(range[0]), let end = minuteOfDay(range[1]) else {
                    throw invalid(
                        "invalid_business_hours",
                        "Give each range of \(day) as [\"HH:MM\", \"HH:MM\"], for example [\"09:00\", \"17:00\"]."
                    )
                }
                guard start < end else {
                    throw invalid(
                        "invalid_business_hours",
                        "On \(day), \(range[0])–\(range[1]) ends before it starts; the end must be later than the start."
                    )

                }
                minutes.append((start, end))
            }
            let sorted = minutes.sorted { $0.0 < $1.0 }
            for (earlier, later) in zip(sorted, sorted.dropFirst()) where later.0 < earlier.1 {
                throw invalid("invalid_business_hours", "The ranges of \(day) overlap; merge them into one.")
            }
            cleaned[day] = sorted.map { [format($0.0), format($0.1)] }
        }
        for day in BusinessHours.days where cleaned[day] == nil { cleaned[day] = [] }
        return BusinessHours(cleaned)
    }

    /// Origins as `scheme://host[:port]`, lower-cased and without duplicates.
    public static func origins(_ values: [String]) throws -> [String] {
        guard values.count <= maxOrigins else {
            throw invalid("invalid_origin", "List at most \(maxOrigins) allowed origins.")
        }
        var result: [String] = []
        for value in values {
            let origin = try origin(value)
            if !result.contains(origin) { result.append(origin) }
        }
        return result
    }

    /// One origin: http or https, a host, an optional port, nothing else (no path, query or user).
    public static func origin(_ value: String) throws -> String {
        var text = value.trimmingCharacters(in: .whitespaces).lowercased()
        if text.hasSuffix("/") { text.removeLast() }
        let failure = invalid(
            "invalid_origin",
            "\"\(value.prefix(100))\" is not an origin; write it as scheme://host[:port], for example https://www.example.com, without a path."
        )
        guard let components = URLComponents(string: text), let scheme = components.scheme, ["http", "https"].contains(scheme),
            let host = components.host, !host.isEmpty, components.path.isEmpty, components.query == nil,
            components.fragment == nil, components.user == nil, components.password == nil,
            host.range(of: #"^[a-z0-9.\-\[\]:]+$"#, options: .regularExpression) != nil
        else { throw failure }
        if let port = components.port {
            guard (1...65535).contains(port) else { throw failure }
            return "\(scheme)://\(host):\(port)"
        }
        guard text == "\(scheme)://\(host)" else { throw failure }
        return text
    }

    public static func idleCloseMinutes(_ value: Int) throws -> Int {
        guard idleCloseMinutesRange.contains(value) else {
            throw invalid(
                "invalid_idle_close_minutes",
                "idleCloseMinutes must be between \(idleCloseMinutesRange.lowerBound) and \(idleCloseMinutesRange.upperBound) (one day)."
            )
        }
        return value
    }

    /// Minutes since midnight for "HH:MM" (00:00 to 24:00), or nil.
    static func minuteOfDay(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
            let hours = Int(parts[0]), let minutes = Int(parts[1]), (0...59).contains(minutes),
            (0...23).contains(hours) || (hours == 24 && minutes == 0)
        else { return nil }
        return hours * 60 + minutes
    }

    static func format(_ minuteOfDay: Int) -> String {
        let hours = minuteOfDay / 60
        let minutes = minuteOfDay % 60
        return (hours < 10 ? "0" : "") + "\(hours):" + (minutes < 10 ? "0" : "") + "\(minutes)"
    }

    static func invalid(_ code: String, _ message: String) -> SimpleDomainError {
        SimpleDomainError(.invalidInput, code: code, message: message)
    }
}
