import Foundation

extension PostgresSession {
    /// Streams `rows` into `table` with `COPY … FROM STDIN` (text format) and returns how many
    /// rows the server stored. Table and column names are quoted identifiers (code constants,
    /// never input); values travel as COPY data, never as SQL. When a row is rejected the
    /// whole COPY fails with the server's error and stores nothing; inside a transaction the
    /// transaction is then failed, outside one the connection stays ready for the next statement.
    @discardableResult
    public func copy(into table: String, columns: [String], rows: some Sequence<[String?]>) async throws -> Int {
        var data = PostgresCopyData()
        for row in rows {
            guard row.count == columns.count else {
                throw PostgresError(kind: .encoding, serverMessage: "COPY row has \(row.count) values for \(columns.count) columns")
            }
            try data.append(row: row)
        }
        return try await copy(into: table, columns: columns, data: data)
    }

    /// Streams rows already encoded as COPY text into `table`; see `copy(into:columns:rows:)`.
    @discardableResult
    public func copy(into table: String, columns: [String], data: PostgresCopyData) async throws -> Int {
        let sql = "COPY \(Self.quotedName(table)) (\(columns.map(Self.quotedIdentifier).joined(separator: ", "))) FROM STDIN"
        let connection = self.connection
        return try await threadPool.runIfActive {
            try connection.copyIn(sql, bytes: data.bytes)
        }
    }

    /// `"name"`, with embedded quotes doubled.
    static func quotedIdentifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A possibly schema-qualified name, each part quoted.
    static func quotedName(_ name: String) -> String {
        name.split(separator: ".", omittingEmptySubsequences: false).map { quotedIdentifier(String($0)) }.joined(separator: ".")
    }
}
