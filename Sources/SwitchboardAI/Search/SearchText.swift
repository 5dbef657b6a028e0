import Foundation

/// How search reads text: lower-case words without accents, contraction endings cut, stop
/// words and chat filler left out, each word stemmed.
public enum SearchText {
    /// The words of `text` as typed, lower case, accents folded ("Café" → "cafe"), contraction
    /// endings cut ("doesn't" → "does", "I'm" → "i"); digits kept, everything else separates words.
    public static func words(_ text: Substring) -> [String] {
        // One pass over the scalars: ASCII (nearly every word) is lowered byte by byte; a word
        // holding anything else is lowered and folded as a whole, once.
        var words: [String] = []
        var bytes: [UInt8] = []
        var folded = false
        var apostrophe = false
        func flush() {
            defer {
                bytes.removeAll(keepingCapacity: true)
                folded = false
                apostrophe = false
            }
            guard !bytes.isEmpty else { return }
            var word = String(decoding: bytes, as: UTF8.self)
            if folded { word = word.lowercased().folding(options: .diacriticInsensitive, locale: nil) }
            if apostrophe { word = cutContraction(word) }
            if !word.isEmpty { words.append(word) }
        }
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x41...0x5A: bytes.append(UInt8(scalar.value + 0x20))
            case 0x61...0x7A, 0x30...0x39: bytes.append(UInt8(scalar.value))
            case 0x27, 0x2019:
                if !bytes.isEmpty {
                    bytes.append(0x27)
                    apostrophe = true
                }
            case 0..<0x80: flush()
            default:
                let properties = scalar.properties
                if properties.isAlphabetic || properties.numericType != nil || properties.generalCategory == .nonspacingMark {
                    bytes.append(contentsOf: String(scalar).utf8)
                    folded = true
                } else {
                    flush()
                }
            }
        }
        flush()
        return words
    }

    public static func words(_ text: String) -> [String] { words(text[...]) }

    /// The stems of the words of `text` that say what it is about.
    public static func terms(_ text: String) -> [String] {
        words(text).filter { !isStopWord($0) }.map(EnglishStemmer.stem)
    }

    /// A word that carries no meaning for search: an English stop word or chat filler.
    public static func isStopWord(_ word: String) -> Bool { stopWords.contains(word) || filler.contains(word) }

    private static func cutContraction(_ word: String) -> String {
        var lower = word
        while lower.hasSuffix("'") { lower.removeLast() }
        if lower == "can't" { return "can" }
        if lower == "won't" { return "will" }
        if lower.hasSuffix("n't") { lower.removeLast(3) }
        for ending in ["'m", "'re", "'ve", "'ll", "'d", "'s"] where lower.hasSuffix(ending) {
            lower.removeLast(ending.count)
            break
        }
        return lower.filter { $0 != "'" }
    }

    /// Chat words that carry no meaning for search.
    static let filler: Set<String> = [
        "hi", "hello", "hey", "hiya", "thanks", "thank", "thx", "please", "pls", "plz", "ok", "okay", "im", "ive",
        "whats", "dont", "doesnt", "didnt", "cant", "wont", "isnt", "arent", "hasnt", "havent", "wasnt", "werent",
        "theres", "thats", "youre", "u", "ur", "would", "could", "also", "get", "got", "getting", "want", "need",
        "know", "like", "just", "still", "really", "yes", "yeah", "anyone", "something", "anything", "way",
    ]

    /// Stems of words that frame a request rather than say what it is about ("do you *offer*
    /// payment plans", "what *happens* if", "is it *possible* to"): they count `Tuning.frameWordWeight`.
    static let frameStems: Set<String> = Set(
        """
        offer provide allow let possible able happen make take give tell find go come see look help try
        wonder ask question mean sure idea happy thing way fine problem
        """.split(whereSeparator: \.isWhitespace).map { EnglishStemmer.stem(String($0)) }
    )

    /// PostgreSQL's English stop words (tsearch_data/english.stop).
    static let stopWords: Set<String> = Set(
        """
        i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers
        herself it its itself they them their theirs themselves what which who whom this that these those am is
        are was were be been being have has had having do does did doing a an the and but if or because as until
        while of at by for with about against between into through during before after above below to from up
        down in out on off over under again further then once here there when where why how all any both each few
        more most other some such no nor not only own same so than too very s t can will just don should now
        """.split(whereSeparator: \.isWhitespace).map(String.init)
    )
}
