import Foundation

/// Why one row of a sheet export cannot be imported: the spreadsheet row, the column and the
/// reason, so the person fixing the sheet can find the cell.
public struct SheetRowProblem: Sendable, Equatable, CustomStringConvertible {
    /// The tab the row is in (`ChatLog`, `Sessions`, `Presence`, `Settings`).
    public var tab: String
    /// Spreadsheet row number (header = 1).
    public var row: Int
    /// The column name, or nil when the whole row is at fault.
    public var column: String?
    public var reason: String

    public init(tab: String, row: Int, column: String?, reason: String) {
        self.tab = tab
        self.row = row
        self.column = column
        self.reason = reason
    }

    public var description: String {
        "\(tab) row \(row)" + (column.map { ", column \($0)" } ?? "") + ": \(reason)"
    }
}

/// A cell that does not hold what its column needs; the row's reader adds tab and row.
struct SheetCellError: Error {
    /// Set when the cell is in another tab than the row being read (a Sessions cell of a ChatLog row).
    var tab: String? = nil
    var row: Int? = nil
    var column: String
    var reason: String
}

/// How the sheet's cells are read: the values its exports contain, strictly, so a typo becomes a
/// reported problem rather than a silently wrong value.
public enum SheetValues {
    /// TRUE / FALSE in any case (the sheet's checkboxes export as TRUE and FALSE); blank is false.
    public static func boolean(_ text: String) -> Bool? {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "true": true
        case "false", "": false
        default: nil
        }
    }

    /// An ISO 8601 time: `YYYY-MM-DD`, then optionally `T` or a space and `HH:MM[:SS[.fraction]]`,
    /// then optionally `Z` or `±HH[:MM]`. A time without a zone is a wall-clock time in `zone`
    /// (the organisation's time zone: the sheet's users typed and read local times).
    public static func timestamp(_ text: String, zone: TimeZone) -> Date? {
        let b = Array(text.trimmingCharacters(in: .whitespaces).utf8)
        var i = 0
        func digits(_ count: Int) -> Int? {
            guard i + count <= b.count else { return nil }
            var value = 0
            for byte in b[i..<(i + count)] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            i += count
            return value
        }
        func take(_ character: Character) -> Bool {
            guard i < b.count, b[i] == character.asciiValue else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), take("-"), let month = digits(2), take("-"), let day = digits(2),
            (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year)
        else { return nil }
        var hour = 0
        var minute = 0
        var second = 0
        var fraction = 0.0
        if take("T") || take(" ") {
            guard let h = digits(2), take(":"), let m = digits(2), h < 24, m < 60 else { return nil }
            hour = h
            minute = m
            if take(":") {
                guard let s = digits(2), s < 61 else { return nil }
                second = min(s, 59)
                if take(".") || take(",") {
                    var scale = 0.1
                    let start = i
                    while i < b.count, b[i] >= 48, b[i] <= 57 {
                        fraction += Double(b[i] - 48) * scale
                        scale /= 10
                        i += 1
                    }
                    guard i > start else { return nil }
                }
            }
        }
        let local =
            Double(daysFromCivil(year: year, month: month, day: day)) * 86_400
            + Double(hour * 3600 + minute * 60 + second) + fraction
        var offset: Int?
        if take("Z") || take("z") {
            offset = 0
        } else if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
            i += 1
            guard let h = digits(2), h < 24 else { return nil }
            _ = take(":")
            let m = i < b.count ? digits(2) : 0
            guard let m, m < 60 else { return nil }
            offset = sign * (h * 3600 + m * 60)
        }
        guard i == b.count else { return nil }
        if let offset { return Date(timeIntervalSince1970: local - Double(offset)) }
        // Wall-clock time in `zone`: the offset at the guessed instant, checked once more so times
        // next to a daylight-saving change land on the right side of it.
        var guess = Date(timeIntervalSince1970: local - Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: local))))
        guess = Date(timeIntervalSince1970: local - Double(zone.secondsFromGMT(for: guess)))
        return guess
    }

    /// A whole number ≥ 0; blank is 0.
    public static func count(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return 0 }
        guard let value = Int(trimmed), value >= 0 else { return nil }
        return value
    }

    /// A cell's text with surrounding spaces kept; nil when it is blank (blank and absent mean the same).
    public static func optional(_ text: String) -> String? {
        text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : text
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
