import Foundation
import SwitchboardDomain

/// An organisation's knowledge base, indexed in memory for the built-in engine: one immutable
/// snapshot, rebuilt when the knowledge base changes (see `IndexedKnowledgeSearch`).
///
/// Ranking is BM25F over four fields (title, section, body, example questions) on stemmed words.
/// Each thing the customer asked (a concept) matches through its best alternative: the word
/// itself, its spelling correction, or a synonym from the thesaurus or the organisation's
/// vocabulary, always with the rarity of the customer's own word. Words that frame a request
/// ("offer", "happen") rank lightly; two of the question's words side by side in an article, and
/// an approved example close to the question, add to its relevance. The score that decides
/// between answering and "not sure" is `AnswerConfidence`: the probability, read from the match's
/// evidence (coverage, its lead over the other articles, its title), that the article answers.
public struct KnowledgeIndex: Sendable {
    /// The measured defaults (BENCHMARKS.md, "Answer quality").
    public struct Tuning: Sendable {
        public var titleWeight = 3.0
        public var sectionWeight = 0.5
        public var bodyWeight = 1.0
        public var examplesWeight = 2.0
        /// BM25's term-frequency saturation and length normalisation.
        public var k1 = 1.2
        public var b = 0.75
        /// How much a synonym or a spelling correction counts next to the customer's own word.
        public var synonymWeight = 0.3
        public var correctionWeight = 0.8
        /// How much a word of the earlier question (follow-ups) counts.
        public var contextWeight = 0.5
        /// Least trigram similarity for reading an unknown word as a known one.
        public var spellingSimilarity = 0.45
        /// How much a word no article uses counts against coverage, as a share of the rarest
        /// known word's information: such words are often just chat ("ago", "possible").
        public var unknownWordWeight = 2.0
        /// How much a word that frames the request ("offer", "happen", "possible") counts for ranking.
        public var frameWordWeight = 0.3
        /// How much such a word counts for coverage.
        public var frameWordCoverage = 0.5
        /// How much an adjacent pair of the question's words found side by side in an article adds.
        public var pairWeight = 0.5
        /// How much the approved example closest to the question adds to its article's relevance,
        /// times the share of the question's information that example holds (a near-paraphrase
        /// of a question customers asked before ranks its article first).
        public var exampleRankWeight = 1.0
        /// Articles rank by relevance × coverage^this: matching more of the question beats
        /// matching one rare word many times.
        public var coverageExponent = 0.0
        /// How much the question's information found in an article's title adds to its relevance,
        /// on top of the title's BM25F weight: a title says what the article is for, so a synonym
        /// found there ("hand luggage" for "Cabin bag allowance") outweighs the word in passing in
        /// another article's body.
        public var titleBonus = 1.0
        /// Reads a match's evidence as the probability that it answers: the match's score.
        public var confidence = AnswerConfidence.fitted

        public init() {}
    }

    /// One article holding a term, with the term's BM25F weight there (fields' weighted,
    /// length-normalised counts summed, then saturated): all a search needs besides rarity.
    struct Posting {
        var article: Int32
        var weight: Float
    }

    /// A body paragraph with its terms, for choosing the passage to answer with.
    struct Paragraph {
        var text: String
        var terms: Set<Int32>
    }

    let articles: [IndexedArticle]
    /// Stem → term number; every table below is indexed by term number.
    let termIDs: [String: Int32]
    let postings: [[Posting]]
    /// Two adjacent terms (`pairKey`) → the articles holding them side by side.
    let pairPostings: [Int64: [Posting]]
    /// Term → the approved examples holding it; `exampleArticle` maps an example to its article.
    let examplePostings: [[Int32]]
    let exampleArticle: [Int32]
    let paragraphs: [[Paragraph]]
    let titleTerms: [Set<Int32>]
    /// Term → the articles whose title holds it.
    let titlePostings: [[Int32]]
    let idf: [Double]
    private let reader: SearchQueryReader
    let tuning: Tuning

    public var articleCount: Int { articles.count }

