import Foundation
import SwitchboardDemo
import SwitchboardDomain
import SwitchboardStore
import Testing

@testable import SwitchboardAI

/// The built-in engine against the demo knowledge bases in the real PostgreSQL.
@Suite struct KnowledgeBaseEngineTests {
    static let threshold = KnowledgeBaseEngine.recommendedThreshold

    func engine(_ fixture: KnowledgeFixture) -> KnowledgeBaseEngine {
        KnowledgeBaseEngine(knowledge: IndexedKnowledgeSearch(source: PostgresKnowledgeSnapshots(pool: fixture.app)))
    }

    func ask(
        _ question: String,
        in knowledgeBase: DemoKnowledgeBase,
        fixture: KnowledgeFixture,
        history: [TranscriptLine] = []
    ) async throws -> Answer {
        try await engine(fixture).answer(
            AnswerRequest(orgID: knowledgeBase.orgID, question: question, history: history, threshold: Self.threshold)
        )
    }

    /// The share of demo questions that must be answered from their own article, and the most
    /// that may be answered from another one (measured: 97.0 % / 1.5 % and 93.8 % / 0 %).
    static let leastRightShare = 0.9
    static let mostWrongShare = 0.03

    @Test(arguments: DemoContent.organisationSlugs)
    func demoQuestionsAreAnsweredFromTheirArticle(slug: String) async throws {
        let fixture = try await KnowledgeFixture.shared()
        let knowledgeBase = fixture.knowledgeBase(slug)
        var wrong: [String] = []
        var declined: [String] = []
        var asked = 0
        var withSecondArticle = 0
        for article in knowledgeBase.content.articles {
            let expected = try #require(knowledgeBase.articleIDs[article.externalId])
            for question in article.questions {
                asked += 1
                switch try await ask(question, in: knowledgeBase, fixture: fixture) {
                case .answered(let body, let articles, _) where articles.first?.id == expected:
                    if articles.count > 1 { withSecondArticle += 1 }
                    #expect(!body.isEmpty && body.count <= KnowledgeBaseEngine.maxAnswerCharacters, "\(question)")
                case .answered(_, let articles, let confidence):
                    wrong.append("\(question) → \(articles.first?.title ?? "?") (\(confidence))")
                case .notSure(_, let confidence):
                    declined.append("\(question) (\(confidence))")
                }
            }
        }
        let right = asked - wrong.count - declined.count
        print(
            "[knowledge] \(slug): \(right)/\(asked) demo questions answered from their article, \(wrong.count) from another, \(declined.count) declined; \(withSecondArticle) cite a second article"
        )
        #expect(Double(right) >= Self.leastRightShare * Double(asked), "declined: \(declined)\nwrong: \(wrong)")
        #expect(Double(wrong.count) <= Self.mostWrongShare * Double(asked), "\(wrong.joined(separator: "\n"))")
    }

    @Test(arguments: DemoContent.organisationSlugs)
    func unrelatedQuestionsAreNotAnswered(slug: String) async throws {
        let fixture = try await KnowledgeFixture.shared()
        let knowledgeBase = fixture.knowledgeBase(slug)
        var highest = (score: 0.0, question: "")
        for question in knowledgeBase.content.scripts.unrelatedQuestions {
            let answer = try await ask(question, in: knowledgeBase, fixture: fixture)
            guard case .notSure(let body, let confidence) = answer else {
                Issue.record("answered an unrelated question: \(question) → \(answer)")
                continue
            }
            #expect(body == KnowledgeBaseEngine.notSureMessage)
            if confidence >= highest.score { highest = (confidence, question) }
        }
        print(
            "[knowledge] \(slug): \(knowledgeBase.content.scripts.unrelatedQuestions.count) unrelated questions not answered; highest score \(highest.score) for \"\(highest.question)\""
        )
    }

