import Foundation

/// A Swift value that can be bound as a query parameter (sent in PostgreSQL's text format).
public protocol PostgresEncodable: Sendable {
    /// The parameter's type OID; 0 lets the server infer it from the statement.
    static var postgresType: UInt32 { get }
    /// The value in PostgreSQL's text format, or nil for NULL.
    func postgresText() throws -> String?
}

/// Type OIDs this client names explicitly.
public enum PostgresType {
    public static let unknown: UInt32 = 0
    public static let bool: UInt32 = 16
    public static let bytea: UInt32 = 17
    public static let int8: UInt32 = 20
    public static let int4: UInt32 = 23
    public static let text: UInt32 = 25
    public static let float8: UInt32 = 701
    public static let textArray: UInt32 = 1009
    public static let timestamptz: UInt32 = 1184
    public static let uuid: UInt32 = 2950
    public static let uuidArray: UInt32 = 2951
    public static let jsonb: UInt32 = 3802
}

extension String: PostgresEncodable {
    // Unknown, not text: a string parameter compared with a uuid or enum-like column must coerce.
    public static var postgresType: UInt32 { PostgresType.unknown }
    public func postgresText() throws -> String? { self }
}

extension Substring: PostgresEncodable {
    public static var postgresType: UInt32 { PostgresType.unknown }
    public func postgresText() throws -> String? { String(self) }
}

extension Int: PostgresEncodable {
    public static var postgresType: UInt32 { PostgresType.int8 }
    public func postgresText() throws -> String? { String(self) }
}

extension Int64: PostgresEncodable {
    public static var postgresType: UInt32 { PostgresType.int8 }
    public func postgresText() throws -> String? { String(self) }
}

extension Int32: PostgresEncodable {
    public static var postgresType: UInt32 { PostgresType.int4 }
    public func postgresText() throws -> String? { String(self) }
}

extension Bool: PostgresEncodable {
    public static var postgresType: UInt32 { PostgresType.bool }
    public func postgresText() throws -> String? { self ? "t" : "f" }
}

extension Double: PostgresEncodable {
    public static var postgresType: UInt32 { PostgresType.float8 }
    public func postgresText() throws -> String? {
        if isNaN { return "NaN" }
        if isInfinite { return self > 0 ? "Infinity" : "-Infinity" }
        return "\(self)"
    }
}

extension UUID: PostgresEncodable {
    public static var postgresType: UInt32 { PostgresType.uuid }
    public func postgresText() throws -> String? { uuidString.lowercased() }
}

extension Date: PostgresEncodable {
    public static var postgresType: UInt32 { PostgresType.timestamptz }
    public func postgresText() throws -> String? { PostgresTimestamp.format(self) }
}

extension Data: PostgresEncodable {
    public static var postgresType: UInt32 { PostgresType.bytea }
    public func postgresText() throws -> String? {
        let digits = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = [UInt8(ascii: "\\"), UInt8(ascii: "x")]
        bytes.reserveCapacity(2 + count * 2)
        for byte in self {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension Optional: PostgresEncodable where Wrapped: PostgresEncodable {
    public static var postgresType: UInt32 { Wrapped.postgresType }
    public func postgresText() throws -> String? {
        switch self {
        case .none: return nil
        case .some(let value): return try value.postgresText()
        }
    }
}

extension Array: PostgresEncodable where Element: PostgresEncodable {
    public static var postgresType: UInt32 {
        switch Element.postgresType {
        case PostgresType.uuid: return PostgresType.uuidArray
        case PostgresType.unknown: return PostgresType.textArray
        default: return PostgresType.unknown
        }
    }

    /// A one-dimensional array literal: `{"a","b",NULL}` with every element quoted.
    public func postgresText() throws -> String? {
        var literal = "{"
        for (index, element) in enumerated() {
            if index > 0 { literal += "," }
            guard let text = try element.postgresText() else {
                literal += "NULL"
                continue
            }
            literal += "\""
            for character in text {
                if character == "\"" || character == "\\" { literal += "\\" }
                literal.append(character)
            }
            literal += "\""
        }
        return literal + "}"
    }
}

/// A Codable value bound as `jsonb`.
public struct PostgresJSON<Value: Encodable & Sendable>: PostgresEncodable {
    public var value: Value
    public init(_ value: Value) { self.value = value }
    public static var postgresType: UInt32 { PostgresType.jsonb }
    public func postgresText() throws -> String? {
        let encoder = JSONEncoder()
        // Microseconds, like timestamptz: `.iso8601` would drop fractional seconds.
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(PostgresTimestamp.format(date))
        }
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            throw PostgresError(kind: .encoding)
        }
    }
}
