import Foundation
import PostgresClient
import SwitchboardAI
import SwitchboardDemo
import SwitchboardDomain
import SwitchboardStore
import TestSupport
import Testing

/// The test plan runner on the real PostgreSQL with the built-in engine: checks run as a customer's
/// message would be answered, results are recorded with the reply, and the demo plans pass.
@Suite struct TestPlanRunnerTests {
    /// Remembers which organisations asked for an engine, so the tests see the resolver is used.
    final class RecordingEngines: AnswerEngineSelecting, @unchecked Sendable {
        let builtIn: KnowledgeBaseEngine
        private let lock = NSLock()
        private var asked: [UUID] = []

        init(pool: PostgresPool) {
            builtIn = KnowledgeBaseEngine(knowledge: IndexedKnowledgeSearch(source: PostgresKnowledgeSnapshots(pool: pool)))
        }

        func engine(orgID: UUID) async throws -> any AnswerEngine {
            lock.withLock { asked.append(orgID) }
            return builtIn
        }

        var organisations: [UUID] { lock.withLock { asked } }
    }

    struct TestFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// Progress calls in order.
    actor ProgressLog {
        var calls: [[Int]] = []
        func add(_ done: Int, _ total: Int) { calls.append([done, total]) }
    }

    struct Bench {
        let pool: PostgresPool
        let knowledgeBase: DemoKnowledgeBase
        let engines: RecordingEngines
        var orgID: UUID { knowledgeBase.orgID }
        var plan: TestPlanService { TestPlanService(plan: PostgresTestPlanRepository(pool: pool), articles: PostgresArticleRepository(pool: pool)) }
        var runner: TestPlanRunner {
            TestPlanRunner(
                plan: PostgresTestPlanRepository(pool: pool),
                organisations: PostgresOrganisationRepository(pool: pool),
                articles: PostgresArticleRepository(pool: pool),
                engines: engines
            )
        }

        func article(_ externalID: String) throws -> UUID { try #require(knowledgeBase.articleIDs[externalID]) }

        func add(_ title: String, _ question: String?, _ expectation: TestCase.Expectation? = nil) async throws -> TestPlanItem {
            let check = question.map { TestCase(question: $0, expectation: expectation ?? .decline) }
            return try await plan.create(orgID: orgID, title: title, steps: nil, expectedResult: nil, check: check)
        }
    }

    /// A fresh organisation with Harbour Bikes' articles: its plan is this test's alone.
    func bench() async throws -> Bench {
        let fixture = try await KnowledgeFixture.shared()
        return Bench(
            pool: fixture.app,
            knowledgeBase: try await KnowledgeFixture.load("harbourbikes", using: fixture.app),
            engines: RecordingEngines(pool: fixture.app)
        )
    }

    @Test func runAllRunsEveryCheckWithAQuestionAndRecordsPassOrFailWithTheReply() async throws {
        let bench = try await bench()
        let hours = try bench.article("opening-hours-location")
        let rentals = try bench.article("bike-rental-prices")
        let right = try await bench.add("Opening hours", "What time do you open on Saturday?", .article(hours))
        let wrong = try await bench.add("Hours expected from rentals", "What time do you open on Saturday?", .article(rentals))
        let decline = try await bench.add("Weather", "What's the weather going to be like tomorrow?", .decline)
        let person = try await bench.add("A person", "Can I speak to someone in the workshop?", .handOff)
        let manual = try await bench.add("Widget on a phone", nil)

        let progress = ProgressLog()
        let runs = try await bench.runner.runAll(orgID: bench.orgID, tester: .named("switchboard eval")) { done, total in
            await progress.add(done, total)
        }
        #expect(await progress.calls == [[0, 4], [1, 4], [2, 4], [3, 4], [4, 4]])
        #expect(runs.map(\.item.id) == [right.id, wrong.id, decline.id, person.id])
        #expect(runs.map(\.run.passed) == [true, false, true, true])
        #expect(bench.engines.organisations.allSatisfy { $0 == bench.orgID } && !bench.engines.organisations.isEmpty)

        let (items, passed) = try await bench.plan.overview(orgID: bench.orgID)
        #expect(passed == 3)
        let byID = Dictionary(uniqueKeysWithValues: items.map { ($0.id, $0) })
        let opening = try #require(byID[right.id]?.result)
        #expect(opening.outcome == .pass)
        #expect(opening.tester == "switchboard eval")
        guard case .answered(let reply, _) = runs[0].run.reply else { throw TestFailure("not answered: \(runs[0].run.reply)") }
        #expect(!reply.isEmpty)
        #expect(opening.note?.hasPrefix("Answered from “Opening hours, address and parking”") == true)
        #expect(opening.note?.hasSuffix("Reply: \(reply)") == true, "\(opening.note ?? "")")
        let mismatch = try #require(byID[wrong.id]?.result)
        #expect(mismatch.outcome == .fail)
        #expect(mismatch.note?.hasPrefix("Expected an answer from “Bike rental prices and what's included”. Answered from “Opening hours") == true)
        #expect(byID[decline.id]?.result?.note?.hasPrefix("The AI was not sure. Reply: \(KnowledgeBaseEngine.notSureMessage)") == true)
        #expect(byID[person.id]?.result?.outcome == .pass)
        #expect(byID[manual.id]?.result == nil)
    }

