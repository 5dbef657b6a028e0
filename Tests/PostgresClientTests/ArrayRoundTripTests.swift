import Foundation
import PostgresClient
import TestSupport
import Testing

/// Arrays bound as parameters come back unchanged: punctuation, the word NULL, real NULL elements, empties.
extension TypeRoundTripTests {
    @Test func stringArraysKeepPunctuationAndTheWordNull() async throws {
        let urls = try await ClientTestDatabase.urls()
        let tags = [
            "plain", "with,comma", "with \"quotes\"", "{braces}", "NULL", "null", #"back\slash"#, "", " padded ",
            "ünï 👋", "a}b{c", #"\""#,
        ]
        try await TestDatabase.withPool(urls.admin, size: 1) { pool in
            try await pool.withConnection { session in
                let row = try #require(
                    try await session.query(
                        "SELECT $1 AS tags, cardinality($1) AS count, $1[5] AS fifth, $1[5] IS NULL AS fifth_is_null, "
                            + "pg_typeof($1)::text AS type",
                        [tags]
                    ).singleRow()
                )
                #expect(try row.decode("tags", as: [String].self) == tags)
                #expect(try row.decode("count", as: Int.self) == tags.count)
                #expect(try row.decode("fifth", as: String.self) == "NULL")
                #expect(try row.decode("fifth_is_null", as: Bool.self) == false)
                #expect(try row.decode("type", as: String.self) == "text[]")
            }
        }
    }

    @Test func stringArraysKeepRealNullElements() async throws {
        let urls = try await ClientTestDatabase.urls()
        let tags: [String?] = ["a", nil, "NULL", nil, ""]
        try await TestDatabase.withPool(urls.admin, size: 1) { pool in
            try await pool.withConnection { session in
                let row = try #require(
                    try await session.query(
                        "SELECT $1 AS tags, (SELECT count(*) FROM unnest($1::text[]) AS tag WHERE tag IS NULL) AS nulls",
                        [tags]
                    ).singleRow()
                )
                #expect(try row.decode("tags", as: [String?].self) == tags)
                #expect(try row.decode("nulls", as: Int.self) == 2)
                // Non-optional elements cannot hold a NULL.
                #expect(throws: PostgresError.self) { try row.decode("tags", as: [String].self) }
            }
        }
    }

    @Test func emptyArraysRoundTrip() async throws {
        let urls = try await ClientTestDatabase.urls()
        try await TestDatabase.withPool(urls.admin, size: 1) { pool throws in
            try await pool.withConnection { session throws in
                #expect(try await echo([String](), as: "text[]", on: session) == [])
                #expect(try await echo([UUID](), as: "uuid[]", on: session) == [])
            }
        }
    }

    @Test func uuidArraysRoundTrip() async throws {
        let urls = try await ClientTestDatabase.urls()
        let ids = (0..<5).map { _ in UUID() }
        try await TestDatabase.withPool(urls.admin, size: 1) { pool in
            try await pool.withConnection { session in
                let row = try #require(
                    try await session.query(
                        "SELECT $1 AS ids, pg_typeof($1)::text AS type, $2 = ANY($1) AS contains_third",
                        [ids, ids[2]]
                    ).singleRow()
                )
                #expect(try row.decode("ids", as: [UUID].self) == ids)
                #expect(try row.decode("type", as: String.self) == "uuid[]")
                #expect(try row.decode("contains_third", as: Bool.self))
            }
        }
    }

    @Test func integerArraysRoundTrip() async throws {
        let urls = try await ClientTestDatabase.urls()
        let numbers = [Int.min, -1, 0, 42, Int.max]
        try await TestDatabase.withPool(urls.admin, size: 1) { pool throws in
            try await pool.withConnection { session throws in
                #expect(try await echo(numbers, as: "bigint[]", on: session) == numbers)
            }
        }
    }
}
