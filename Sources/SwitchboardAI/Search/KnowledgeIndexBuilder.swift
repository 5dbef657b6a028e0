import SwitchboardDomain

/// Builds a `KnowledgeIndex`'s tables article by article: each text is read once (the body
/// paragraph by paragraph, each example on its own), terms are numbered as they are first met.
struct KnowledgeIndexBuilder {
    /// What `finish()` hands to the index.
    struct Tables {
        var termIDs: [String: Int32]
        var postings: [[KnowledgeIndex.Posting]]
        var pairPostings: [Int64: [KnowledgeIndex.Posting]]
        var examplePostings: [[Int32]]
        var exampleArticle: [Int32]
        var paragraphs: [[KnowledgeIndex.Paragraph]]
        /// Per article, the terms of its title.
        var titleTerms: [Set<Int32>]
        /// Every word as typed (not stemmed), for spelling correction.
        var typed: Set<String>
    }

    private let tuning: KnowledgeIndex.Tuning
    private var termIDs: [String: Int32] = [:]
    private var stems: [String: Int32] = [:]
    private var typed = Set<String>()
    /// Per article: term (or pair key) → counts in title, section, body, examples.
    private var counts: [[Int64: SIMD4<Float>]] = []
    private var lengths: [SIMD4<Float>] = []
    private var examplePostings: [[Int32]] = []
    private var exampleArticle: [Int32] = []
    private var paragraphs: [[KnowledgeIndex.Paragraph]] = []
    private var titleTerms: [Set<Int32>] = []

    init(tuning: KnowledgeIndex.Tuning) {
        self.tuning = tuning
    }

    /// Term numbers of the words of `text` that say something, in order.
    private mutating func terms(_ text: String) -> [Int32] {
        SearchText.words(text).compactMap { word in
            if let id = stems[word] { return id }
            guard !SearchText.isStopWord(word) else { return nil }
            typed.insert(word)
            let stem = EnglishStemmer.stem(word)
            let id: Int32
            if let known = termIDs[stem] {
                id = known
            } else {
                id = Int32(termIDs.count)
                termIDs[stem] = id
                examplePostings.append([])
            }
            stems[word] = id
            return id
        }
    }

    /// Single terms are keyed by their number; pairs set the top bit (term numbers stay below 2³¹).
    private static func pairKey(_ first: Int32, _ second: Int32) -> Int64 {
        KnowledgeIndex.pairKey(first, second) | Int64.min
    }

    mutating func add(_ article: IndexedArticle) {
        let position = Int32(counts.count)
        var articleCounts: [Int64: SIMD4<Float>] = [:]
        var length = SIMD4<Float>.zero
        func count(_ terms: [Int32], field: Int) {
            for (index, term) in terms.enumerated() {
                articleCounts[Int64(term), default: .zero][field] += 1
                if index > 0 { articleCounts[Self.pairKey(terms[index - 1], term), default: .zero][field] += 1 }
            }
            length[field] += Float(terms.count)
        }
        let title = terms(article.title)
        titleTerms.append(Set(title))
        count(title, field: 0)
        count(terms(article.section ?? ""), field: 1)
        var articleParagraphs: [KnowledgeIndex.Paragraph] = []
        var body: [Int32] = []
        for paragraph in KnowledgeIndex.paragraphs(of: article.body) {
            let paragraphTerms = terms(paragraph)
            body += paragraphTerms
            articleParagraphs.append(.init(text: paragraph, terms: Set(paragraphTerms)))
        }
        count(body, field: 2)
        var exampleTerms: [Int32] = []
        for example in article.examples {
            let terms = terms(example)
            exampleTerms += terms
            let number = Int32(exampleArticle.count)
            exampleArticle.append(position)
            for term in Set(terms) { examplePostings[Int(term)].append(number) }
        }
        count(exampleTerms, field: 3)
        counts.append(articleCounts)
        lengths.append(length)
        paragraphs.append(articleParagraphs)
    }

    /// Weighs every count with BM25F (fields weighted, lengths normalised, then saturated).
    func finish() -> Tables {
        var postings = [[KnowledgeIndex.Posting]](repeating: [], count: termIDs.count)
        var pairPostings: [Int64: [KnowledgeIndex.Posting]] = [:]
        let averageLength = counts.isEmpty ? SIMD4<Float>.one : lengths.reduce(.zero, +) / Float(counts.count)
        let fieldWeights = SIMD4<Float>(
            Float(tuning.titleWeight),
            Float(tuning.sectionWeight),
            Float(tuning.bodyWeight),
            Float(tuning.examplesWeight)
        )
        let k1 = Float(tuning.k1)
        let b = Float(tuning.b)
        for (position, articleCounts) in counts.enumerated() {
            let normaliser = (1 - b) + b * lengths[position] / averageLength.replacing(with: 1, where: averageLength .< 1)
            for (key, count) in articleCounts {
                let frequency = (fieldWeights * count / normaliser).sum()
                guard frequency > 0 else { continue }  // only in a field weighted 0
                let posting = KnowledgeIndex.Posting(article: Int32(position), weight: frequency * (k1 + 1) / (frequency + k1))
                if key < 0 {
                    pairPostings[key & Int64.max, default: []].append(posting)
                } else {
                    postings[Int(key)].append(posting)
                }
            }
        }
        return Tables(
            termIDs: termIDs,
            postings: postings,
            pairPostings: pairPostings,
            examplePostings: examplePostings,
            exampleArticle: exampleArticle,
            paragraphs: paragraphs,
            titleTerms: titleTerms,
            typed: typed
        )
    }
}
