import Foundation
import PostgresClient

/// Many rows of one table as a single `INSERT … SELECT … FROM unnest(…)`: each column travels as
/// one bound text array and is cast to its column type, so a batch costs one round trip and no
/// value is ever written into the SQL text.
struct DemoBulkInsert {
    struct Column {
        var name: String
        /// The SQL type each text element is cast to (`uuid`, `timestamptz`, `uuid[]`, …).
        var type: String
    }

    let table: String
    let columns: [Column]
    private var cells: [[String?]]

    /// `columns` are `(name, type)` pairs; table and column names are code constants, never input.
    init(_ table: String, _ columns: [(String, String)]) {
        self.table = table
        self.columns = columns.map { Column(name: $0.0, type: $0.1) }
        self.cells = Array(repeating: [], count: columns.count)
    }

    /// An insert into one of the conversation tables the scale generator also fills (same columns).
    init(_ table: DemoScaleTable) {
        self.init(table.name, table.columns.map { ($0.name, $0.type) })
    }

    var count: Int { cells.first?.count ?? 0 }

    /// Adds one row; values in column order (an Optional that is nil becomes NULL).
    mutating func append(_ row: [any PostgresEncodable]) throws {
        precondition(row.count == columns.count, "\(table): \(row.count) values for \(columns.count) columns")
        for (index, value) in row.enumerated() {
            cells[index].append(try value.postgresText())
        }
    }

    /// Inserts the rows for `orgID` (the tenant of the session's transaction); nothing when empty.
    func run(in session: PostgresSession, orgID: UUID) async throws {
        guard count > 0 else { return }
        let names = columns.map(\.name)
        let casts = columns.map { "t.\($0.name)::\($0.type)" }
        let arrays = columns.indices.map { "$\($0 + 2)::text[]" }
        let sql = """
            INSERT INTO \(table) (org_id, \(names.joined(separator: ", ")))
            SELECT $1, \(casts.joined(separator: ", "))
            FROM unnest(\(arrays.joined(separator: ", "))) AS t(\(names.joined(separator: ", ")))
            """
        var parameters: [any PostgresEncodable] = [orgID]
        parameters.append(contentsOf: cells.map { $0 as [String?] })
        try await session.execute(sql, parameters)
    }
}
