/// The rows a statement returned, copied out of libpq's result so they can cross tasks freely.
public struct PostgresRows: Sendable, RandomAccessCollection {
    /// Column names in result order.
    public let columns: [String]
    /// Rows affected by INSERT/UPDATE/DELETE (or returned by SELECT).
    public let affectedRows: Int
    let columnIndex: [String: Int]
    let cells: [[String?]]

    init(columns: [String], cells: [[String?]], affectedRows: Int) {
        self.columns = columns
        self.cells = cells
        self.affectedRows = affectedRows
        var index: [String: Int] = [:]
        for (position, name) in columns.enumerated() where index[name] == nil {
            index[name] = position
        }
        self.columnIndex = index
    }

    public var startIndex: Int { cells.startIndex }
    public var endIndex: Int { cells.endIndex }

    public subscript(position: Int) -> PostgresRow {
        PostgresRow(rows: self, values: cells[position])
    }

    /// The only row, or nil; more than one row is a programming error reported as `.decoding`.
    public func singleRow() throws -> PostgresRow? {
        guard cells.count <= 1 else { throw PostgresError(kind: .decoding) }
        return cells.isEmpty ? nil : self[0]
    }
}

/// One result row; decode columns by name or position.
public struct PostgresRow: Sendable {
    let rows: PostgresRows
    let values: [String?]

    /// Decodes the named column; a missing column or an unparsable value throws `.decoding`.
    public func decode<Value: PostgresDecodable>(_ column: String, as type: Value.Type = Value.self) throws -> Value {
        guard let position = rows.columnIndex[column] else {
            throw PostgresError(kind: .decoding, serverMessage: "no column \(column)")
        }
        return try decode(position, as: type)
    }

    /// Decodes the column at `position`.
    public func decode<Value: PostgresDecodable>(_ position: Int, as type: Value.Type = Value.self) throws -> Value {
        guard values.indices.contains(position) else { throw PostgresError(kind: .decoding) }
        do {
            return try Value.decode(postgresText: values[position])
        } catch var error as PostgresError {
            error.serverMessage = "column \(rows.columns[position]) as \(Value.self)"
            throw error
        }
    }

    /// Decodes a `json`/`jsonb` column into a Decodable type.
    public func decodeJSON<Value: Decodable>(_ column: String, as type: Value.Type = Value.self) throws -> Value {
        try decode(column, as: PostgresJSONValue<Value>.self).value
    }

    /// True when the named column is NULL.
    public func isNull(_ column: String) -> Bool {
        guard let position = rows.columnIndex[column] else { return true }
        return values[position] == nil
    }
}
