import Foundation

/// A customer question and what the organisation's answer engine should do with it.
public struct TestCase: Sendable, Equatable {
    /// What should happen to the question.
    public enum Expectation: Sendable, Equatable {
        /// Answer citing this article; nil when the article was deleted since (such a run fails).
        case article(UUID?)
        /// The AI says it is not sure.
        case decline
        /// The message is a request for a person.
        case handOff

        /// As stored and sent: "article", "decline" or "handoff".
        public var kind: String {
            switch self {
            case .article: "article"
            case .decline: "decline"
            case .handOff: "handoff"
            }
        }

        public var articleID: UUID? {
            if case .article(let id) = self { id } else { nil }
        }

        /// nil for an unknown kind; an article expectation without an article is kept (its article was deleted).
        public init?(kind: String, articleID: UUID?) {
            switch kind {
            case "article": self = .article(articleID)
            case "decline": self = .decline
            case "handoff": self = .handOff
            default: return nil
            }
        }

        public static let kinds = ["article", "decline", "handoff"]
    }

    public var question: String
    public var expectation: Expectation

    public init(question: String, expectation: Expectation) {
        self.question = question
        self.expectation = expectation
    }

    /// The longest question a check may carry.
    public static let maxQuestionLength = 1000

    /// A question and expectation as a person typed them: trimmed, checked, and the kind known.
    public static func validated(question: String, expect: String?, articleID: UUID?) throws -> TestCase {
        let question = try Validation.text(question, field: "question", maxLength: maxQuestionLength)
        guard let expect, let expectation = Expectation(kind: expect, articleID: articleID) else {
            throw SimpleDomainError(
                .invalidInput,
                code: "invalid_expectation",
                message: "expect must be \"article\", \"decline\" or \"handoff\" when a question is given."
            )
        }
        if case .article(nil) = expectation {
            throw SimpleDomainError(.invalidInput, code: "missing_article", message: "Pick the article that should answer the question.")
        }
        if articleID != nil, expectation.articleID == nil {
            throw SimpleDomainError(
                .invalidInput,
                code: "unexpected_article",
                message: "An article goes only with expect \"article\"; leave it out for \(expect)."
            )
        }
        return TestCase(question: question, expectation: expectation)
    }
}

/// What the engine did with a test question.
public enum TestReply: Sendable, Equatable {
    case answered(body: String, articles: [ArticleReference])
    case notSure(body: String)
    /// The message asks for a person: a conversation would go to the team and no engine is asked.
    case handedOff
}

/// One run of a test case: the reply, whether it met the expectation, and the note recorded with it.
public struct TestRun: Sendable, Equatable {
    public var testCase: TestCase
    public var reply: TestReply
    public var passed: Bool
    /// What happened (and, on a failure, what was expected), then the reply.
    public var note: String

    public init(testCase: TestCase, reply: TestReply, passed: Bool, note: String) {
        self.testCase = testCase
        self.reply = reply
        self.passed = passed
        self.note = note
    }
}
