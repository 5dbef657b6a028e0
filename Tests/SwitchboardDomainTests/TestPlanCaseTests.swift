import Foundation
import SwitchboardDomain
import Testing

/// Test cases of the AI System Test Plan: the JSON Lines file `switchboard eval --file` reads, the
/// rule that judges a reply, and how an edit sets or clears a check's question.
@Suite struct TestPlanCaseTests {
    @Test func aFileOfCasesIsReadLineByLineSkippingBlankLines() throws {
        let lines = try TestCaseFile.parse(
            """
            {"question": "  can I get a refund? ", "expect": "article", "article": "Refund policy"}

            {"question": "will it rain tomorrow?", "expect": "decline"}
            {"question": "can I talk to a person", "expect": "handoff", "article": null}
            """
        )
        #expect(
            lines == [
                TestCaseFile.Line(number: 1, question: "can I get a refund?", expect: "article", article: "Refund policy"),
                TestCaseFile.Line(number: 3, question: "will it rain tomorrow?", expect: "decline", article: nil),
                TestCaseFile.Line(number: 4, question: "can I talk to a person", expect: "handoff", article: nil),
            ]
        )
    }

    @Test(arguments: [
        (#"{"question": "refund?", "expect": "article"}"#, "needs \"article\""),
        (#"{"question": "refund?", "expect": "maybe"}"#, "\"expect\" must be"),
        (#"{"question": "", "expect": "decline"}"#, "\"question\" must be a text"),
        (#"{"question": 7, "expect": "decline"}"#, "\"question\" must be a text"),
        (#"{"question": "hi", "expect": "decline", "article": "Refund policy"}"#, "goes only with expect \"article\""),
        (#"{"question": "hi", "expected": "decline"}"#, "unknown field \"expected\""),
        (#"["question", "decline"]"#, "not a JSON object"),
        (#"{"question": "hi", "expect": "decline""#, "not a JSON object"),
    ])
    func aBadLineIsReportedWithItsNumberAndReason(line: String, reason: String) throws {
        let text = #"{"question": "fine", "expect": "decline"}"# + "\n\n" + line + "\n"
        let error = try #require(throws: TestCaseFile.LineError.self) { try TestCaseFile.parse(text) }
        #expect(error.line == 3)
        #expect(error.reason.contains(reason), "\(error.reason)")
        #expect(error.description.hasPrefix("line 3: "))
    }

    @Test func aQuestionOverTheLimitIsRefused() throws {
        let long = String(repeating: "a", count: TestCase.maxQuestionLength + 1)
        let error = try #require(throws: TestCaseFile.LineError.self) {
            try TestCaseFile.parse(#"{"question": "\#(long)", "expect": "decline"}"#)
        }
        #expect(error.reason.contains("at most \(TestCase.maxQuestionLength)"))
    }

    static let refund = ArticleReference(id: UUID(), title: "Refund policy", url: nil)
    static let prices = ArticleReference(id: UUID(), title: "Course prices", url: nil)

    @Test func anArticleExpectationPassesOnlyWhenTheAnswerIsDrawnFromThatArticle() {
        let testCase = TestCase(question: "can I get a refund?", expectation: .article(Self.refund.id))
        let fromIt = TestVerdict.judge(
            testCase,
            reply: .answered(body: "Within 14 days.", articles: [Self.refund, Self.prices]),
            expectedTitle: "Refund policy"
        )
        #expect(fromIt.passed)
        #expect(fromIt.note == "Answered from “Refund policy”, “Course prices”. Reply: Within 14 days.")

        // Cited second, because it scored alike: the answer's text came from another article.
        let second = TestVerdict.judge(
            testCase,
            reply: .answered(body: "Prices start at $99.", articles: [Self.prices, Self.refund]),
            expectedTitle: "Refund policy"
        )
        #expect(!second.passed)
        #expect(second.note.hasPrefix("Expected an answer from “Refund policy”. Answered from “Course prices”"))

        let declined = TestVerdict.judge(testCase, reply: .notSure(body: "I'm not sure."), expectedTitle: "Refund policy")
        #expect(!declined.passed)
        #expect(declined.note == "Expected an answer from “Refund policy”. The AI was not sure. Reply: I'm not sure.")
        #expect(!TestVerdict.judge(testCase, reply: .handedOff, expectedTitle: "Refund policy").passed)
    }

    @Test func declineAndHandOffPassOnlyOnTheirOwnReply() {
        let decline = TestCase(question: "weather?", expectation: .decline)
        #expect(TestVerdict.judge(decline, reply: .notSure(body: "Not sure."), expectedTitle: nil).passed)
        #expect(!TestVerdict.judge(decline, reply: .answered(body: "x", articles: [Self.prices]), expectedTitle: nil).passed)
        #expect(!TestVerdict.judge(decline, reply: .handedOff, expectedTitle: nil).passed)

        let handOff = TestCase(question: "a person please", expectation: .handOff)
        let recognised = TestVerdict.judge(handOff, reply: .handedOff, expectedTitle: nil)
        #expect(recognised.passed)
        #expect(recognised.note.contains("request for a person"))
        let missed = TestVerdict.judge(handOff, reply: .notSure(body: "Not sure."), expectedTitle: nil)
        #expect(!missed.passed)
        #expect(missed.note.hasPrefix("Expected a request for a person. The AI was not sure."))
    }

    @Test func aCheckWhoseArticleWasDeletedFailsAndSaysSo() {
        let run = TestVerdict.judge(
            TestCase(question: "refund?", expectation: .article(nil)),
            reply: .answered(body: "x", articles: [Self.refund]),
            expectedTitle: nil
        )
        #expect(!run.passed)
        #expect(run.note.hasPrefix("The expected article was deleted; pick another article"))
    }

    @Test func aLongReplyIsClippedToTheNoteLimit() {
        let body = String(repeating: "word ", count: 600)
        let run = TestVerdict.judge(TestCase(question: "q", expectation: .decline), reply: .notSure(body: body), expectedTitle: nil)
        #expect(run.note.unicodeScalars.count == TestPlanRunner.maxNoteLength)
        #expect(run.note.hasSuffix("…"))
    }

    @Test func anEditSetsKeepsOrClearsTheQuestionAsAWhole() throws {
        let article = UUID()
        #expect(try TestPlanService.checkChange(question: nil, expect: nil, articleID: nil) == .keep)
        #expect(try TestPlanService.checkChange(question: " ", expect: nil, articleID: nil) == .remove)
        #expect(try TestPlanService.checkChange(question: "", expect: "", articleID: nil) == .remove)
        #expect(
            try TestPlanService.checkChange(question: " refund? ", expect: "article", articleID: article)
                == .set(TestCase(question: "refund?", expectation: .article(article)))
        )
        #expect(
            try TestPlanService.checkChange(question: "weather?", expect: "decline", articleID: nil)
                == .set(TestCase(question: "weather?", expectation: .decline))
        )

        let refused: [(String?, String?, UUID?, String)] = [
            (nil, "decline", nil, "missing_question"),
            ("refund?", nil, nil, "invalid_expectation"),
            ("refund?", "sometimes", nil, "invalid_expectation"),
            ("refund?", "article", nil, "missing_article"),
            ("weather?", "decline", article, "unexpected_article"),
            ("", "decline", nil, "empty_question"),
        ]
        for (question, expect, articleID, code) in refused {
            let error = try #require(throws: SimpleDomainError.self) {
                try TestPlanService.checkChange(question: question, expect: expect, articleID: articleID)
            }
            #expect(error.code == code, "\(String(describing: question)) \(String(describing: expect))")
        }
    }
}
