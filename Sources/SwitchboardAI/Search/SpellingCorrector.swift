/// Reads a word the knowledge base never uses ("recieved", "packge") as the known word with the
/// most trigrams in common, as PostgreSQL's pg_trgm measures it (padded "  w " trigrams, Jaccard);
/// failing that, as a known word one typing slip away (a letter missed, added, changed or two
/// swapped: "retrun"), which trigrams measure poorly in short words.
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
        if let best { return best.word }
        guard word.count >= Self.leastSlipLength else { return nil }
        var slip: (common: Int, word: String)?
        for (candidate, common) in shared where common >= 2 {
            let known = words[Int(candidate)]
            guard known.count >= Self.leastSlipLength, Self.isOneSlipApart(Array(word), Array(known)) else { continue }
            if slip.map({ common > $0.common || (common == $0.common && known < $0.word) }) ?? true { slip = (common, known) }
        }
        return slip?.word
    }

    /// Shorter words are too often another real word one slip away ("fees", "feed").
    static let leastSlipLength = 5

    /// Whether one insertion, deletion, substitution or swap of neighbours turns `a` into `b`.
    static func isOneSlipApart(_ a: [Character], _ b: [Character]) -> Bool {
        guard abs(a.count - b.count) <= 1, a != b else { return false }
        var start = 0
        while start < min(a.count, b.count) && a[start] == b[start] { start += 1 }
        var endA = a.count
        var endB = b.count
        while endA > start && endB > start && a[endA - 1] == b[endB - 1] {
            endA -= 1
            endB -= 1
        }
        let restA = endA - start
        let restB = endB - start
        if restA <= 1 && restB <= 1 { return true }  // one letter added, missed or changed
        return restA == 2 && restB == 2 && a[start] == b[start + 1] && a[start + 1] == b[start]
    }

    static func trigrams(_ word: String) -> Set<String> {
        let padded = Array("  " + word + " ")
        return Set((0..<(padded.count - 2)).map { String(padded[$0..<($0 + 3)]) })
    }
}
