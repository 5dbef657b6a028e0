/// Reads a word the knowledge base never uses ("recieved", "packge") as the known word with the
/// most trigrams in common, as PostgreSQL's pg_trgm measures it (padded "  w " trigrams, Jaccard).
struct SpellingCorrector: Sendable {
    /// Least similarity for a correction.
    let leastSimilarity: Double
    private let words: [String]
    private let known: Set<String>
    private let trigramCounts: [Int]
    private let wordsByTrigram: [String: [Int32]]

    /// `vocabulary`: every word (as typed, lower case) of the articles and their examples.
    init(vocabulary: Set<String>, leastSimilarity: Double) {
        self.leastSimilarity = leastSimilarity
        known = vocabulary
        words = vocabulary.filter(Self.isCorrectable).sorted()
        var index: [String: [Int32]] = [:]
        var counts: [Int] = []
        counts.reserveCapacity(words.count)
        for (position, word) in words.enumerated() {
            let trigrams = Self.trigrams(word)
            counts.append(trigrams.count)
            for trigram in trigrams { index[trigram, default: []].append(Int32(position)) }
        }
        trigramCounts = counts
        wordsByTrigram = index
    }

    /// Words worth correcting to and from: 4 to 30 letters, no digits.
    static func isCorrectable(_ word: String) -> Bool {
        (4...30).contains(word.count) && word.allSatisfy(\.isLetter)
    }

    /// The known word closest to `word`, or nil when `word` is known, too short, or nothing is close.
    func correction(for word: String) -> String? {
        guard !known.contains(word), Self.isCorrectable(word) else { return nil }
        let trigrams = Self.trigrams(word)
        var shared: [Int32: Int] = [:]
        for trigram in trigrams {
            for candidate in wordsByTrigram[trigram] ?? [] { shared[candidate, default: 0] += 1 }
        }
        var best: (similarity: Double, word: String)?
        for (candidate, common) in shared {
            let similarity = Double(common) / Double(trigrams.count + trigramCounts[Int(candidate)] - common)
            let word = words[Int(candidate)]
            if similarity >= leastSimilarity, best.map({ similarity > $0.similarity || (similarity == $0.similarity && word < $0.word) }) ?? true {
                best = (similarity, word)
            }
        }
        return best?.word
    }

    static func trigrams(_ word: String) -> Set<String> {
        let padded = Array("  " + word + " ")
        return Set((0..<(padded.count - 2)).map { String(padded[$0..<($0 + 3)]) })
    }
}
