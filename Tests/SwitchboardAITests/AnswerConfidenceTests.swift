import Foundation
import SwitchboardDomain
import Testing

@testable import SwitchboardAI

/// The calibrated score: what makes the built-in engine sure of an article, and what does not.
@Suite struct AnswerConfidenceTests {
    static func article(_ title: String, _ body: String) -> IndexedArticle {
        IndexedArticle(id: UUID(), title: title, url: nil, section: nil, body: body, examples: [])
    }

    static let index = KnowledgeIndex(
        articles: [
            article("Freeze your card", "Freezing stops card payments at once. Unfreeze it in the app whenever you like."),
            article("Report a lost card", "If your card is lost or stolen, report it and we send a new card within 5 days."),
            article("Card payments abroad", "Card payments abroad cost nothing. Cash withdrawals abroad cost 2%."),
            article("Change your address", "Update your home address in Settings. We send a letter to confirm it."),
        ],
        vocabulary: [],
        thesaurus: .none
    )

    func evidence(_ question: String) throws -> AnswerEvidence {
        try #require(Self.index.evidence(query: question).first).evidence
    }

    @Test func aProbabilityAlwaysLiesBetweenZeroAndOne() {
        let model = AnswerConfidence.fitted
        for question in ["freeze card", "card", "lost card abroad", "address letter", "zebra card"] {
            for match in Self.index.search(query: question, limit: 4) {
                #expect((0...1).contains(match.score), "\(question)")
                #expect(match.score.isFinite)
            }
        }
        #expect(model.weights.count == AnswerConfidence.featureNames.count)
    }

    @Test func anArticleThatLeadsTheOthersIsSurerThanOneAmongEquals() throws {
        // "card" is in three articles alike; "freeze" is in one, and in its title.
        let ambiguous = try evidence("card")
        let decisive = try evidence("freeze card")
        #expect(decisive.lead > ambiguous.lead)
        #expect(decisive.titleCoverage > 0)
        let model = AnswerConfidence.fitted
        #expect(model.probability(decisive) > model.probability(ambiguous))
        #expect(model.probability(decisive) >= KnowledgeBaseEngine.recommendedThreshold)
    }

    @Test func everyMeasureMovesTheProbabilityTheWayItsWeightSays() {
        let model = AnswerConfidence.fitted
        let base = AnswerEvidence(
            coverage: 0.5,
            runnerUpCoverage: 0.3,
            lead: 0.2,
            titleCoverage: 0.2,
            largestMissing: 0.3,
            unknown: 0,
            example: 0,
            concepts: 3,
            relevance: 0.5,
            heldInformation: 2
        )
        var more = base
        more.coverage = 0.9
        #expect(model.probability(more) > model.probability(base))
        more = base
        more.lead = 0.6
        #expect(model.probability(more) > model.probability(base))
        more = base
        more.titleCoverage = 0.6
        #expect(model.probability(more) > model.probability(base))
    }

    @Test func theRunnerUpRanksBehindWithANegativeLead() throws {
        let matches = Self.index.evidence(query: "lost card abroad", limit: 2)
        try #require(matches.count == 2)
        #expect(matches[0].evidence.lead > 0)
        #expect(matches[1].evidence.lead < 0)
        #expect(matches[0].evidence.lead == -matches[1].evidence.lead)
    }
}