    public init(
        articles: [IndexedArticle],
        vocabulary: [VocabularyPair],
        thesaurus: Thesaurus,
        tuning: Tuning = Tuning()
    ) {
        var builder = KnowledgeIndexBuilder(tuning: tuning)
        for article in articles { builder.add(article) }
        let built = builder.finish()
        self.articles = articles
        self.tuning = tuning
        termIDs = built.termIDs
        postings = built.postings
        pairPostings = built.pairPostings
        examplePostings = built.examplePostings
        exampleArticle = built.exampleArticle
        paragraphs = built.paragraphs
        titleTerms = built.titleTerms
        var titlePostings = [[Int32]](repeating: [], count: built.termIDs.count)
        for (article, terms) in built.titleTerms.enumerated() {
            for term in terms { titlePostings[Int(term)].append(Int32(article)) }
        }
        self.titlePostings = titlePostings
        let count = Double(articles.count)
        let idf = built.postings.map { log(1 + (count - Double($0.count) + 0.5) / (Double($0.count) + 0.5)) }
        self.idf = idf
        let termIDs = built.termIDs
        reader = SearchQueryReader(
            knows: { termIDs[$0] != nil },
            idf: { term in termIDs[term].map { idf[Int($0)] } ?? 0 },
            unknownInformation: tuning.unknownWordWeight * log(1 + (count - 0.5) / 1.5),
            spelling: SpellingCorrector(vocabulary: built.typed, leastSimilarity: tuning.spellingSimilarity),
            thesaurus: thesaurus,
            vocabulary: vocabulary.map { (SearchText.terms($0.term), SearchText.terms($0.meaning)) },
            tuning: tuning
        )
    }

    /// The best `limit` articles for `query`, best first; `context` is an earlier question whose
    /// words count `Tuning.contextWeight` (pass "" for none).
    public func search(query: String, context: String = "", limit: Int) -> [KnowledgeMatch] {
        guard limit > 0, let ranking = rank(query: query, context: context) else { return [] }
        return ranking.ranked.prefix(limit).map { position in
            let article = articles[position]
            return KnowledgeMatch(
                articleID: article.id,
                title: article.title,
                url: article.url,
                section: article.section,
                score: tuning.confidence.probability(evidence(for: position, in: ranking)),
                passage: passage(of: position, concepts: ranking.concepts)
            )
        }
    }

    /// What ranking found for one question: each article's relevance and the information it covers.
    struct Ranking {
        var concepts: [ResolvedConcept]
        /// The question's information (Σ weight × rarity of its concepts).
        var information: Double
        var relevance: [Double]
        var covered: [Double]
        /// Per article, the share of the question's information its closest approved example holds.
        var closestExample: [Int32: Double]
        /// The articles reached, best first.
        var ranked: [Int]
    }

    /// Every article the question reaches, ranked; nil when the question tells nothing the index can use.
    func rank(query: String, context: String) -> Ranking? {
        guard !articles.isEmpty else { return nil }
        let concepts = reader.concepts(question: query, context: context).map { ResolvedConcept($0, termIDs: termIDs) }
        let information = concepts.reduce(0) { $0 + $1.weight * $1.information }
        guard information > 0 else { return nil }
        var relevance = [Double](repeating: 0, count: articles.count)
        var covered = [Double](repeating: 0, count: articles.count)
        var touched: [Int] = []
        // Per concept, each article's best alternative: dense scratch arrays, reset after use.
        var best = [Double](repeating: 0, count: articles.count)
        var credit = [Double](repeating: 0, count: articles.count)
        var reached: [Int] = []
        for concept in concepts where !concept.alternatives.isEmpty {
            for alternative in concept.alternatives {
                let scale = alternative.weight * concept.information
                for posting in postings[Int(alternative.term)] {
                    let article = Int(posting.article)
                    let value = scale * Double(posting.weight)
                    if best[article] == 0 { reached.append(article) }
                    if value > best[article] {
                        best[article] = value
                        credit[article] = alternative.weight * concept.information
                    }
                }
            }
            for article in reached {
                if relevance[article] == 0 { touched.append(article) }
                relevance[article] += concept.rankWeight * best[article]
                covered[article] += concept.weight * credit[article]
                best[article] = 0
                credit[article] = 0
            }
            reached.removeAll(keepingCapacity: true)
        }
        addPairs(of: query, to: &relevance)
        addTitles(concepts, to: &relevance)
        let closest = closestExamples(concepts)
        for (article, value) in closest where relevance[Int(article)] > 0 {
            relevance[Int(article)] += tuning.exampleRankWeight * value
        }
        if tuning.coverageExponent != 0 {
            for article in touched { relevance[article] *= pow(covered[article] / information, tuning.coverageExponent) }
        }
        let ranked = touched.sorted { lhs, rhs in
            relevance[lhs] != relevance[rhs] ? relevance[lhs] > relevance[rhs] : articles[lhs].title < articles[rhs].title
        }
        return Ranking(
            concepts: concepts,
            information: information,
            relevance: relevance,
            covered: covered,
            closestExample: closest.mapValues { $0 / information },
            ranked: ranked
        )
    }

