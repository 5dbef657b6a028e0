import Foundation

/// One check of the AI System Test Plan, with its newest result.
public struct TestPlanItem: Sendable, Equatable {
    public var id: UUID
    public var position: Int
    public var title: String
    public var steps: String?
    public var expectedResult: String?
    /// The newest pass / fail mark; nil until someone has run the check.
    public var result: TestResult?

    public init(id: UUID, position: Int, title: String, steps: String?, expectedResult: String?, result: TestResult?) {
        self.id = id
        self.position = position
        self.title = title
        self.steps = steps
        self.expectedResult = expectedResult
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
    /// The tester's display name.
    public var tester: String?
    public var testedAt: Date

    public init(outcome: Outcome, note: String?, tester: String?, testedAt: Date) {
        self.outcome = outcome
        self.note = note
        self.tester = tester
        self.testedAt = testedAt
    }
}

/// Title, steps and expected result of a check; nil fields of an edit stay as they are.
public struct TestPlanDraft: Sendable, Equatable {
    public var title: String?
    public var steps: String?
    public var expectedResult: String?
    public var position: Int?

    public init(title: String? = nil, steps: String? = nil, expectedResult: String? = nil, position: Int? = nil) {
        self.title = title
        self.steps = steps
        self.expectedResult = expectedResult
        self.position = position
    }
}

/// The test plan's checks, always within one organisation.
public protocol TestPlanRepository: Sendable {
    /// Every check in position order, each with its newest result.
    func items(orgID: UUID) async throws -> [TestPlanItem]
    func item(orgID: UUID, itemID: UUID) async throws -> TestPlanItem?
    /// Adds a check at the end of the plan.
    func create(orgID: UUID, title: String, steps: String?, expectedResult: String?) async throws -> TestPlanItem
    /// Changes the given fields; nil when there is no such check.
    func update(orgID: UUID, itemID: UUID, draft: TestPlanDraft) async throws -> TestPlanItem?
    /// False when there is no such check.
    func delete(orgID: UUID, itemID: UUID) async throws -> Bool
    /// Stores a result; nil when there is no such check.
    func record(orgID: UUID, itemID: UUID, outcome: TestResult.Outcome, note: String?, testerID: UUID) async throws -> TestPlanItem?
}
