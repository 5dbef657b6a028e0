import Foundation
import PostgresClient
import TestSupport
import Testing

/// `copy(into:columns:rows:)` streams rows with COPY in text format: awkward values arrive
/// unchanged, nil is NULL, and a rejected row fails the whole COPY without breaking the connection.
@Suite struct CopyTests {
    private static let columns = ["sample_id", "label", "small", "taken_at", "tags", "document"]

    private func labels(_ ids: [UUID], in session: PostgresSession) async throws -> [UUID: String?] {
        let rows = try await session.query(
            "SELECT sample_id, label FROM client_tests.samples WHERE sample_id = ANY($1)",
            [ids]
        )
        var result: [UUID: String?] = [:]
        for row in rows { result[try row.decode("sample_id")] = try row.decode("label", as: String?.self) }
        return result
    }

    @Test func awkwardTextArrivesUnchanged() async throws {
        let urls = try await ClientTestDatabase.urls()
        let awkward = [
            "tab\there", "line\nbreak", "carriage\r\nreturn", "back\\slash", "\\N", "\\.", "ends with backslash\\",
            "", " ", "quote ' \" ; DROP TABLE client_tests.samples; --", "ümlaut – 漢字 🚲", "\\t literally",
        ]
        let ids = awkward.map { _ in UUID() }
        try await TestDatabase.withPool(urls.admin, size: 1) { pool in
            try await pool.withConnection { session throws in
                let rows: [[String?]] = zip(ids, awkward).map { id, text in
                    [id.uuidString, text, "1", "2026-11-26 12:00:00+00", "{a,\"b c\"}", "{\"k\": \"v\\tw\"}"]
                }
                let stored = try await session.copy(into: "client_tests.samples", columns: Self.columns, rows: rows)
                #expect(stored == awkward.count)
                let found = try await labels(ids, in: session)
                for (id, text) in zip(ids, awkward) { #expect(found[id] == .some(text), "\(text.debugDescription)") }
                let row = try #require(
                    try await session.query(
                        "SELECT tags, document->>'k' AS k FROM client_tests.samples WHERE sample_id = $1",
                        [ids[0]]
                    ).singleRow()
                )
                #expect(try row.decode("tags", as: [String].self) == ["a", "b c"])
                #expect(try row.decode("k", as: String.self) == "v\tw")
            }
        }
    }

    @Test func nilIsNullAndTheTextNIsNot() async throws {
        let urls = try await ClientTestDatabase.urls()
        let (null, text) = (UUID(), UUID())
        try await TestDatabase.withPool(urls.admin, size: 1) { pool in
            try await pool.withConnection { session throws in
                try await session.copy(
                    into: "client_tests.samples",
                    columns: ["sample_id", "label", "small"],
                    rows: [
                        [null.uuidString, nil, nil], [text.uuidString, "\\N", "7"],
                    ]
                )
                let found = try await labels([null, text], in: session)
                #expect(found[null] == .some(nil))
                #expect(found[text] == .some("\\N"))
                let small = try await session.query(
                    "SELECT count(*) AS n FROM client_tests.samples WHERE sample_id = $1 AND small IS NULL",
                    [null]
                )
                #expect(try small.singleRow()?.decode("n", as: Int.self) == 1)
            }
        }
    }

    @Test func aRejectedRowStoresNothingAndTheConnectionStaysUsable() async throws {
        let urls = try await ClientTestDatabase.urls()
        let good = (0..<500).map { _ in UUID() }
        try await TestDatabase.withPool(urls.admin, size: 1) { pool in
            let pid = try await pool.withConnection { session throws in
                var rows: [[String?]] = good.map { [$0.uuidString, "ok", "1"] }
                rows.insert([UUID().uuidString, "bad", "not a number"], at: 250)
                await #expect(throws: PostgresError.self) {
                    try await session.copy(into: "client_tests.samples", columns: ["sample_id", "label", "small"], rows: rows)
                }
                #expect(try await labels(good, in: session).isEmpty)
                // The same connection runs the next statement and the next COPY.
                try await session.copy(into: "client_tests.samples", columns: ["sample_id", "label"], rows: [[good[0].uuidString, "again"]])
                #expect(try await labels([good[0]], in: session)[good[0]] == .some("again"))
                return try await currentBackendPID(session)
            }
            try await pool.withConnection { session throws in
                #expect(try await currentBackendPID(session) == pid, "the connection was replaced")
            }
        }
    }

    @Test func aFailedCopyInATransactionRollsItBack() async throws {
        let urls = try await ClientTestDatabase.urls()
        let (before, copied) = (UUID(), UUID())
        try await TestDatabase.withPool(urls.admin, size: 1) { pool in
            await #expect(throws: PostgresError.self) {
                try await pool.withTransaction { session in
                    try await session.execute("INSERT INTO client_tests.samples (sample_id, label) VALUES ($1, 'before')", [before])
                    try await session.copy(
                        into: "client_tests.samples",
                        columns: ["sample_id", "label"],
                        rows: [
                            [copied.uuidString, "fine"], [copied.uuidString, "duplicate key"],
                        ]
                    )
                }
            }
            try await pool.withConnection { session throws in
                #expect(try await labels([before, copied], in: session).isEmpty)
            }
            // A COPY into a missing column fails before any data is sent; the pool still works.
            await #expect(throws: PostgresError.self) {
                try await pool.withConnection { session throws in
                    try await session.copy(into: "client_tests.samples", columns: ["no_such_column"], rows: [["x"]])
                }
            }
            try await pool.withTransaction { session in
                try await session.copy(into: "client_tests.samples", columns: ["sample_id", "label"], rows: [[copied.uuidString, "later"]])
            }
            try await pool.withConnection { session throws in
                #expect(try await labels([copied], in: session)[copied] == .some("later"))
            }
        }
    }

    @Test func clientSideProblemsAreRefusedBeforeSending() async throws {
        let urls = try await ClientTestDatabase.urls()
        try await TestDatabase.withPool(urls.admin, size: 1) { pool in
            try await pool.withConnection { session throws in
                await #expect(throws: PostgresError.self) {
                    try await session.copy(
                        into: "client_tests.samples",
                        columns: ["sample_id", "label"],
                        rows: [[UUID().uuidString, "nul\u{0}byte"]]
                    )
                }
                await #expect(throws: PostgresError.self) {
                    try await session.copy(into: "client_tests.samples", columns: ["sample_id", "label"], rows: [[UUID().uuidString]])
                }
                #expect(try await session.query("SELECT 1 AS one").count == 1)
            }
        }
    }

    @Test func encodingEscapesExactly() throws {
        var data = PostgresCopyData()
        try data.append(row: ["a\tb", nil, "c\\d\ne\rf", ""])
        #expect(String(decoding: data.bytes, as: UTF8.self) == "a\\tb\t\\N\tc\\\\d\\ne\\rf\t\n")
        #expect(data.rowCount == 1)
    }
}
