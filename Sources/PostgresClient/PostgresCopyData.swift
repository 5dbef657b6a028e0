import Foundation

/// Rows in the text format of `COPY … FROM STDIN`, ready to stream with
/// `PostgresSession.copy(into:columns:data:)`.
///
/// Each value is data, never SQL: tab, newline, carriage return and backslash are escaped,
/// and nil becomes `\N` (NULL). A NUL character cannot travel in the text format and is refused.
public struct PostgresCopyData: Sendable {
    /// The encoded bytes: one line per row, fields separated by tabs.
    public private(set) var bytes: [UInt8] = []
    /// Rows appended so far.
    public private(set) var rowCount = 0

    public init(reservingCapacity capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    /// Appends one row; values in column order, nil for NULL.
    public mutating func append(row values: [String?]) throws {
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: "\t")) }
            try appendValue(value)
        }
        endRow()
    }

    /// Appends one field of the current row; call `endRow()` after its last field.
    /// Fields after the first of a row are preceded by `separator()`.
    public mutating func appendValue(_ value: String?) throws {
        guard var value else {
            bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "N")])
            return
        }
        try value.withUTF8 { utf8 in
            for byte in utf8 {
                switch byte {
                case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                case UInt8(ascii: "\t"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                case UInt8(ascii: "\n"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                case UInt8(ascii: "\r"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
                case 0: throw PostgresError(kind: .encoding, serverMessage: "NUL character in a COPY value")
                default: bytes.append(byte)
                }
            }
        }
    }

    /// The tab between two fields of a row.
    public mutating func separator() {
        bytes.append(UInt8(ascii: "\t"))
    }

    /// Ends the current row.
    public mutating func endRow() {
        bytes.append(UInt8(ascii: "\n"))
        rowCount += 1
    }

    /// Empties the buffer but keeps its capacity.
    public mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        rowCount = 0
    }
}
