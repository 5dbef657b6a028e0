import Foundation

/// Whether a reply meets a test case's expectation, and the note a person reads about it.
///
/// An article expectation passes when the answer is drawn from that article: its first citation
/// (a second one, cited because it scored alike, does not count); "decline" passes on "not sure";
/// "hand off" when the message was recognised as a request for a person.
public enum TestVerdict {
    public static func judge(_ testCase: TestCase, reply: TestReply, expectedTitle: String?) -> TestRun {
        let passed: Bool
        let expected: String
        switch testCase.expectation {
        case .article(nil):
            let note = "The expected article was deleted; pick another article for this check. " + describe(reply)
            return TestRun(testCase: testCase, reply: reply, passed: false, note: clipped(note))
        case .article(let id?):
            if case .answered(_, let articles) = reply { passed = articles.first?.id == id } else { passed = false }
            expected = "an answer from “\(expectedTitle ?? id.uuidString.lowercased())”"
        case .decline:
            if case .notSure = reply { passed = true } else { passed = false }
            expected = "the AI to say it is not sure"
        case .handOff:
            passed = reply == .handedOff
            expected = "a request for a person"
        }
        let note = passed ? describe(reply) : "Expected \(expected). " + describe(reply)
        return TestRun(testCase: testCase, reply: reply, passed: passed, note: clipped(note))
    }

    /// What happened, then the reply's text.
    public static func describe(_ reply: TestReply) -> String {
        switch reply {
        case .answered(let body, let articles):
            let titles = articles.map { "“\($0.title)”" }.joined(separator: ", ")
            return "Answered from \(titles.isEmpty ? "no article" : titles). Reply: \(body)"
        case .notSure(let body):
            return "The AI was not sure. Reply: \(body)"
        case .handedOff:
            return "Recognised as a request for a person: the chat would go to the team."
        }
    }

    static func clipped(_ note: String) -> String {
        guard Validation.length(note) > TestPlanRunner.maxNoteLength else { return note }
        return String(String.UnicodeScalarView(note.unicodeScalars.prefix(TestPlanRunner.maxNoteLength - 1))) + "…"
    }
}
