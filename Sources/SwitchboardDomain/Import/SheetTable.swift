import Foundation

/// One tab of the sheet as exported to CSV: cells found by column name, whatever the order.
public struct SheetTable: Sendable {
    /// The tab's name, for problem reports.
    public let tab: String
    public let records: [CSVRecord]
    /// Header names the tab does not know; ignored, and listed in the report.
    public let unknownColumns: [String]
    private let positions: [String: Int]

    /// Reads `data` as the CSV export of `tab`. `required` columns must be in the header; the
    /// other `known` columns may be missing (then every cell of theirs reads as blank).
    public init(tab: String, data: Data, required: [String], known: [String]) throws {
        let (header, records) = try CSVReader.read(data)
        var positions: [String: Int] = [:]
        for (index, name) in header.enumerated() {
            let key = name.lowercased()
            if positions[key] != nil { throw CSVFileError("\(tab): the column \(name) appears twice in the header.") }
            positions[key] = index
        }
        let missing = required.filter { positions[$0] == nil }
        guard missing.isEmpty else {
            throw CSVFileError(
                "\(tab): the header has no column \(missing.joined(separator: ", ")); is this the \(tab) tab's export?"
            )
        }
        self.tab = tab
        self.records = records
        self.positions = positions
        self.unknownColumns = header.filter { !known.contains($0.lowercased()) }
        self.headerCount = header.count
    }

    private let headerCount: Int

    /// A row whose number of cells differs from the header's (a cell with an unquoted comma, or
    /// a line cut short), as a problem; nil when it is fine.
    public func shapeProblem(_ record: CSVRecord) -> SheetRowProblem? {
        if let index = record.cells.firstIndex(where: { $0.utf8.contains(0) }) {
            return SheetRowProblem(tab: tab, row: record.row, column: nil, reason: "cell \(index + 1) holds a NUL character")
        }
        guard record.cells.count != headerCount else { return nil }
        return SheetRowProblem(
            tab: tab,
            row: record.row,
            column: nil,
            reason: "\(record.cells.count) cells where the header has \(headerCount) (an unquoted comma?)"
        )
    }

    /// The cell of `column` in `record`; blank when the column is not in the file.
    public func cell(_ record: CSVRecord, _ column: String) -> String {
        guard let position = positions[column], position < record.cells.count else { return "" }
        return record.cells[position]
    }
}

/// Reads the typed cells of one record; every failure names its column.
struct SheetCells {
    let table: SheetTable
    let record: CSVRecord
    let zone: TimeZone

    /// The cell's text with line endings as LF (the sheet exports CRLF inside cells); nil when blank.
    func text(_ column: String) -> String? {
        SheetValues.optional(table.cell(record, column)).map(Transcript.normaliseLineEndings)
    }

    func boolean(_ column: String) throws -> Bool {
        let raw = table.cell(record, column)
        guard let value = SheetValues.boolean(raw) else {
            throw SheetCellError(tab: table.tab, row: record.row, column: column, reason: "expected TRUE, FALSE or blank, found \"\(raw)\"")
        }
        return value
    }

    func time(_ column: String) throws -> Date? {
        let raw = table.cell(record, column)
        if raw.trimmingCharacters(in: .whitespaces).isEmpty { return nil }
        guard let value = SheetValues.timestamp(raw, zone: zone) else {
            throw SheetCellError(
                tab: table.tab,
                row: record.row,
                column: column,
                reason: "expected an ISO 8601 time such as 2024-05-01T14:02:00Z, found \"\(raw)\""
            )
        }
        return value
    }

    func requiredTime(_ column: String) throws -> Date {
        guard let value = try time(column) else { throw SheetCellError(tab: table.tab, row: record.row, column: column, reason: "is empty") }
        return value
    }

    func count(_ column: String) throws -> Int {
        let raw = table.cell(record, column)
        guard let value = SheetValues.count(raw) else {
            throw SheetCellError(tab: table.tab, row: record.row, column: column, reason: "expected a whole number ≥ 0, found \"\(raw)\"")
        }
        return value
    }
}
