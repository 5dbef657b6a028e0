import Foundation

/// One record of a CSV file: its cells and the spreadsheet row it came from.
public struct CSVRecord: Sendable, Equatable {
    /// The row number as the spreadsheet shows it: the header is row 1, the first record row 2.
    /// A record with a multi-line cell still counts as one row.
    public var row: Int
    public var cells: [String]

    public init(row: Int, cells: [String]) {
        self.row = row
        self.cells = cells
    }
}

/// A CSV file that could not be read at all (as opposed to one bad row).
public struct CSVFileError: DomainError, Equatable {
    public var kind: DomainErrorKind { .invalidInput }
    public var code: String { "invalid_csv" }
    public var message: String

    public init(_ message: String) { self.message = message }
}

/// An RFC 4180 reader: comma-separated, cells optionally in double quotes, a doubled quote inside
/// quotes is one quote, quoted cells may hold commas and line breaks, records end in CRLF or LF
/// (a lone CR too), a UTF-8 byte order mark at the start is skipped.
///
/// Works on bytes rather than Characters: the delimiters are ASCII, so a cell's bytes are
/// exactly its UTF-8 text, and 100,000 rows read in well under a second.
public enum CSVReader {
    /// The header's cells and every record after it; empty lines between records are skipped.
    /// Throws `CSVFileError` for text that is not UTF-8, a quote that is never closed, or a stray
    /// quote inside an unquoted cell (the one place RFC 4180 leaves no sensible reading).
    public static func read(_ data: Data) throws -> (header: [String], records: [CSVRecord]) {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw CSVFileError("The file is not UTF-8 text; export it from the sheet as CSV (UTF-8).")
        }
        var records: [CSVRecord] = []
        var parser = Parser(bytes: bytes)
        var row = 0
        while let cells = try parser.nextRecord(row: row + 1) {
            row += 1
            if cells == [""] { continue }
            records.append(CSVRecord(row: row, cells: cells))
        }
        guard let header = records.first else { throw CSVFileError("The file is empty: it needs a header row.") }
        records.removeFirst()
        return (header.cells.map { $0.trimmingCharacters(in: .whitespaces) }, records)
    }

    private struct Parser {
        let bytes: [UInt8]
        var index = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")

        /// The next record's cells, or nil at the end of the input.
        mutating func nextRecord(row: Int) throws -> [String]? {
            guard index < bytes.count else { return nil }
            var cells: [String] = []
            while true {
                cells.append(try nextCell(row: row, column: cells.count + 1))
                guard index < bytes.count else { return cells }
                let delimiter = bytes[index]
                index += 1
                if delimiter == Self.comma { continue }
                // End of record: CRLF, LF or a lone CR.
                if delimiter == Self.cr, index < bytes.count, bytes[index] == Self.lf { index += 1 }
                return cells
            }
        }

        /// One cell; leaves `index` on the delimiter after it (or at the end).
        mutating func nextCell(row: Int, column: Int) throws -> String {
            if index < bytes.count, bytes[index] == Self.quote { return try quotedCell(row: row, column: column) }
            let start = index
            while index < bytes.count {
                let byte = bytes[index]
                if byte == Self.comma || byte == Self.cr || byte == Self.lf { break }
                if byte == Self.quote {
                    throw CSVFileError("Row \(row), cell \(column): a quote inside a cell that does not start with a quote.")
                }
                index += 1
            }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }

        mutating func quotedCell(row: Int, column: Int) throws -> String {
            index += 1
            var text: [UInt8] = []
            var start = index
            while index < bytes.count {
                if bytes[index] == Self.quote {
                    text.append(contentsOf: bytes[start..<index])
                    if index + 1 < bytes.count, bytes[index + 1] == Self.quote {
                        text.append(Self.quote)
                        index += 2
                        start = index
                        continue
                    }
                    index += 1
                    if index < bytes.count, ![Self.comma, Self.cr, Self.lf].contains(bytes[index]) {
                        throw CSVFileError("Row \(row), cell \(column): text after the closing quote of a quoted cell.")
                    }
                    return String(decoding: text, as: UTF8.self)
                }
                index += 1
            }
            throw CSVFileError("Row \(row), cell \(column): a quoted cell is never closed (a missing \").")
        }
    }
}
