import Foundation

/// What of a customer's message is worth searching for, and whether it leans on an earlier one.
enum QuestionWords {
    /// The message without chat filler ("hi", "thanks", "please") and contraction endings ("I'm",
    /// "doesn't"), which PostgreSQL's English stop words miss and which would dilute the search.
    /// Everything else, punctuation included, is kept as typed.
    static func searchable(_ text: String) -> String {
        var result = ""
        var word = ""
        func flush() {
            result += keep(word)
            word = ""
        }
        for character in text {
            let character: Character = (character == "\u{2019}" || character == "\u{2018}") ? "'" : character
            if character.isLetter || character.isNumber || (character == "'" && !word.isEmpty) {
                word.append(character)
            } else {
                flush()
                result.append(character)
            }
        }
        flush()
        return result
    }

    /// One word of the message as it should be searched: filler dropped, contraction ending cut.
    private static func keep(_ word: String) -> String {
        var lower = word.lowercased()
        while lower.hasSuffix("'") { lower.removeLast() }
        if lower == "can't" { return "can" }
        if lower == "won't" { return "will" }
        if lower.hasSuffix("n't") { lower.removeLast(3) }
        for ending in ["'m", "'re", "'ve", "'ll", "'d", "'s"] where lower.hasSuffix(ending) {
            lower.removeLast(ending.count)
            break
        }
        return filler.contains(lower) ? "" : lower
    }

    /// Words of the message that say what it is about: not stop words, not filler.
    static func contentWords(_ text: String) -> [String] {
        searchable(text).split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
            .filter { !stopWords.contains($0) }
    }

    /// A follow-up such as "and how much is it?" or "what about kids?": it starts with a linking
    /// word, says almost nothing on its own, or is short and points back with "it" or "that".
    static func isFollowUp(_ text: String) -> Bool {
        let words = searchable(text).split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        guard let first = words.first else { return false }
        let content = words.filter { !stopWords.contains($0) }
        if ["and", "also", "plus", "but", "so", "then"].contains(first) { return true }
        if words.count > 1, ["what", "how"].contains(first), ["about", "if"].contains(words[1]) { return true }
        if content.count <= 1 { return true }
        return content.count <= 3 && words.contains { ["it", "that", "this", "they", "them", "those", "these", "one"].contains($0) }
    }

    /// Chat words that carry no meaning for search; PostgreSQL's stop words already cover "how", "is"…
    static let filler: Set<String> = [
        "hi", "hello", "hey", "hiya", "thanks", "thank", "thx", "please", "pls", "plz", "ok", "okay", "im", "ive",
        "whats", "dont", "doesnt", "didnt", "cant", "wont", "isnt", "arent", "hasnt", "havent", "wasnt", "werent",
        "theres", "thats", "youre", "u", "ur",
    ]

    /// PostgreSQL's English stop words (tsearch_data/english.stop), to count content words in Swift.
    static let stopWords: Set<String> = Set("""
        i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers
        herself it its itself they them their theirs themselves what which who whom this that these those am is
        are was were be been being have has had having do does did doing a an the and but if or because as until
        while of at by for with about against between into through during before after above below to from up
        down in out on off over under again further then once here there when where why how all any both each few
        more most other some such no nor not only own same so than too very s t can will just don should now
        """.split(whereSeparator: \.isWhitespace).map(String.init))
}
