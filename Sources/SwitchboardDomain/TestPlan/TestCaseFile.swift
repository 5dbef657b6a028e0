import Foundation

/// Test cases from JSON Lines, one object a line:
/// `{"question": "...", "expect": "article", "article": "<title or id>"}`,
/// `{"question": "...", "expect": "decline"}` or `{"question": "...", "expect": "handoff"}`.
/// Blank lines are skipped; anything else that is not such an object is an error naming its line.
public enum TestCaseFile {
    /// A line's case before its article is looked up in the organisation's knowledge base.
    public struct Line: Sendable, Equatable {
        public var number: Int
        public var question: String
        /// "article", "decline" or "handoff".
        public var expect: String
        /// The article's title or id, for "article".
        public var article: String?

        public init(number: Int, question: String, expect: String, article: String?) {
            self.number = number
            self.question = question
            self.expect = expect
            self.article = article
        }
    }

    /// A line that is not a test case.
    public struct LineError: Error, Equatable, CustomStringConvertible {
        public var line: Int
        public var reason: String

        public init(line: Int, reason: String) {
            self.line = line
            self.reason = reason
        }

        public var description: String { "line \(line): \(reason)" }
    }

    static let fields: Set<String> = ["question", "expect", "article"]

    public static func parse(_ text: String) throws -> [Line] {
        var lines: [Line] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            lines.append(try parse(line: trimmed, number: number))
        }
        return lines
    }

    static func parse(line: String, number: Int) throws -> Line {
        func fail(_ reason: String) -> LineError { LineError(line: number, reason: reason) }
        guard let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] else {
            throw fail("not a JSON object; write one {\"question\": …, \"expect\": …} object per line")
        }
        if let unknown = object.keys.sorted().first(where: { !fields.contains($0) }) {
            throw fail("unknown field \"\(unknown)\"; the fields are question, expect and article")
        }
        guard let question = object["question"] as? String,
            !question.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        else {
            throw fail("\"question\" must be a text that is not empty")
        }
        guard Validation.length(question) <= TestCase.maxQuestionLength, !question.unicodeScalars.contains("\0") else {
            throw fail("\"question\" must be at most \(TestCase.maxQuestionLength) characters, without NUL")
        }
        guard let expect = object["expect"] as? String, TestCase.Expectation.kinds.contains(expect) else {
            throw fail("\"expect\" must be \"article\", \"decline\" or \"handoff\"")
        }
        let article = object["article"]
        if expect == "article" {
            guard let name = article as? String, !name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw fail("expect \"article\" needs \"article\": the article's title or id")
            }
            return Line(number: number, question: question.trimmingCharacters(in: .whitespacesAndNewlines), expect: expect, article: name)
        }
        guard article == nil || article is NSNull else {
            throw fail("\"article\" goes only with expect \"article\"")
        }
        return Line(number: number, question: question.trimmingCharacters(in: .whitespacesAndNewlines), expect: expect, article: nil)
    }
}

extension TestPlanRunner {
    /// The file's cases with their articles found by title or id; an article that is not there
    /// (or a title several articles share) is an error naming the line.
    public func cases(orgID: UUID, from lines: [TestCaseFile.Line]) async throws -> [TestCase] {
        var cases: [TestCase] = []
        for line in lines {
            var expectation = TestCase.Expectation(kind: line.expect, articleID: nil) ?? .decline
            if let name = line.article {
                let found = try await article(orgID: orgID, named: name)
                guard let match = found.match else {
                    throw TestCaseFile.LineError(
                        line: line.number,
                        reason: found.ambiguous
                            ? "several articles are titled \"\(name)\"; use the article's id"
                            : "no article has the title or id \"\(name)\""
                    )
                }
                expectation = .article(match.id)
            }
            cases.append(TestCase(question: line.question, expectation: expectation))
        }
        return cases
    }
}