    @Test(arguments: DemoContent.organisationSlugs)
    func theAnswerIsOneParagraphOfTheArticle(slug: String) async throws {
        let fixture = try await KnowledgeFixture.shared()
        let knowledgeBase = fixture.knowledgeBase(slug)
        for article in knowledgeBase.content.articles {
            let paragraphs = article.body.components(separatedBy: "\n\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            let matches = try await IndexedKnowledgeSearch(source: PostgresKnowledgeSnapshots(pool: fixture.app))
                .search(orgID: knowledgeBase.orgID, query: article.questions[0], limit: 1)
            let match = try #require(matches.first)
            #expect(paragraphs.contains(match.passage), "\(article.externalId): \(match.passage)")
            #expect(match.passage != article.body.trimmingCharacters(in: .whitespacesAndNewlines))
            #expect(match.title == article.title && match.url == article.url && match.section == article.section)
            #expect((0...1).contains(match.score))
        }
    }

    @Test func anOrganisationNeverSeesAnotherOrganisationsArticles() async throws {
        let fixture = try await KnowledgeFixture.shared()
        let search = IndexedKnowledgeSearch(source: PostgresKnowledgeSnapshots(pool: fixture.app))
        for (own, other) in [(fixture.careerLearning, fixture.harbourBikes), (fixture.harbourBikes, fixture.careerLearning)] {
            let ownIDs = Set(own.articleIDs.values)
            // The other organisation's own questions, which match its articles best.
            for question in other.content.articles.flatMap(\.questions) {
                let matches = try await search.search(orgID: own.orgID, query: question, limit: 5)
                #expect(matches.allSatisfy { ownIDs.contains($0.articleID) }, "\(question)")
            }
        }
        let nobody = try await search.search(orgID: UUID(), query: "how much is it to rent an e-bike for the day", limit: 5)
        #expect(nobody.isEmpty)
    }

    @Test(arguments: [
        "<script>alert('rent an e-bike')</script>",
        "'; DROP TABLE kb_articles; --",
        "Robert'); DELETE FROM switchboard.organisations WHERE ('1' = '1",
        "rent | bike & !price <-> helmet:* \\ '' \"quoted\" -deposit",
        "{{ title }} ${body} <b>bold</b> &amp; %s %@",
    ])
    func markupAndSQLInAQuestionAreJustText(question: String) async throws {
        let fixture = try await KnowledgeFixture.shared()
        let answer = try await ask(question, in: fixture.harbourBikes, fixture: fixture)
        switch answer {
        case .answered(let body, let articles, _):
            #expect(!articles.isEmpty && !body.isEmpty)
        case .notSure(let body, _):
            #expect(body == KnowledgeBaseEngine.notSureMessage)
        }
        let stored = try await IndexedKnowledgeSearch(source: PostgresKnowledgeSnapshots(pool: fixture.app))
            .search(orgID: fixture.harbourBikes.orgID, query: "bike rental prices", limit: 50)
        #expect(stored.count == fixture.harbourBikes.content.articles.count)
    }

    @Test(arguments: ["", "   ", "\n\t", "thanks!", "ok", "how are you?"])
    func aQuestionWithoutContentIsNotAnswered(question: String) async throws {
        let fixture = try await KnowledgeFixture.shared()
        let answer = try await ask(question, in: fixture.careerLearning, fixture: fixture)
        #expect(answer == .notSure(body: KnowledgeBaseEngine.notSureMessage, confidence: 0))
    }

    @Test func aShortFollowUpIsReadWithTheCustomersPreviousQuestion() async throws {
        let fixture = try await KnowledgeFixture.shared()
        let bikes = fixture.harbourBikes
        let history = [
            TranscriptLine(author: .customer, body: "can I rent an e-bike?"),
            TranscriptLine(author: .ai, body: "Yes, e-bikes can be rented by riders aged 18 or over."),
        ]
        let answer = try await ask("and how much is it?", in: bikes, fixture: fixture, history: history)
        guard case .answered(_, let articles, _) = answer else {
            Issue.record("not answered: \(answer)")
            return
        }
        #expect(articles.first?.id == bikes.articleIDs["bike-rental-prices"])

        let courses = fixture.careerLearning
        let pause = [TranscriptLine(author: .customer, body: "can I pause my course for a month")]
        let fee = try await ask("is there a fee?", in: courses, fixture: fixture, history: pause)
        guard case .answered(_, let feeArticles, _) = fee else {
            Issue.record("not answered: \(fee)")
            return
        }
        // Both the pausing article and the payment-plan article speak of a fee while paused.
        #expect(feeArticles.contains { $0.id == courses.articleIDs["pausing-and-deferring"] })
    }

    @Test func aNewQuestionIgnoresTheEarlierTopic() async throws {
        let fixture = try await KnowledgeFixture.shared()
        let bikes = fixture.harbourBikes
        let history = [TranscriptLine(author: .customer, body: "can I rent an e-bike?")]
        let answer = try await ask("what time do you open on sunday?", in: bikes, fixture: fixture, history: history)
        guard case .answered(_, let articles, _) = answer else {
            Issue.record("not answered: \(answer)")
            return
        }
        #expect(articles.first?.id == bikes.articleIDs["opening-hours-location"])
    }

    @Test func onlyAFollowUpBorrowsThePreviousCustomerQuestion() {
        let history = [
            TranscriptLine(author: .customer, body: "Can I rent an e-bike?"),
            TranscriptLine(author: .ai, body: "Yes, from 18."),
            TranscriptLine(author: .customer, body: "thanks!"),
        ]
        func context(_ question: String, _ history: [TranscriptLine]) -> String {
            KnowledgeBaseEngine.followUpContext(for: AnswerRequest(orgID: UUID(), question: question, history: history, threshold: 0.3))
        }
        #expect(context("and how much is it?", history) == "Can I rent an e-bike?")
        #expect(context("what about kids?", history) == "Can I rent an e-bike?")
        #expect(context("and how much is it?", []) == "")
        #expect(context("what time do you open on sunday?", history) == "")
        #expect(context("do rental bikes come with a helmet and lock?", history) == "")
    }
}
