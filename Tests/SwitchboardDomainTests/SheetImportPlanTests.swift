import Foundation
import SwitchboardDomain
import Testing

/// The hand-written exports in Tests/Fixtures/sheet-import read into conversations.
@Suite struct SheetImportPlanTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/sheet-import")
    static let berlin = TimeZone(identifier: "Europe/Berlin")!

    static func file(_ name: String) throws -> Data { try Data(contentsOf: directory.appendingPathComponent(name)) }

    static func plan(_ chatLog: String = "ChatLog.csv", _ sessions: String = "Sessions.csv") throws -> SheetImportPlan {
        try SheetImportPlan(
            chatLog: file(chatLog),
            sessions: file(sessions),
            presence: file("Presence.csv"),
            settings: file("Settings.csv"),
            zone: berlin
        )
    }

    static func date(_ text: String) -> Date { SheetValues.timestamp(text, zone: .gmt)! }

    @Test func everyGoodRowBecomesAConversation() throws {
        let plan = try Self.plan()
        #expect(plan.problems.isEmpty)
        #expect(plan.chatLogRows == 4)
        #expect(plan.conversations.map(\.sessionID) == ["s-1001", "s-1002", "s-1003", "6f1c2c8e-4d0a-4a57-9a39-2d3f7d7b9a11"])
        #expect(plan.orphanSessionRows.isEmpty)
        #expect(plan.unknownColumns.isEmpty)
        #expect(plan.aiChatEnabled == false)
        #expect(plan.ignoredSettings == ["sheet_theme"])
        #expect(plan.agentNames == ["Carol", "Dan Reviewer", "Erin", "Frank"])
    }

    @Test func theRichRowKeepsEveryValue() throws {
        let c = try #require(try Self.plan().conversations.first { $0.sessionID == "s-1002" })
        #expect(c.row == 3)
        #expect(c.customerName == "Ann O'Neil, Jr.")
        #expect(c.page == "https://shop.example/plans?x=1,2")
        #expect(c.handoff && c.handoffReason == "Price, and \"terms\"")
        #expect(c.status == "agent-handled")
        #expect(c.messages.count == 6)
        #expect(c.messages[0] == TranscriptMessage(.customer, "Hi, I have a question about \"Premium\", the plan.\nIt has two lines, and a comma."))
        #expect(c.messages[2].body == "I'd like a person, please. Someone said Agent[Bob]: would help.")
        #expect(c.messages[4] == TranscriptMessage(.agent("Carol"), "Carol here: \"Premium\" is 20 EUR,\nor 200 EUR a year."))
        #expect(c.review?.flaggedIncorrect == true && c.review?.correctionReviewed == true)
        #expect(c.review?.correctionNote == "Premium is 20 EUR a month\nor 200 EUR a year.")
        // No zone: Berlin wall-clock time (CEST, UTC+2).
        #expect(c.review?.reviewedAt == Self.date("2024-05-02T09:00:00Z"))
        #expect(c.followup?.doneAt == Self.date("2024-05-03T10:30:00Z"))
        #expect(c.followup?.doneBy == "Carol")
        #expect(c.knowledgeBase == .init(updateNeeded: true, updated: false))
        #expect(c.mode == .followup && c.owner == "Carol" && c.ownerChanges == 1)
        #expect(
            c.ownerHistory == [
                .init(from: nil, to: "Dan Reviewer", at: Self.date("2024-05-01T09:02:00Z")),
                .init(from: "Dan Reviewer", to: "Carol", at: Self.date("2024-05-01T09:05:00Z")),
            ]
        )
        #expect(c.closedAt == Self.date("2024-05-03T10:30:00Z"))
    }

    @Test func blankOptionalCellsAndLowerCaseBooleans() throws {
        let plan = try Self.plan()
        let live = try #require(plan.conversations.first { $0.sessionID == "s-1003" })
        #expect(live.startedAt == Self.date("2024-05-03T07:15:00Z"))
        #expect(live.handoff && live.review == nil && live.followup == nil && live.knowledgeBase == nil)
        #expect(live.customerName == nil && live.page == nil && live.status == nil && live.ownerChanges == 0)
        let archived = try #require(plan.conversations.last)
        #expect(archived.conversationID == UUID(uuidString: "6f1c2c8e-4d0a-4a57-9a39-2d3f7d7b9a11"))
        #expect(archived.messages.isEmpty)
        #expect(archived.knowledgeBase == .init(updateNeeded: false, updated: true))
        #expect(archived.followup?.needed == true && archived.followup?.done == false)
    }

    @Test func badRowsAreReportedWithRowColumnAndReason() throws {
        let plan = try Self.plan("ChatLog-bad.csv", "Sessions-bad.csv")
        #expect(
            Set(plan.problems.map { "\($0.tab) \($0.row) \($0.column ?? "-")" }) == [
                "Sessions 8 mode", "ChatLog 3 handoff", "ChatLog 4 chat_started_date_time", "ChatLog 5 chat_log",
                "ChatLog 7 session_id",
            ]
        )
        #expect(plan.problems.first { $0.column == "handoff" }?.reason == "expected TRUE, FALSE or blank, found \"yes\"")
        #expect(plan.problems.first { $0.column == "session_id" }?.reason == "s-2006 has no row in the Sessions tab")
        #expect(plan.conversations.map(\.sessionID) == ["s-2001", "s-2007", "0b5e3c7a-1f2d-4c3b-8a9e-5d6f7a8b9c0d"])
        #expect(plan.conversations[1].row == 8)
    }

    @Test func aMissingRequiredColumnRejectsTheFile() {
        #expect(throws: CSVFileError.self) {
            try SheetImportPlan(
                chatLog: Data("session_id,chat_log\nx,Customer: hi\n".utf8),
                sessions: Data("session_id,mode\nx,ai\n".utf8),
                zone: .gmt
            )
        }
    }

    @Test func aRowWithTooManyCellsIsAProblemNotAFailure() throws {
        let plan = try SheetImportPlan(
            chatLog: Data("session_id,chat_started_date_time,chat_log\na,2024-01-01,Customer: hi, there\nb,2024-01-01,Customer: ok\n".utf8),
            sessions: Data("mode,session_id\nai,a\nclosed,b\n".utf8),
            zone: .gmt
        )
        #expect(plan.problems.map(\.row) == [2])
        #expect(plan.conversations.map(\.sessionID) == ["b"])
    }

    @Test func duplicateSessionIDsAndALiveChatWithoutOwner() throws {
        let plan = try SheetImportPlan(
            chatLog: Data("session_id,chat_started_date_time,chat_log\na,2024-01-01,\na,2024-01-01,\nb,2024-01-01,\n".utf8),
            sessions: Data("session_id,mode,agent_name\na,closed,\nb,live,\n".utf8),
            zone: .gmt
        )
        #expect(
            plan.problems.map(\.description) == [
                "ChatLog row 3, column session_id: a appears on an earlier row",
                "Sessions row 3, column agent_name: a live conversation needs the agent who owns it",
            ]
        )
    }

    @Test func fingerprintChangesWithAnyCell() throws {
        let before = try Self.plan().conversations
        let after = try Self.plan("ChatLog-newer.csv", "Sessions-newer.csv").conversations
        #expect(before[0].fingerprint != after[0].fingerprint)  // customer_name changed
        #expect(before[1].fingerprint == after[1].fingerprint)
    }
}