    @Test func runningOneCheckRecordsTheAgentAndAManualCheckCannotBeRun() async throws {
        let bench = try await bench()
        let agentID = UUID()
        try await bench.pool.withTenant(bench.orgID) { session in
            try await session.execute(
                "INSERT INTO agents (org_id, agent_id, sso_issuer, sso_subject, sign_in_name, role) VALUES ($1, $2, 'urn:test', $3, 'Sam Supervisor', 'supervisor')",
                [bench.orgID, agentID, agentID.uuidString]
            )
        }
        let item = try await bench.add("Rental prices", "What are your bike rental prices?", .article(try bench.article("bike-rental-prices")))
        let (recorded, run) = try await bench.runner.run(orgID: bench.orgID, itemID: item.id, tester: .agent(agentID))
        #expect(run.passed)
        #expect(recorded.result?.outcome == .pass)
        #expect(recorded.result?.tester == "Sam Supervisor")
        if case .answered(_, let articles) = run.reply {
            #expect(articles.first?.title == "Bike rental prices and what's included")
        } else {
            Issue.record("not answered: \(run.reply)")
        }

        let manual = try await bench.add("Widget on a phone", nil)
        let error = try await #require(throws: SimpleDomainError.self) {
            try await bench.runner.run(orgID: bench.orgID, itemID: manual.id, tester: .agent(agentID))
        }
        #expect(error.code == "test_plan_item_not_executable")
        #expect(try await bench.plan.overview(orgID: bench.orgID).items.first { $0.id == manual.id }?.result == nil)
    }

    @Test func theOrganisationsOwnThresholdDecides() async throws {
        let bench = try await bench()
        // "toboggan" is in no article, so the score (the share of the question an article covers)
        // stays below 1: answered at the default threshold, "not sure" at the strictest.
        let item = try await bench.add(
            "Opening hours",
            "What time do you open on Saturday, toboggan?",
            .article(try bench.article("opening-hours-location"))
        )
        #expect(try await bench.runner.run(orgID: bench.orgID, itemID: item.id, tester: .named("t")).run.passed)
        try await bench.pool.withTenant(bench.orgID) { session in
            try await session.execute("UPDATE organisation_settings SET answer_threshold = 1 WHERE org_id = $1", [bench.orgID])
        }
        let strict = try await bench.runner.run(orgID: bench.orgID, itemID: item.id, tester: .named("t")).run
        #expect(!strict.passed)
        #expect(strict.reply == .notSure(body: KnowledgeBaseEngine.notSureMessage))
    }

