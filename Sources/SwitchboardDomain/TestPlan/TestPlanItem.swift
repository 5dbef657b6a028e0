import Foundation

/// One check of the AI System Test Plan, with its newest result.
public struct TestPlanItem: Sendable, Equatable {
    public var id: UUID
    public var position: Int
    public var title: String
    public var steps: String?
    public var expectedResult: String?
    /// The customer question a run sends through the answer engine; nil for a manual check.
    public var check: TestCase?
    /// The expected article's title, for showing the check; nil when it expects no article.
    public var expectedArticleTitle: String?
    /// The newest pass / fail mark; nil until someone has run the check.
    public var result: TestResult?

    public init(
        id: UUID,
        position: Int,
        title: String,
        steps: String?,
        expectedResult: String?,
        check: TestCase? = nil,
        expectedArticleTitle: String? = nil,
        result: TestResult?
    ) {
        self.id = id
        self.position = position
        self.title = title
        self.steps = steps
        self.expectedResult = expectedResult
        self.check = check
        self.expectedArticleTitle = expectedArticleTitle
        self.result = result
    }
}

/// A pass or fail mark with the tester's note.
public struct TestResult: Sendable, Equatable {
    public enum Outcome: String, Sendable, Codable, CaseIterable {
        case pass, fail
    }

    public var outcome: Outcome
    public var note: String?
    /// The tester's display name, or who ran it when no agent did ("switchboard eval", an API key's name).
    public var tester: String?
    public var testedAt: Date

    public init(outcome: Outcome, note: String?, tester: String?, testedAt: Date) {
        self.outcome = outcome
        self.note = note
        self.tester = tester
        self.testedAt = testedAt
    }
}

/// Who ran a check: an agent of the organisation, or a named runner that is no agent.
public enum TestPlanTester: Sendable, Equatable {
    case agent(UUID)
    /// "switchboard eval" or an API key's name.
    case named(String)
}

/// Title, steps, expected result and the executable question of a check; nil fields of an edit
/// stay as they are.
public struct TestPlanDraft: Sendable, Equatable {
    /// What an edit does to the executable question.
    public enum CheckChange: Sendable, Equatable {
        case keep
        /// The check becomes manual again.
        case remove
        case set(TestCase)
    }

    public var title: String?
    public var steps: String?
    public var expectedResult: String?
    public var position: Int?
    public var check: CheckChange

    public init(
        title: String? = nil,
        steps: String? = nil,
        expectedResult: String? = nil,
        position: Int? = nil,
        check: CheckChange = .keep
    ) {
        self.title = title
        self.steps = steps
        self.expectedResult = expectedResult
        self.position = position
        self.check = check
    }
}

/// The test plan's checks, always within one organisation.
public protocol TestPlanRepository: Sendable {
    /// Every check in position order, each with its newest result.
    func items(orgID: UUID) async throws -> [TestPlanItem]
    func item(orgID: UUID, itemID: UUID) async throws -> TestPlanItem?
    /// Adds a check at the end of the plan.
    func create(orgID: UUID, title: String, steps: String?, expectedResult: String?, check: TestCase?) async throws -> TestPlanItem
    /// Changes the given fields; nil when there is no such check.
    func update(orgID: UUID, itemID: UUID, draft: TestPlanDraft) async throws -> TestPlanItem?
    /// False when there is no such check.
    func delete(orgID: UUID, itemID: UUID) async throws -> Bool
    /// Stores a result; nil when there is no such check.
    func record(orgID: UUID, itemID: UUID, outcome: TestResult.Outcome, note: String?, tester: TestPlanTester) async throws -> TestPlanItem?
}
