import Foundation
import PostgresClient
import TestSupport
import Testing

/// `PostgresTimestamp` reads every shape of `timestamptz` text PostgreSQL and RFC 3339 use,
/// and writes RFC 3339 in UTC with microseconds.
@Suite struct TimestampTests {
    /// 2026-11-26 09:53:53 UTC, worked out independently of the code under test.
    private static let reference = 1_795_686_833.0

    private func secondsSince1970(_ text: String) throws -> Double {
        try #require(PostgresTimestamp.parse(text), "could not parse \(text)").timeIntervalSince1970
    }

    @Test func parsesPostgresOutputWithMicroseconds() throws {
        let date = try #require(PostgresTimestamp.parse("2026-11-26 09:53:53.123456+00"))
        #expect(PostgresTimestamp.format(date) == "2026-11-26T09:53:53.123456Z")
        #expect(abs(date.timeIntervalSince1970 - (Self.reference + 0.123456)) < 0.000_001)
    }

    @Test func parsesPositiveAndNegativeOffsets() throws {
        #expect(try secondsSince1970("2026-11-26 15:23:53+05:30") == Self.reference)
        #expect(try secondsSince1970("2026-11-26 01:53:53-08") == Self.reference)
        #expect(try secondsSince1970("2026-11-26 10:53:53+01:00") == Self.reference)
        #expect(try secondsSince1970("2026-11-26 05:18:53-04:35") == Self.reference)
        // Local mean time offsets carry seconds, as PostgreSQL prints them for old dates.
        #expect(try secondsSince1970("1900-01-01 05:21:10+05:21:10") == -2_208_988_800)
    }

    @Test func parsesRFC3339WithZulu() throws {
        #expect(try secondsSince1970("2026-11-26T09:53:53Z") == Self.reference)
        let date = try #require(PostgresTimestamp.parse("2026-11-26T09:53:53.5Z"))
        #expect(date.timeIntervalSince1970 == Self.reference + 0.5)
    }

    @Test func parsesTimestampsWithoutAFractionOrAZone() throws {
        #expect(try secondsSince1970("2026-11-26 09:53:53+00") == Self.reference)
        // No zone means UTC, like a `timestamp` column printed under TimeZone=UTC.
        #expect(try secondsSince1970("2026-11-26 09:53:53") == Self.reference)
    }

    @Test func shortFractionsAreTenthsNotMicroseconds() throws {
        let date = try #require(PostgresTimestamp.parse("2026-11-26 09:53:53.1+00"))
        #expect(PostgresTimestamp.format(date) == "2026-11-26T09:53:53.100000Z")
    }

    @Test func parsesDatesBeforeTheEpochAndFarAhead() throws {
        #expect(try secondsSince1970("1969-12-31 23:59:59+00") == -1)
        #expect(try secondsSince1970("1700-03-01 00:00:00+00") == -8_515_238_400)
        #expect(try secondsSince1970("2150-06-01 12:34:56+00") == 5_693_373_296)
        #expect(try secondsSince1970("9999-12-31 23:59:59+00") == 253_402_300_799)
        let beforeEpoch = try #require(PostgresTimestamp.parse("1969-12-31 23:59:59.999999+00"))
        #expect(PostgresTimestamp.format(beforeEpoch) == "1969-12-31T23:59:59.999999Z")
    }

    @Test(arguments: [
        "", "garbage", "2026-11-26", "2026-11-26 09:53", "26-11-26 09:53:53", "2026-11-26 09:53:53+5",
        "2026-11-26 09:53:53 UTC", "2026-11-26 09:53:53+00 BC", "2026/11/26 09:53:53", "2026-11-26 09:53:53Zjunk",
    ])
    func rejectsTextThatIsNotATimestamp(text: String) {
        #expect(PostgresTimestamp.parse(text) == nil)
    }

    @Test func formatsRFC3339InUTCLeavingOutAZeroFraction() {
        #expect(PostgresTimestamp.format(Date(timeIntervalSince1970: Self.reference)) == "2026-11-26T09:53:53Z")
        #expect(PostgresTimestamp.format(Date(timeIntervalSince1970: Self.reference + 0.25)) == "2026-11-26T09:53:53.250000Z")
        #expect(PostgresTimestamp.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(PostgresTimestamp.format(Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59.500000Z")
        #expect(PostgresTimestamp.format(Date(timeIntervalSince1970: -2_208_988_800)) == "1900-01-01T00:00:00Z")
        // Leap day in a century divisible by 400.
        #expect(PostgresTimestamp.format(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00Z")
    }

    @Test func formatRoundsToTheNearestMicrosecond() {
        let almostNextSecond = Date(timeIntervalSince1970: Self.reference + 0.999_999_7)
        #expect(PostgresTimestamp.format(almostNextSecond) == "2026-11-26T09:53:54Z")
    }

    @Test func randomDatesSurviveFormatThenParse() throws {
        var generator = SplitMix64(seed: 0xDA7E)
        for _ in 0..<10_000 {
            // 1900 to 2100 in whole microseconds.
            let micros = Int64(generator.next() % 6_311_390_400_000_000) - 2_208_988_800_000_000
            let date = Date(timeIntervalSince1970: Double(micros) / 1_000_000)
            let text = PostgresTimestamp.format(date)
            let parsed = try #require(PostgresTimestamp.parse(text), "could not parse its own \(text)")
            #expect(PostgresTimestamp.format(parsed) == text)
            #expect(abs(parsed.timeIntervalSince1970 - date.timeIntervalSince1970) < 0.000_001, "\(text)")
            // PostgreSQL's own shape of the same instant reads back the same.
            let postgresShape = text.replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: "+00")
            #expect(PostgresTimestamp.parse(postgresShape) == parsed)
        }
    }

    @Test func sessionInAnotherTimeZoneStillReadsTheSameInstants() async throws {
        let urls = try await ClientTestDatabase.urls()
        let dates = [Date(timeIntervalSince1970: Self.reference + 0.123456), Date(timeIntervalSince1970: -2_208_988_800)]
        try await TestDatabase.withPool(urls.admin, size: 1) { pool in
            try await pool.withTransaction { session in
                // Transaction-local, so the pooled connection keeps UTC afterwards.
                try await session.execute("SET LOCAL TimeZone = 'Asia/Kolkata'")
                for date in dates {
                    let row = try #require(
                        try await session.query(
                            "SELECT $1::timestamptz AS instant, $1::timestamptz::text AS as_text",
                            [date]
                        ).singleRow()
                    )
                    #expect(try row.decode("as_text", as: String.self).hasSuffix("+00") == false)
                    #expect(PostgresTimestamp.format(try row.decode("instant", as: Date.self)) == PostgresTimestamp.format(date))
                }
            }
            let zone = try await pool.withConnection { session in
                try await session.query("SELECT current_setting('TimeZone') AS zone").singleRow()?.decode("zone", as: String.self)
            }
            #expect(zone == "UTC")
        }
    }
}
