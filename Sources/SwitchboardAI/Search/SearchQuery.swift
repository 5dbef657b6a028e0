/// One thing the customer asked about: the stem they typed (or its spelling correction), and
/// words that mean the same (thesaurus, organisation vocabulary). An article matches the concept
/// through its best alternative.
struct SearchConcept: Equatable {
    struct Alternative: Equatable {
        var stem: String
        /// 1 for the customer's own word, less for a correction or a synonym.
        var weight: Double
    }

    var alternatives: [Alternative]
    /// 1 for a word of the question, less for a word of the earlier question (follow-ups).
    var weight: Double
    /// How much the concept tells: the rarity (idf) of the customer's own word (or of its best
    /// synonym when no article uses it); the rarity of a word no article uses when nothing is
    /// known, so an unknown word lowers coverage. Every alternative ranks with this rarity.
    var information: Double
}

/// Turns a customer's question into concepts, using what the index knows.
struct SearchQueryReader: Sendable {
    let knows: @Sendable (String) -> Bool
    let idf: @Sendable (String) -> Double
    let unknownInformation: Double
    let spelling: SpellingCorrector
    let thesaurus: Thesaurus
    let vocabulary: [(term: [String], meaning: [String])]
    let tuning: KnowledgeIndex.Tuning

    func concepts(question: String, context: String) -> [SearchConcept] {
        var concepts = read(question, weight: 1)
        let asked = Set(concepts.flatMap { $0.alternatives.map(\.stem) })
        concepts += read(context, weight: tuning.contextWeight).filter { concept in
            !concept.alternatives.contains { asked.contains($0.stem) }
        }
        return concepts
    }

    private func read(_ text: String, weight: Double) -> [SearchConcept] {
        let words = SearchText.words(text).filter { !SearchText.isStopWord($0) }
        guard !words.isEmpty else { return [] }
        let stems = words.map(EnglishStemmer.stem)
        var concepts: [SearchConcept] = []
        var explained = Set<Int>()
        // The organisation's vocabulary first: its term reads as its meaning.
        for entry in vocabulary where !entry.term.isEmpty {
            for start in occurrences(of: entry.term, in: stems) {
                explained.formUnion(start..<(start + entry.term.count))
                for stem in entry.meaning where knows(stem) {
                    concepts.append(concept([.init(stem: stem, weight: 1)], weight: weight))
                }
            }
        }
        var position = 0
        while position < stems.count {
            // The longest thesaurus phrase starting here becomes one concept.
            var length = min(thesaurus.longestEntry, stems.count - position)
            var synonyms: [String] = []
            while length > 1 {
                synonyms = thesaurus.alternatives(of: stems[position..<(position + length)])
                if !synonyms.isEmpty { break }
                length -= 1
            }
            let span = position..<(position + length)
            position += length
            if explained.isSuperset(of: span) { continue }
            var alternatives: [SearchConcept.Alternative] = []
            for index in span {
                if knows(stems[index]) {
                    // A word of a phrase ("money back") says less on its own than the phrase.
                    alternatives.append(.init(stem: stems[index], weight: length == 1 ? 1 : tuning.synonymWeight))
                } else if let corrected = spelling.correction(for: words[index]).map(EnglishStemmer.stem), knows(corrected) {
                    alternatives.append(.init(stem: corrected, weight: tuning.correctionWeight))
                    synonyms += thesaurus.alternatives(of: [corrected])
                }
                if length == 1 { synonyms += thesaurus.alternatives(of: stems[index...index]) }
            }
            for synonym in synonyms where knows(synonym) && !alternatives.contains(where: { $0.stem == synonym }) {
                alternatives.append(.init(stem: synonym, weight: tuning.synonymWeight))
            }
            if alternatives.isEmpty && span.count == 1 && words[span.lowerBound].allSatisfy(\.isNumber) { continue }
            concepts.append(concept(alternatives, weight: weight))
        }
        return merged(concepts)
    }

    private func concept(_ alternatives: [SearchConcept.Alternative], weight: Double) -> SearchConcept {
        // The customer's own words (or their corrections) say how rare the concept is; a synonym
        // never makes it rarer, or a ubiquitous word ("course") would rank by its rarest synonym.
        let own = alternatives.filter { $0.weight > tuning.synonymWeight }
        let information = (own.isEmpty ? alternatives : own).map { idf($0.stem) }.max() ?? unknownInformation
        return SearchConcept(alternatives: alternatives, weight: weight, information: information)
    }

    /// A question that says "refund" twice asks about one thing.
    private func merged(_ concepts: [SearchConcept]) -> [SearchConcept] {
        var seen = Set<[String]>()
        return concepts.filter { concept in
            concept.alternatives.isEmpty || seen.insert(concept.alternatives.map(\.stem)).inserted
        }
    }

    private func occurrences(of phrase: [String], in stems: [String]) -> [Int] {
        guard phrase.count <= stems.count else { return [] }
        return (0...(stems.count - phrase.count)).filter { Array(stems[$0..<($0 + phrase.count)]) == phrase }
    }
}