    /// The question's information each title holds (each concept through its best alternative)
    /// adds `Tuning.titleBonus` times itself.
    private func addTitles(_ concepts: [ResolvedConcept], to relevance: inout [Double]) {
        guard tuning.titleBonus > 0 else { return }
        var best = [Int32: Double]()
        for concept in concepts where !concept.alternatives.isEmpty {
            for alternative in concept.alternatives {
                for article in titlePostings[Int(alternative.term)] { best[article] = max(best[article] ?? 0, alternative.weight) }
            }
            for (article, weight) in best where relevance[Int(article)] > 0 {
                relevance[Int(article)] += tuning.titleBonus * concept.rankWeight * concept.information * weight
            }
            best.removeAll(keepingCapacity: true)
        }
    }

    /// Adjacent pairs of the question's words found side by side in an article add to it.
    private func addPairs(of query: String, to relevance: inout [Double]) {
        guard tuning.pairWeight > 0 else { return }
        let count = Double(articles.count)
        for pair in reader.pairs(question: query) {
            guard let first = termIDs[pair.0], let second = termIDs[pair.1],
                let list = pairPostings[Self.pairKey(first, second)]
            else { continue }
            let rarity = log(1 + (count - Double(list.count) + 0.5) / (Double(list.count) + 0.5))
            for posting in list where relevance[Int(posting.article)] > 0 {
                relevance[Int(posting.article)] += tuning.pairWeight * rarity * Double(posting.weight)
            }
        }
    }

    /// Per article, the information of the question its closest approved example holds (examples
    /// are found through their own postings, so cost follows the question).
    private func closestExamples(_ concepts: [ResolvedConcept]) -> [Int32: Double] {
        guard !exampleArticle.isEmpty else { return [:] }
        // Dense scratch arrays over the examples, reset through the lists of those reached.
        var held = [Double](repeating: 0, count: exampleArticle.count)
        var best = [Double](repeating: 0, count: exampleArticle.count)
        var reachedByConcept: [Int32] = []
        var reached: [Int32] = []
        for concept in concepts where !concept.alternatives.isEmpty {
            for alternative in concept.alternatives {
                for example in examplePostings[Int(alternative.term)] where alternative.weight > best[Int(example)] {
                    if best[Int(example)] == 0 { reachedByConcept.append(example) }
                    best[Int(example)] = alternative.weight
                }
            }
            for example in reachedByConcept {
                if held[Int(example)] == 0 { reached.append(example) }
                held[Int(example)] += concept.weight * best[Int(example)] * concept.information
                best[Int(example)] = 0
            }
            reachedByConcept.removeAll(keepingCapacity: true)
        }
        var closest: [Int32: Double] = [:]
        for example in reached {
            let article = exampleArticle[Int(example)]
            closest[article] = max(closest[article] ?? 0, held[Int(example)])
        }
        return closest
    }

    /// Two adjacent terms as one key.
    static func pairKey(_ first: Int32, _ second: Int32) -> Int64 { Int64(first) << 32 | Int64(UInt32(bitPattern: second)) }

    /// The paragraph holding the most of the question's information; the first when none holds any.
    private func passage(of article: Int, concepts: [ResolvedConcept]) -> String {
        var best: (value: Double, text: String)?
        for paragraph in paragraphs[article] {
            var value = 0.0
            for concept in concepts {
                let credit =
                    concept.alternatives.filter { paragraph.terms.contains($0.term) }
                    .map { $0.weight * idf[Int($0.term)] }.max() ?? 0
                value += concept.weight * credit
            }
            if value > best?.value ?? 0 { best = (value, paragraph.text) }
        }
        return best?.text ?? paragraphs[article].first?.text ?? articles[article].body.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

extension KnowledgeIndex {
    /// The body's paragraphs: separated by blank lines, trimmed, empty ones left out.
    static func paragraphs(of body: String) -> [String] {
        body.components(separatedBy: "\n").split { $0.allSatisfy(\.isWhitespace) }
            .map { $0.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }
    }
}

/// A concept with its alternatives' term numbers (alternatives no article uses dropped).
struct ResolvedConcept {
    struct Alternative {
        var term: Int32
        var weight: Double
    }

    var alternatives: [Alternative]
    var weight: Double
    var rankWeight: Double
    var information: Double

    init(_ concept: SearchConcept, termIDs: [String: Int32]) {
        alternatives = concept.alternatives.compactMap { alternative in
            termIDs[alternative.stem].map { Alternative(term: $0, weight: alternative.weight) }
        }
        weight = concept.weight
        rankWeight = concept.rankWeight
        information = concept.information
    }
}
