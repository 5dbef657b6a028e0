import Foundation

/// What the best-ranked article has to show for a question: the measurements the built-in engine
/// decides on (and the evaluation reads), each a share of the question's information unless said.
public struct AnswerEvidence: Sendable, Equatable, Codable {
    /// The share of the question's information the article holds (the historical score).
    public var coverage: Double
    /// The same share for the best other article.
    public var runnerUpCoverage: Double
    /// How far ahead of the best other article this one ranks: the difference of their relevance
    /// per unit of the question's information (negative when another ranks higher).
    public var lead: Double
    /// The share held by words of the article's title.
    public var titleCoverage: Double
    /// The share of the most informative concept of the question the article lacks.
    public var largestMissing: Double
    /// The share carried by words no article uses at all.
    public var unknown: Double
    /// The share the article's closest approved example holds.
    public var example: Double
    /// How many concepts the question has.
    public var concepts: Int
    /// The article's relevance per unit of the question's information.
    public var relevance: Double
    /// The question's information (the rarity of its words, summed) that the article holds, in
    /// idf units: low when all it shares is a word every article uses (the brand).
    public var heldInformation: Double
    /// The share one body paragraph holds, the best one: a question an article answers tends to
    /// meet its words together, one that only shares vocabulary meets them scattered. Measured for
    /// studying (`evidence(query:)`, `answers --dump`), not for answering: as a confidence feature it
    /// did no better than coverage on the groups held out (BENCHMARKS.md).
    public var passageCoverage: Double = 0
    /// `passageCoverage` with the title's words counted as part of every paragraph.
    public var passageTitleCoverage: Double = 0
}

extension KnowledgeIndex {
    /// The best `limit` articles for `query` with their evidence, best first.
    public func evidence(query: String, context: String = "", limit: Int = 1) -> [(articleID: UUID, evidence: AnswerEvidence)] {
        guard let ranking = rank(query: query, context: context) else { return [] }
        return ranking.ranked.prefix(limit).map { (articles[$0].id, evidence(for: $0, in: ranking, passages: true)) }
    }

    /// `passages` also measures the paragraph shares, which answering does not read.
    func evidence(for article: Int, in ranking: Ranking, passages: Bool = false) -> AnswerEvidence {
        let information = ranking.information
        let runnerUp = ranking.ranked.lazy.filter { $0 != article }.first
        var title = 0.0
        var missing = 0.0
        var unknown = 0.0
        for concept in ranking.concepts {
            let share = concept.weight * concept.information / information
            guard !concept.alternatives.isEmpty else {
                unknown += share
                missing = max(missing, share)
                continue
            }
            let held = concept.alternatives.filter { holds(article, term: $0.term) }.map(\.weight).max() ?? 0
            if held == 0 { missing = max(missing, share) }
            title += share * (concept.alternatives.filter { titleTerms[article].contains($0.term) }.map(\.weight).max() ?? 0)
        }
        let relevance = ranking.relevance[article]
        let (passage, passageWithTitle) = passages ? passageCoverage(of: article, in: ranking) : (0, 0)
        return AnswerEvidence(
            coverage: min(1, ranking.covered[article] / information),
            runnerUpCoverage: runnerUp.map { min(1, ranking.covered[$0] / information) } ?? 0,
            lead: (relevance - (runnerUp.map { ranking.relevance[$0] } ?? 0)) / information,
            titleCoverage: title,
            largestMissing: missing,
            unknown: unknown,
            example: ranking.closestExample[Int32(article)] ?? 0,
            concepts: ranking.concepts.count,
            relevance: relevance / information,
            heldInformation: ranking.covered[article],
            passageCoverage: passage,
            passageTitleCoverage: passageWithTitle
        )
    }

    /// The best paragraph's share of the question's information, alone and with the title's words.
    func passageCoverage(of article: Int, in ranking: Ranking) -> (alone: Double, withTitle: Double) {
        var best = (alone: 0.0, withTitle: 0.0)
        for paragraph in paragraphs[article] {
            var alone = 0.0
            var withTitle = 0.0
            for concept in ranking.concepts where !concept.alternatives.isEmpty {
                let share = concept.weight * concept.information / ranking.information
                var inParagraph = 0.0
                var inEither = 0.0
                for alternative in concept.alternatives {
                    if paragraph.terms.contains(alternative.term) { inParagraph = max(inParagraph, alternative.weight) }
                    if paragraph.terms.contains(alternative.term) || titleTerms[article].contains(alternative.term) {
                        inEither = max(inEither, alternative.weight)
                    }
                }
                alone += share * inParagraph
                withTitle += share * inEither
            }
            best = (max(best.alone, min(1, alone)), max(best.withTitle, min(1, withTitle)))
        }
        return best
    }

    /// Whether `article` holds `term` in any field (postings are in article order).
    func holds(_ article: Int, term: Int32) -> Bool {
        let list = postings[Int(term)]
        var low = 0
        var high = list.count
        while low < high {
            let middle = (low + high) / 2
            if Int(list[middle].article) < article { low = middle + 1 } else { high = middle }
        }
        return low < list.count && Int(list[low].article) == article
    }
}
