import Foundation

/// Customer text as sentences of canonical words: lower case, contractions and chat spellings
/// written out ("can't" → "can not", "u" → "you"), plurals and small typos of the words the
/// human-request rules look for mapped to the word meant.
enum HumanRequestText {
    static func sentences(_ text: String) -> [[String]] {
        var sentences: [[String]] = [[]]
        var word = ""
        func endWord() {
            if !word.isEmpty { sentences[sentences.count - 1].append(contentsOf: canonical(word).filter { !$0.isEmpty }) }
            word = ""
        }
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                word.append(character)
            } else if character == "'" || character == "\u{2019}" || character == "\u{2018}" {
                if !word.isEmpty { word.append("'") }
            } else {
                endWord()
                // Commas stay inside a sentence: "a person, not a bot" is one thought.
                if ".!?;\n".contains(character), !sentences[sentences.count - 1].isEmpty { sentences.append([]) }
            }
        }
        endWord()
        return sentences.filter { !$0.isEmpty }.map(chatNumbers)
    }

    /// "talk 2 a human", "get sum1 2 ring me": a 2 between words (not beside another number) is "to".
    static func chatNumbers(_ w: [String]) -> [String] {
        guard w.contains("2") else { return w }
        var out = w
        for i in w.indices where w[i] == "2" && i > 0 && i + 1 < w.count {
            if w[i - 1].first?.isLetter == true, w[i + 1].first?.isLetter == true { out[i] = "to" }
        }
        return out
    }

    /// Like `sentences`, but commas also end a clause.
    static func clauses(_ text: String) -> [[String]] {
        sentences(text.replacingOccurrences(of: ",", with: "."))
    }

    /// One typed word as the canonical words it stands for.
    static func canonical(_ typed: String) -> [String] {
        var word = typed
        while word.hasSuffix("'") { word.removeLast() }
        if let parts = contractions[word] { return parts }
        if let apostrophe = word.firstIndex(of: "'") {
            let stem = String(word[..<apostrophe])
            let suffix = String(word[word.index(after: apostrophe)...])
            if suffix == "t", stem.hasSuffix("n") {
                let verb = String(stem.dropLast())
                return [verb == "ca" ? "can" : verb == "wo" ? "will" : verb, "not"]
            }
            let expansions = ["re": "are", "m": "am", "d": "would", "ll": "will", "ve": "have", "s": "is"]
            return canonical(stem) + (expansions[suffix].map { [$0] } ?? [])
        }
        if word.count > 4, word.hasSuffix("nt"), let verb = notContractions[String(word.dropLast(2))] { return [verb, "not"] }
        return [spelling(of: word)]
    }

    /// The word meant: a known variant, a plural of a word the rules use, or a close typo of one.
    static func spelling(of word: String) -> String {
        if let known = spellings[word] { return known }
        if word.hasSuffix("s"), word.count > 3, HumanRequestVocabulary.pluralisable.contains(String(word.dropLast())) {
            return String(word.dropLast())
        }
        guard word.count >= 5, !HumanRequestVocabulary.isKnown(word) else { return word }
        // Typos rarely touch the first letter; checking it first keeps long messages cheap.
        return fuzzyTargets.first { target in
            target.first == word.first && abs(target.count - word.count) <= 2 && editDistance(word, target) <= (target.count >= 10 ? 2 : 1)
        } ?? word
    }

    static let contractions: [String: [String]] = [
        "dont": ["do", "not"], "cant": ["can", "not"], "wont": ["will", "not"], "im": ["i", "am"], "ive": ["i", "have"],
        "youre": ["you", "are"], "thats": ["that", "is"], "wanna": ["want", "to"], "gonna": ["going", "to"],
        "gimme": ["give", "me"], "lemme": ["let", "me"], "whats": ["what", "is"], "theres": ["there", "is"],
    ]
    static let notContractions: [String: String] = [
        "is": "is", "are": "are", "does": "does", "did": "did", "was": "was", "would": "would", "could": "could",
        "should": "should", "have": "have", "has": "has", "aren": "are", "isn": "is", "doesn": "does", "didn": "did",
        "wasn": "was", "wouldn": "would", "couldn": "could", "shouldn": "should", "haven": "have",
    ]
    static let spellings: [String: String] = [
        "u": "you", "ya": "you", "ur": "your", "r": "are", "pls": "please", "plz": "please", "plss": "please", "pleas": "please",
        "thru": "through", "ppl": "people", "some1": "someone", "any1": "anyone", "tlak": "talk", "takl": "talk",
        "tak": "talk", "tallk": "talk", "hooman": "human", "reps": "rep", "cud": "could", "spk": "speak", "tlk": "talk",
        "spek": "speak", "sum1": "someone", "sm1": "someone", "sumone": "someone", "sb": "somebody", "smb": "somebody",
        "sumbody": "somebody", "w": "with", "wit": "with", "wiv": "with",
    ]
    /// Long enough that one typo (two for long words) still means the same word.
    static let fuzzyTargets = [
        "person", "human", "agent", "representative", "operator", "someone", "somebody", "anyone", "anybody", "speak",
        "connect", "transfer", "customer", "service", "support", "supervisor", "useless", "helpful", "helping",
        "understand", "please",
    ]

    /// Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if abs(a.count - b.count) > 2 { return 3 }
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in stride(from: 1, through: a.count, by: 1) {
            for j in stride(from: 1, through: b.count, by: 1) {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
