import Foundation
import SwitchboardDomain
import Testing

/// RFC 4180 as the sheet exports it, and every awkward cell.
@Suite struct CSVReaderTests {
    func read(_ text: String) throws -> (header: [String], records: [CSVRecord]) {
        try CSVReader.read(Data(text.utf8))
    }

    @Test func plainCellsWithLF() throws {
        let (header, records) = try read("a,b,c\n1,2,3\n4,,6\n")
        #expect(header == ["a", "b", "c"])
        #expect(records == [CSVRecord(row: 2, cells: ["1", "2", "3"]), CSVRecord(row: 3, cells: ["4", "", "6"])])
    }

    @Test func crlfAndNoFinalLineBreak() throws {
        let (_, records) = try read("a,b\r\n1,2\r\n3,4")
        #expect(records.map(\.cells) == [["1", "2"], ["3", "4"]])
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let (header, _) = try CSVReader.read(Data([0xEF, 0xBB, 0xBF] + Array("session_id,mode\nx,ai\n".utf8)))
        #expect(header == ["session_id", "mode"])
    }

    @Test func quotedCommasQuotesAndLineBreaks() throws {
        let text = "a,b\n\"one, two\",\"she said \"\"hi\"\"\"\n\"line 1\r\nline 2\nAgent[Carol]: not a message\",x\n5,6\n"
        let (_, records) = try read(text)
        #expect(records.count == 3)
        #expect(records[0].cells == ["one, two", "she said \"hi\""])
        #expect(records[1].cells == ["line 1\r\nline 2\nAgent[Carol]: not a message", "x"])
        // A record with a multi-line cell is one spreadsheet row: the next record is row 4.
        #expect(records[2].row == 4)
    }

    @Test func emptyQuotedCellAndTrailingEmptyCell() throws {
        let (_, records) = try read("a,b,c\n\"\",x,\n")
        #expect(records[0].cells == ["", "x", ""])
    }

    @Test func unicodeSurvives() throws {
        let (_, records) = try read("a\n\"Grüße, 東京 👋\"\n")
        #expect(records[0].cells == ["Grüße, 東京 👋"])
    }

    @Test func unclosedQuoteIsAFileError() {
        #expect(throws: CSVFileError.self) { try read("a,b\n\"open,1\n2,3\n") }
    }

    @Test func strayQuoteInAnUnquotedCellIsAFileError() {
        #expect(throws: CSVFileError("Row 2, cell 2: a quote inside a cell that does not start with a quote.")) {
            try read("a,b\n1,2\"3\n")
        }
    }

    @Test func notUTF8IsAFileError() {
        #expect(throws: CSVFileError.self) { try CSVReader.read(Data([0x61, 0x0A, 0xFF, 0xFE, 0x0A])) }
    }

    @Test func emptyFileHasNoHeader() {
        #expect(throws: CSVFileError.self) { try read("") }
    }
}

/// Booleans, counts and ISO 8601 times as the sheet holds them.
@Suite struct SheetValuesTests {
    let berlin = TimeZone(identifier: "Europe/Berlin")!

    @Test func booleans() {
        #expect(SheetValues.boolean("TRUE") == true)
        #expect(SheetValues.boolean("true") == true)
        #expect(SheetValues.boolean("FALSE") == false)
        #expect(SheetValues.boolean("") == false)
        #expect(SheetValues.boolean(" ") == false)
        #expect(SheetValues.boolean("yes") == nil)
    }

    @Test func timesWithZone() {
        let utc = Date(timeIntervalSince1970: 1_714_572_120)  // 2024-05-01T14:02:00Z
        #expect(SheetValues.timestamp("2024-05-01T14:02:00Z", zone: berlin) == utc)
        #expect(SheetValues.timestamp("2024-05-01T14:02:00.000Z", zone: berlin) == utc)
        #expect(SheetValues.timestamp("2024-05-01T16:02:00+02:00", zone: .gmt) == utc)
        #expect(SheetValues.timestamp("2024-05-01T09:02:00-0500", zone: .gmt) == utc)
        #expect(SheetValues.timestamp("2024-05-01T14:02:00.250Z", zone: .gmt) == utc.addingTimeInterval(0.25))
    }

    @Test func timesWithoutZoneAreWallClockInTheOrganisationsZone() {
        let utc = Date(timeIntervalSince1970: 1_714_572_120)
        #expect(SheetValues.timestamp("2024-05-01T16:02:00", zone: berlin) == utc)  // CEST, +2
        #expect(SheetValues.timestamp("2024-05-01 16:02", zone: berlin) == utc)
        #expect(SheetValues.timestamp("2024-05-01T14:02:00", zone: .gmt) == utc)
        // Winter time: +1.
        #expect(SheetValues.timestamp("2024-01-15T10:00:00", zone: berlin) == SheetValues.timestamp("2024-01-15T09:00:00Z", zone: .gmt))
        #expect(SheetValues.timestamp("2024-01-15", zone: .gmt) == Date(timeIntervalSince1970: 1_705_276_800))
    }

    @Test func badTimes() {
        for text in ["yesterday", "2024-13-01T00:00:00Z", "2024-02-30", "2024-05-01T25:00", "2024-05-01T14:02:00Zulu", "01/05/2024"] {
            #expect(SheetValues.timestamp(text, zone: .gmt) == nil, "\(text)")
        }
    }

    @Test func counts() {
        #expect(SheetValues.count("") == 0)
        #expect(SheetValues.count("3") == 3)
        #expect(SheetValues.count("-1") == nil)
        #expect(SheetValues.count("two") == nil)
    }
}
