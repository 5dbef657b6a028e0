import Foundation

/// The AI System Test Plan: checks to work through before go-live, marked pass or fail by any
/// agent; supervisors edit the checks, and give a check a customer question to make it runnable
/// (`TestPlanRunner`).
public struct TestPlanService: Sendable {
    private let plan: any TestPlanRepository
    private let articles: any ArticleRepository

    public init(plan: any TestPlanRepository, articles: any ArticleRepository) {
        self.plan = plan
        self.articles = articles
    }

    /// The checks and how many of them pass now (their newest result is a pass).
    public func overview(orgID: UUID) async throws -> (items: [TestPlanItem], passed: Int) {
        let items = try await plan.items(orgID: orgID)
        return (items, items.filter { $0.result?.outcome == .pass }.count)
    }

    public func record(orgID: UUID, itemID: UUID, testerID: UUID, outcome: String, note: String?) async throws -> TestPlanItem {
        guard let outcome = TestResult.Outcome(rawValue: outcome) else {
            throw SimpleDomainError(.invalidInput, code: "invalid_outcome", message: "outcome must be \"pass\" or \"fail\".")
        }
        let note = try Self.optional(note, field: "note", maxLength: 2000)
        guard let item = try await plan.record(orgID: orgID, itemID: itemID, outcome: outcome, note: note, tester: .agent(testerID)) else {
            throw Self.notFound
        }
        return item
    }

    public func create(orgID: UUID, title: String, steps: String?, expectedResult: String?, check: TestCase? = nil) async throws -> TestPlanItem {
        let title = try Validation.text(title, field: "title", maxLength: 300)
        if let check { try await requireArticle(check, orgID: orgID) }
        return try await plan.create(
            orgID: orgID,
            title: title,
            steps: try Self.optional(steps, field: "steps", maxLength: 4000),
            expectedResult: try Self.optional(expectedResult, field: "expectedResult", maxLength: 4000),
            check: check
        )
    }

    /// What an edit's question fields ask for: no question field leaves the check as it is, an
    /// empty question makes it manual, a question needs its expectation (and the article for "article").
    public static func checkChange(question: String?, expect: String?, articleID: UUID?) throws -> TestPlanDraft.CheckChange {
        guard let question else {
            guard expect == nil, articleID == nil else {
                throw SimpleDomainError(
                    .invalidInput,
                    code: "missing_question",
                    message: "Give the question together with its expectation."
                )
            }
            return .keep
        }
        if question.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, expect == nil || expect == "", articleID == nil {
            return .remove
        }
        return .set(try TestCase.validated(question: question, expect: expect, articleID: articleID))
    }

    public func update(orgID: UUID, itemID: UUID, draft: TestPlanDraft) async throws -> TestPlanItem {
        var cleaned = TestPlanDraft(position: draft.position)
        cleaned.title = try draft.title.map { try Validation.text($0, field: "title", maxLength: 300) }
        // An empty text clears steps or expected result; nil leaves them alone.
        cleaned.steps = try draft.steps.map { try Validation.text($0, field: "steps", maxLength: 4000, allowEmpty: true) }
        cleaned.expectedResult = try draft.expectedResult.map {
            try Validation.text($0, field: "expectedResult", maxLength: 4000, allowEmpty: true)
        }
        if let position = draft.position, position < 0 {
            throw SimpleDomainError(.invalidInput, code: "invalid_position", message: "position must be 0 or more.")
        }
        cleaned.check = draft.check
        if case .set(let check) = draft.check { try await requireArticle(check, orgID: orgID) }
        guard let item = try await plan.update(orgID: orgID, itemID: itemID, draft: cleaned) else { throw Self.notFound }
        return item
    }

    public func delete(orgID: UUID, itemID: UUID) async throws {
        guard try await plan.delete(orgID: orgID, itemID: itemID) else { throw Self.notFound }
    }

    /// The expected article must be one of the organisation's (another organisation's ids included).
    private func requireArticle(_ check: TestCase, orgID: UUID) async throws {
        guard let id = check.expectation.articleID, try await articles.find(orgID: orgID, articleID: id) == nil else { return }
        throw SimpleDomainError(
            .invalidInput,
            code: "unknown_article",
            message: "There is no such article in this knowledge base; pick one from the list."
        )

    }

    public static let notFound = SimpleDomainError(.notFound, code: "test_plan_item_not_found", message: "There is no such test plan item.")

    static func optional(_ text: String?, field: String, maxLength: Int) throws -> String? {
        guard let text else { return nil }
        let trimmed = try Validation.text(text, field: field, maxLength: maxLength, allowEmpty: true)
        return trimmed.isEmpty ? nil : trimmed
    }
}
