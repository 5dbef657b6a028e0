import Foundation

/// Runs test-plan questions the way a customer's message is answered, without a conversation:
/// a request for a person is recognised first (as `ConversationService` does), anything else goes
/// to the organisation's engine with the organisation's threshold. The console, `switchboard eval`
/// and the REST API all run checks through here.
public struct TestPlanRunner: Sendable {
    private let plan: any TestPlanRepository
    private let organisations: any OrganisationRepository
    private let articles: any ArticleRepository
    private let engines: any AnswerEngineSelecting

    public init(
        plan: any TestPlanRepository,
        organisations: any OrganisationRepository,
        articles: any ArticleRepository,
        engines: any AnswerEngineSelecting
    ) {
        self.plan = plan
        self.organisations = organisations
        self.articles = articles
        self.engines = engines
    }

    /// Called after each check of a batch finishes: how many are done, of how many.
    public typealias Progress = @Sendable (_ done: Int, _ total: Int) async -> Void

    /// The longest note a run records (the plan's notes are limited to this).
    public static let maxNoteLength = 2000

    /// Runs one check and records its result; a manual check (no question) is a conflict.
    public func run(orgID: UUID, itemID: UUID, tester: TestPlanTester) async throws -> (item: TestPlanItem, run: TestRun) {
        guard let item = try await plan.item(orgID: orgID, itemID: itemID) else { throw TestPlanService.notFound }
        guard let testCase = item.check else { throw Self.notExecutable }
        let tester = try Self.validated(tester)
        let session = try await session(orgID: orgID)
        return try await record(item: item, run: try await session.evaluate(testCase), orgID: orgID, tester: tester)
    }

    /// Runs every check that carries a question, in plan order, recording each result; manual
    /// checks are left as they are.
    public func runAll(orgID: UUID, tester: TestPlanTester, progress: Progress? = nil) async throws -> [(item: TestPlanItem, run: TestRun)] {
        let tester = try Self.validated(tester)
        let executable = try await plan.items(orgID: orgID).filter { $0.check != nil }
        let session = try await session(orgID: orgID)
        var results: [(item: TestPlanItem, run: TestRun)] = []
        await progress?(0, executable.count)
        for item in executable {
            guard let testCase = item.check else { continue }
            results.append(try await record(item: item, run: try await session.evaluate(testCase), orgID: orgID, tester: tester))
            await progress?(results.count, executable.count)
        }
        return results
    }

    /// Runs cases that are not in the plan (a file of them), recording nothing.
    public func evaluate(orgID: UUID, cases: [TestCase], progress: Progress? = nil) async throws -> [TestRun] {
        let session = try await session(orgID: orgID)
        var runs: [TestRun] = []
        await progress?(0, cases.count)
        for testCase in cases {
            runs.append(try await session.evaluate(testCase))
            await progress?(runs.count, cases.count)
        }
        return runs
    }

    /// The article a file names: its id, or its title (ignoring case); nil when none or several match.
    public func article(orgID: UUID, named reference: String) async throws -> (match: Article?, ambiguous: Bool) {
        let reference = reference.trimmingCharacters(in: .whitespacesAndNewlines)
        if let id = UUID(uuidString: reference) {
            return (try await articles.find(orgID: orgID, articleID: id), false)
        }
        let matches = try await allArticles(orgID: orgID).filter { $0.title.caseInsensitiveCompare(reference) == .orderedSame }
        return (matches.count == 1 ? matches[0] : nil, matches.count > 1)
    }

    static let notExecutable = SimpleDomainError(
        .conflict,
        code: "test_plan_item_not_executable",
        message: "This check has no question to run; add a question and its expectation, or mark it pass or fail by hand."
    )

    private func record(item: TestPlanItem, run: TestRun, orgID: UUID, tester: TestPlanTester) async throws -> (item: TestPlanItem, run: TestRun) {
        guard
            let recorded = try await plan.record(
                orgID: orgID,
                itemID: item.id,
                outcome: run.passed ? .pass : .fail,
                note: run.note,
                tester: tester
            )
        else { throw TestPlanService.notFound }
        return (recorded, run)
    }

    private func session(orgID: UUID) async throws -> TestSession {
        let settings = try await organisations.settings(for: orgID)
        return TestSession(
            orgID: orgID,
            engine: try await engines.engine(orgID: orgID),
            threshold: settings.answerThreshold,
            articles: articles
        )
    }

    private func allArticles(orgID: UUID) async throws -> [Article] {
        var all: [Article] = []
        var after: UUID?
        while true {
            let page = try await articles.list(orgID: orgID, afterID: after, limit: 500)
            all += page
            guard page.count == 500, let last = page.last else { return all }
            after = last.id
        }
    }

    private static func validated(_ tester: TestPlanTester) throws -> TestPlanTester {
        guard case .named(let name) = tester else { return tester }
        return .named(try Validation.text(name, field: "tester", maxLength: 200))
    }
}

/// One organisation's engine and threshold, asked once for a batch of checks.
struct TestSession: Sendable {
    let orgID: UUID
    let engine: any AnswerEngine
    let threshold: Double
    let articles: any ArticleRepository

    func evaluate(_ testCase: TestCase) async throws -> TestRun {
        let reply: TestReply
        if CustomerTextAnalyzer.isHumanRequest(testCase.question) {
            reply = .handedOff
        } else {
            switch try await engine.answer(AnswerRequest(orgID: orgID, question: testCase.question, history: [], threshold: threshold)) {
            case .answered(let body, let cited, _): reply = .answered(body: body, articles: cited)
            case .notSure(let body, _): reply = .notSure(body: body)
            }
        }
        var expectedTitle: String?
        if case .article(let id?) = testCase.expectation {
            expectedTitle = try await articles.find(orgID: orgID, articleID: id)?.title
        }
        return TestVerdict.judge(testCase, reply: reply, expectedTitle: expectedTitle)
    }
}
