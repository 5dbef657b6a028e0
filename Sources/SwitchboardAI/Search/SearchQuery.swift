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
    /// `weight` for ranking; less for a word that frames the request ("do you *offer*"), which
    /// still counts fully for coverage so that chat around an unknown topic is not "covered".
    var rankWeight: Double
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

    /// Adjacent pairs of the question's own known words ("full service", "payment plan"): an
    /// article holding the pair side by side ranks above one holding the words apart.
    func pairs(question: String) -> [(String, String)] {
        let stems = SearchText.terms(question).filter(knows)
        guard stems.count > 1 else { return [] }
        var seen = Set<String>()
        return (1..<stems.count).map { (stems[$0 - 1], stems[$0]) }.filter { seen.insert($0.0 + " " + $0.1).inserted }
    }

    private func read(_ text: String, weight: Double) -> [SearchConcept] {
        let everyWord = SearchText.words(text)
        let kept = everyWord.indices.filter { !SearchText.isStopWord(everyWord[$0]) }
        let words = kept.map { everyWord[$0] }
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
        // A thesaurus phrase ("money back") lends its one-word synonyms ("refund") to each of its
        // words; the longest phrase starting at a word wins.
        var phraseSynonyms = [[String]](repeating: [], count: stems.count)
        for phrase in Self.longestPhrases(in: stems, longest: thesaurus.longestEntry, synonyms: thesaurus.alternatives(of:)) {
            for index in phrase.range { phraseSynonyms[index] += phrase.synonyms }
        }
        lendWholePhraseSynonyms(everyWord: everyWord, kept: kept, to: &phraseSynonyms)
        for index in stems.indices where !explained.contains(index) {
            var alternatives: [SearchConcept.Alternative] = []
            var synonyms = phraseSynonyms[index] + thesaurus.alternatives(of: stems[index...index])
            if knows(stems[index]) {
                alternatives.append(.init(stem: stems[index], weight: 1))
            } else if !words[index].contains(where: \.isNumber),
                let corrected = spelling.correction(for: words[index]).map(EnglishStemmer.stem), knows(corrected)
            {
                alternatives.append(.init(stem: corrected, weight: tuning.correctionWeight))
                synonyms += thesaurus.alternatives(of: [corrected])
            }
            for synonym in synonyms where knows(synonym) && !alternatives.contains(where: { $0.stem == synonym }) {
                alternatives.append(.init(stem: synonym, weight: tuning.synonymWeight))
            }
            // A number or a measurement ("56cm", "25kg", "10:15") no article uses says nothing of the topic.
            if alternatives.isEmpty && words[index].contains(where: \.isNumber) { continue }
            var next = concept(alternatives, weight: weight)
            if SearchText.frameStems.contains(stems[index]) {
                next.rankWeight *= tuning.frameWordWeight
                next.weight *= tuning.frameWordCoverage
            }
            concepts.append(next)
        }
        return merged(concepts)
    }

    /// A thesaurus phrase that needs its small words ("no power") lends its synonyms to the
    /// meaningful words it spans (`kept` maps them to positions in `everyWord`).
    private func lendWholePhraseSynonyms(everyWord: [String], kept: [Int], to phraseSynonyms: inout [[String]]) {
        guard thesaurus.longestWholeEntry > 1 else { return }
        let stems = everyWord.map(EnglishStemmer.stem)
        for phrase in Self.longestPhrases(in: stems, longest: thesaurus.longestWholeEntry, synonyms: thesaurus.alternatives(ofWhole:)) {
            for (index, word) in kept.enumerated() where phrase.range.contains(word) { phraseSynonyms[index] += phrase.synonyms }
        }
    }

    /// The phrases of two words or more that `synonyms` knows, left to right, the longest starting
    /// at each word winning; the words of a phrase start no other.
    static func longestPhrases(
        in stems: [String],
        longest: Int,
        synonyms: (ArraySlice<String>) -> [String]
    ) -> [(range: Range<Int>, synonyms: [String])] {
        var phrases: [(range: Range<Int>, synonyms: [String])] = []
        var position = 0
        while position < stems.count {
            var length = min(longest, stems.count - position)
            while length > 1 {
                let found = synonyms(stems[position..<(position + length)])
                if !found.isEmpty {
                    phrases.append((position..<(position + length), found))
                    break
                }
                length -= 1
            }
            position += max(length, 1)
        }
        return phrases
    }

    private func concept(_ alternatives: [SearchConcept.Alternative], weight: Double) -> SearchConcept {
        // The customer's own words (or their corrections) say how rare the concept is; a synonym
        // never makes it rarer, or a ubiquitous word ("course") would rank by its rarest synonym.
        let own = alternatives.filter { $0.weight > tuning.synonymWeight }
        let information = (own.isEmpty ? alternatives : own).map { idf($0.stem) }.max() ?? unknownInformation
        return SearchConcept(alternatives: alternatives, weight: weight, rankWeight: weight, information: information)
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
