import Foundation

/// Quick text forms of the values the bulk generator writes millions of times: timestamps in
/// PostgreSQL's ISO format (UTC) without a `DateFormatter`, and lower-case UUIDs.
enum DemoScaleText {
    /// `YYYY-MM-DD HH:MM:SS.ffffff+00` for `date`, to the microsecond.
    static func timestamp(_ date: Date) -> String {
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        var seconds = micros / 1_000_000
        var fraction = micros % 1_000_000
        if fraction < 0 {
            fraction += 1_000_000
            seconds -= 1
        }
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)

        var bytes = [UInt8](repeating: 0, count: 29)
        func put(_ value: Int64, _ width: Int, at offset: Int) {
            var rest = value
            for index in stride(from: offset + width - 1, through: offset, by: -1) {
                bytes[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
        }
        put(year, 4, at: 0)
        bytes[4] = UInt8(ascii: "-")
        put(month, 2, at: 5)
        bytes[7] = UInt8(ascii: "-")
        put(day, 2, at: 8)
        bytes[10] = UInt8(ascii: " ")
        put(secondOfDay / 3600, 2, at: 11)
        bytes[13] = UInt8(ascii: ":")
        put(secondOfDay / 60 % 60, 2, at: 14)
        bytes[16] = UInt8(ascii: ":")
        put(secondOfDay % 60, 2, at: 17)
        bytes[19] = UInt8(ascii: ".")
        put(fraction, 6, at: 20)
        bytes[26] = UInt8(ascii: "+")
        bytes[27] = UInt8(ascii: "0")
        bytes[28] = UInt8(ascii: "0")
        return String(decoding: bytes, as: UTF8.self)
    }

    static func timestamp(orNil date: Date?) -> String? {
        date.map { timestamp($0) }
    }

    static func uuid(_ id: UUID) -> String {
        id.uuidString.lowercased()
    }

    static func uuid(orNil id: UUID?) -> String? {
        id.map { $0.uuidString.lowercased() }
    }

    static func bool(_ value: Bool) -> String {
        value ? "t" : "f"
    }
}
