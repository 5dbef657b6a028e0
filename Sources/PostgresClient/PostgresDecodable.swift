import Foundation

/// A Swift value that can be read from a column in PostgreSQL's text format.
public protocol PostgresDecodable {
    /// Decodes `text`, which is nil when the column is NULL.
    static func decode(postgresText text: String?) throws -> Self
}

/// A non-optional type reading NULL, or text it cannot parse.
private func decodingFailure() -> PostgresError { PostgresError(kind: .decoding) }

/// Types that are decoded from non-NULL text only.
public protocol PostgresNonNullDecodable: PostgresDecodable {
    init?(postgresValue text: String)
}

extension PostgresNonNullDecodable {
    public static func decode(postgresText text: String?) throws -> Self {
        guard let text, let value = Self(postgresValue: text) else { throw decodingFailure() }
        return value
    }
}

extension String: PostgresNonNullDecodable {
    public init?(postgresValue text: String) { self = text }
}

extension Int: PostgresNonNullDecodable {
    public init?(postgresValue text: String) { self.init(text) }
}

extension Int64: PostgresNonNullDecodable {
    public init?(postgresValue text: String) { self.init(text) }
}

extension Int32: PostgresNonNullDecodable {
    public init?(postgresValue text: String) { self.init(text) }
}

extension Bool: PostgresNonNullDecodable {
    public init?(postgresValue text: String) {
        switch text {
        case "t", "true": self = true
        case "f", "false": self = false
        default: return nil
        }
    }
}

extension Double: PostgresNonNullDecodable {
    public init?(postgresValue text: String) { self.init(text) }
}

extension Float: PostgresNonNullDecodable {
    public init?(postgresValue text: String) { self.init(text) }
}

extension UUID: PostgresNonNullDecodable {
    public init?(postgresValue text: String) { self.init(uuidString: text) }
}

extension Date: PostgresNonNullDecodable {
    public init?(postgresValue text: String) {
        guard let date = PostgresTimestamp.parse(text) else { return nil }
        self = date
    }
}

extension Data: PostgresNonNullDecodable {
    /// Reads bytea's hex output format (`\x0a1b…`).
    public init?(postgresValue text: String) {
        let utf8 = Array(text.utf8)
        guard utf8.count >= 2, utf8[0] == UInt8(ascii: "\\"), utf8[1] == UInt8(ascii: "x"),
            utf8.count % 2 == 0
        else { return nil }
        var bytes = [UInt8]()
        bytes.reserveCapacity((utf8.count - 2) / 2)
        var index = 2
        while index < utf8.count {
            guard let high = hexValue(utf8[index]), let low = hexValue(utf8[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        self.init(bytes)
    }
}

private func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
    default: return nil
    }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    public static func decode(postgresText text: String?) throws -> Self {
        guard let text else { return nil }
        return try Wrapped.decode(postgresText: text)
    }
}

extension Array: PostgresDecodable where Element: PostgresDecodable {
    /// Reads a one-dimensional array literal such as `{a,"b c",NULL}`.
    public static func decode(postgresText text: String?) throws -> Self {
        guard let text else { throw decodingFailure() }
        guard let elements = PostgresArrayLiteral.parse(text) else { throw decodingFailure() }
        return try elements.map { try Element.decode(postgresText: $0) }
    }
}

/// Parser for PostgreSQL's one-dimensional array output.
enum PostgresArrayLiteral {
    static func parse(_ text: String) -> [String?]? {
        var characters = Substring(text)
        // Arrays with explicit bounds print as "[0:1]={...}"; skip the bounds.
        if characters.first == "[", let equals = characters.firstIndex(of: "=") {
            characters = characters[characters.index(after: equals)...]
        }
        guard characters.first == "{", characters.last == "}" else { return nil }
        let body = characters.dropFirst().dropLast()
        if body.isEmpty { return [] }

        var elements: [String?] = []
        var current = ""
        var quoted = false
        var wasQuoted = false
        var escaped = false
        for character in body {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                quoted.toggle()
                wasQuoted = true
            } else if character == "," && !quoted {
                elements.append(wasQuoted || current != "NULL" ? current : nil)
                current = ""
                wasQuoted = false
            } else {
                current.append(character)
            }
        }
        elements.append(wasQuoted || current != "NULL" ? current : nil)
        return elements
    }
}

/// Reads a `json` or `jsonb` column into a Decodable type.
public struct PostgresJSONValue<Value: Decodable>: PostgresDecodable {
    public var value: Value
    public static func decode(postgresText text: String?) throws -> Self {
        guard let text else { throw decodingFailure() }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let string = try container.decode(String.self)
            guard let date = PostgresTimestamp.parse(string) else {
                throw DecodingError.dataCorruptedError(
                    in: container,
                    debugDescription: "not a timestamp"
                )
            }
            return date
        }
        do {
            return Self(value: try decoder.decode(Value.self, from: Data(text.utf8)))
        } catch {
            throw decodingFailure()
        }
    }
}