    @Test func anotherOrganisationCannotRunOrSeeTheChecks() async throws {
        let bench = try await bench()
        let other = try await KnowledgeFixture.load("harbourbikes", using: bench.pool)
        // "toboggan" is in no article, so the score (the share of the question an article covers)
        // stays below 1: answered at the default threshold, "not sure" at the strictest.
        let item = try await bench.add(
            "Opening hours",
            "What time do you open on Saturday, toboggan?",
            .article(try bench.article("opening-hours-location"))
        )
        let error = try await #require(throws: SimpleDomainError.self) {
            try await bench.runner.run(orgID: other.orgID, itemID: item.id, tester: .named("intruder"))
        }
        #expect(error.code == "test_plan_item_not_found")
        #expect(try await bench.runner.runAll(orgID: other.orgID, tester: .named("intruder")).isEmpty)
        // An expectation may not name another organisation's article.
        let foreign = try #require(other.articleIDs["opening-hours-location"])
        let refused = try await #require(throws: SimpleDomainError.self) {
            try await bench.add("Foreign article", "What time do you open?", .article(foreign))
        }
        #expect(refused.code == "unknown_article")
        #expect(try await bench.plan.overview(orgID: bench.orgID).items.first?.result == nil)
    }

    @Test func aCheckWhoseArticleIsDeletedFailsAskingForAnother() async throws {
        let bench = try await bench()
        let hours = try bench.article("opening-hours-location")
        let item = try await bench.add("Opening hours", "What time do you open on Saturday?", .article(hours))
        #expect(try await PostgresArticleRepository(pool: bench.pool).delete(orgID: bench.orgID, articleID: hours))
        let (recorded, run) = try await bench.runner.run(orgID: bench.orgID, itemID: item.id, tester: .named("t"))
        #expect(recorded.check?.expectation == .article(nil))
        #expect(!run.passed)
        #expect(recorded.result?.note?.hasPrefix("The expected article was deleted") == true)
    }

    @Test func aFileNamesArticlesByTitleOrIdAndUnknownOnesAreReportedWithTheirLine() async throws {
        let bench = try await bench()
        let rentals = try bench.article("bike-rental-prices")
        let lines = try TestCaseFile.parse(
            """
            {"question": "What are your bike rental prices?", "expect": "article", "article": "bike rental prices and what's included"}
            {"question": "What are your bike rental prices?", "expect": "article", "article": "\(rentals.uuidString.lowercased())"}
            {"question": "Can I speak to someone in the workshop?", "expect": "handoff"}
            """
        )
        let cases = try await bench.runner.cases(orgID: bench.orgID, from: lines)
        #expect(cases.map(\.expectation) == [.article(rentals), .article(rentals), .handOff])
        let runs = try await bench.runner.evaluate(orgID: bench.orgID, cases: cases)
        #expect(runs.map(\.passed) == [true, true, true])
        #expect(try await bench.plan.overview(orgID: bench.orgID).items.isEmpty)

        let unknown = try TestCaseFile.parse(
            """
            {"question": "hi", "expect": "decline"}
            {"question": "refund?", "expect": "article", "article": "Refund policy"}
            """
        )
        let error = try await #require(throws: TestCaseFile.LineError.self) {
            try await bench.runner.cases(orgID: bench.orgID, from: unknown)
        }
        #expect(error == TestCaseFile.LineError(line: 2, reason: "no article has the title or id \"Refund policy\""))
    }

    /// The demo organisations ship plans that pass with the built-in engine: if a ranking change
    /// breaks one of their checks, this fails.
    @Test func theDemoOrganisationsPlansPassWithTheBuiltInEngine() async throws {
        let urls = try await TestDatabase.makeDatabase()
        try await TestDatabase.withPool(urls.app) { pool in
            let summary = try await DemoSeeder(pool: pool, logger: TestDatabase.quietLogger).seed()
            let runner = TestPlanRunner(
                plan: PostgresTestPlanRepository(pool: pool),
                organisations: PostgresOrganisationRepository(pool: pool),
                articles: PostgresArticleRepository(pool: pool),
                engines: FixedAnswerEngine(KnowledgeBaseEngine(knowledge: IndexedKnowledgeSearch(source: PostgresKnowledgeSnapshots(pool: pool))))
            )
            for organisation in summary.organisations {
                let content = try DemoContent.load(slug: organisation.slug)
                let runnable = content.testPlan.filter { $0.question != nil }
                #expect(Set(runnable.compactMap(\.expect)) == ["article", "decline", "handoff"], "\(organisation.slug)")
                let runs = try await runner.runAll(orgID: organisation.id, tester: .named("switchboard eval"))
                #expect(runs.map(\.item.title) == runnable.map(\.title))
                for (item, run) in runs {
                    #expect(run.passed, "\(organisation.slug): \(item.title): \(run.note)")
                }
                print("[test plan] \(organisation.slug): \(runs.filter(\.run.passed).count)/\(runs.count) runnable checks pass")
            }
        }
    }
}
