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
/// between answering and "not sure" is `coverage`: the share of the question's information (each
/// concept weighted by its rarity) that the article holds.
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

        public init() {}
    }

    /// One article holding a term, with the term's BM25F weight there (fields' weighted,
    /// length-normalised counts summed, then saturated): all a search needs besides rarity.
    struct Posting {
        var article: Int32
        var weight: Float
    }

    private let articles: [IndexedArticle]
    /// Per article, its body's paragraphs (blank-line separated) with their stems, for passages.
    private let paragraphs: [[(text: String, terms: Set<String>)]]
    /// Per article, each approved example's stems.
    private let exampleTerms: [[Set<String>]]
    private let postings: [String: [Posting]]
    private let reader: SearchQueryReader
    private let tuning: Tuning

    public var articleCount: Int { articles.count }

    public init(
        articles: [IndexedArticle], vocabulary: [VocabularyPair], thesaurus: Thesaurus,
        tuning: Tuning = Tuning()
    ) {
        self.articles = articles
        self.tuning = tuning
        var postings: [String: [Posting]] = [:]
        var lengths: [SIMD4<Float>] = []
        var typed = Set<String>()
        var stems: [String: String] = [:]
        func terms(_ text: String) -> [String] {
            SearchText.words(text).compactMap { word in
                guard !SearchText.isStopWord(word) else { return nil }
                typed.insert(word)
                if let stem = stems[word] { return stem }
                let stem = EnglishStemmer.stem(word)
                stems[word] = stem
                return stem
            }
        }
        var paragraphs: [[(text: String, terms: Set<String>)]] = []
        var counts: [[String: SIMD4<Float>]] = []
        var exampleTerms: [[Set<String>]] = []
        for article in articles {
            exampleTerms.append(article.examples.map { Set(terms($0)) })
            paragraphs.append(Self.paragraphs(of: article.body).map { ($0, Set(terms($0))) })
            let fields = [
                terms(article.title), terms(article.section ?? ""), terms(article.body),
                article.examples.flatMap(terms),
            ]
            lengths.append(SIMD4(fields.map { Float($0.count) }))
            var articleCounts: [String: SIMD4<Float>] = [:]
            for (field, words) in fields.enumerated() {
                for (index, word) in words.enumerated() {
                    articleCounts[word, default: .zero][field] += 1
                    if index > 0 { articleCounts[Self.pairKey(words[index - 1], word), default: .zero][field] += 1 }
                }
            }
            counts.append(articleCounts)
        }
        let averageLength = articles.isEmpty ? SIMD4<Float>.one : lengths.reduce(.zero, +) / Float(articles.count)
        let fieldWeights = SIMD4<Float>(
            Float(tuning.titleWeight), Float(tuning.sectionWeight), Float(tuning.bodyWeight), Float(tuning.examplesWeight))
        let k1 = Float(tuning.k1), b = Float(tuning.b)
        for (position, articleCounts) in counts.enumerated() {
            let normaliser = (1 - b) + b * lengths[position] / averageLength.replacing(with: 1, where: averageLength .< 1)
            for (term, count) in articleCounts {
                let frequency = (fieldWeights * count / normaliser).sum()
                guard frequency > 0 else { continue }  // only in a field weighted 0
                postings[term, default: []].append(
                    Posting(article: Int32(position), weight: frequency * (k1 + 1) / (frequency + k1)))
            }
        }
        self.postings = postings
        self.paragraphs = paragraphs
        self.exampleTerms = exampleTerms
        let count = Double(articles.count)
        let idf: @Sendable (String) -> Double = { [postings] term in
            let frequency = Double(postings[term]?.count ?? 0)
            return log(1 + (count - frequency + 0.5) / (frequency + 0.5))
        }
        let known: @Sendable (String) -> Bool = { [postings] in postings[$0] != nil }
        reader = SearchQueryReader(
            knows: known, idf: idf, unknownInformation: tuning.unknownWordWeight * log(1 + (count - 0.5) / 1.5),
            spelling: SpellingCorrector(vocabulary: typed, leastSimilarity: tuning.spellingSimilarity),
            thesaurus: thesaurus,
            vocabulary: vocabulary.map { (SearchText.terms($0.term), SearchText.terms($0.meaning)) },
            tuning: tuning)
    }

    /// The best `limit` articles for `query`, best first; `context` is an earlier question whose
    /// words count `Tuning.contextWeight` (pass "" for none).
    public func search(query: String, context: String = "", limit: Int) -> [KnowledgeMatch] {
        guard limit > 0, !articles.isEmpty else { return [] }
        let concepts = reader.concepts(question: query, context: context)
        let information = concepts.reduce(0) { $0 + $1.weight * $1.information }
        guard information > 0 else { return [] }
        var relevance = [Double](repeating: 0, count: articles.count)
        var covered = [Double](repeating: 0, count: articles.count)
        var touched: [Int] = []
        // Per concept, each article's best alternative: dense scratch arrays, reset after use.
        var best = [Double](repeating: 0, count: articles.count)
        var credit = [Double](repeating: 0, count: articles.count)
        var reached: [Int] = []
        for concept in concepts where !concept.alternatives.isEmpty {
            for alternative in concept.alternatives {
                guard let list = postings[alternative.stem] else { continue }
                let scale = alternative.weight * concept.information
                for posting in list {
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
        for pair in reader.pairs(question: query) where tuning.pairWeight > 0 {
            guard let list = postings[pair] else { continue }
            let scale = tuning.pairWeight * reader.idf(pair)
            for posting in list where relevance[Int(posting.article)] > 0 {
                relevance[Int(posting.article)] += scale * Double(posting.weight)
            }
        }
        if tuning.exampleRankWeight > 0 {
            for article in touched {
                let share = exampleTerms[article].map { terms in
                    concepts.reduce(0.0) { sum, concept in
                        sum + concept.weight * (concept.alternatives.filter { terms.contains($0.stem) }.map(\.weight).max() ?? 0)
                            * concept.information
                    } / information
                }.max() ?? 0
                relevance[article] += tuning.exampleRankWeight * share * information
            }
        }
        if tuning.coverageExponent != 0 {
            for article in touched { relevance[article] *= pow(covered[article] / information, tuning.coverageExponent) }
        }
        let ranked = touched.sorted { lhs, rhs in
            relevance[lhs] != relevance[rhs] ? relevance[lhs] > relevance[rhs] : articles[lhs].title < articles[rhs].title
        }
        return ranked.prefix(limit).map { position in
            let article = articles[position]
            return KnowledgeMatch(
                articleID: article.id, title: article.title, url: article.url, section: article.section,
                score: min(1, covered[position] / information),
                passage: passage(of: position, concepts: concepts))
        }
    }

    /// How two adjacent stems are keyed among the postings (a stem never holds a space).
    static func pairKey(_ first: String, _ second: String) -> String { first + " " + second }

    /// The paragraph holding the most of the question's information; the first when none holds any.
    private func passage(of article: Int, concepts: [SearchConcept]) -> String {
        var best: (value: Double, text: String)?
        for paragraph in paragraphs[article] {
            var value = 0.0
            for concept in concepts {
                let credit = concept.alternatives.filter { paragraph.terms.contains($0.stem) }
                    .map { $0.weight * reader.idf($0.stem) }.max() ?? 0
                value += concept.weight * credit
            }
            if value > best?.value ?? 0 { best = (value, paragraph.text) }
        }
        return best?.text ?? paragraphs[article].first?.text ?? articles[article].body.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The body's paragraphs: separated by blank lines, trimmed, empty ones left out.
    static func paragraphs(of body: String) -> [String] {
        body.components(separatedBy: "\n").split { $0.allSatisfy(\.isWhitespace) }
            .map { $0.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }
    }
}
