/// The Snowball English ("Porter2") stemmer, the one PostgreSQL's `english` configuration uses:
/// "deliveries" and "delivery" both become "deliveri", "cancelled" and "cancel" become "cancel".
///
/// Works on lower-case ASCII words; any other word is returned unchanged (search matches it as typed).
enum EnglishStemmer {
    static func stem(_ word: String) -> String {
        guard word.count > 2, word.utf8.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A || $0 == 0x27 }) else { return word }
        if let exception = exceptions[word] { return exception }
        var w = Word(Array(word.utf8))
        w.prepare()
        guard w.letters.count > 2 else { return w.string }
        if invariant.contains(w.string) { return w.string }
        w.step0()
        w.step1a()
        if invariantAfter1a.contains(w.string) { return w.string }
        w.step1b()
        w.step1c()
        w.step2()
        w.step3()
        w.step4()
        w.step5()
        return w.string
    }

    private static let exceptions: [String: String] = [
        "skis": "ski", "skies": "sky", "dying": "die", "lying": "lie", "tying": "tie", "idly": "idl",
        "gently": "gentl", "ugly": "ugli", "early": "earli", "only": "onli", "singly": "singl",
    ]
    private static let invariant: Set<String> = ["sky", "news", "howe", "atlas", "cosmos", "bias", "andes"]
    private static let invariantAfter1a: Set<String> = [
        "inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed",
    ]
}

/// A word being stemmed: its letters (ASCII, `Y` marks a consonant y) and its regions R1 and R2.
private struct Word {
    var letters: [UInt8]
    var r1 = 0
    var r2 = 0

    init(_ letters: [UInt8]) { self.letters = letters }

    var string: String {
        String(decoding: letters.map { $0 == UInt8(ascii: "Y") ? UInt8(ascii: "y") : $0 }, as: UTF8.self)
    }

    static func isVowel(_ c: UInt8) -> Bool {
        c == 0x61 || c == 0x65 || c == 0x69 || c == 0x6F || c == 0x75 || c == 0x79
    }

    func vowel(at i: Int) -> Bool { Word.isVowel(letters[i]) }

    func ends(_ suffix: String) -> Bool {
        let s = Array(suffix.utf8)
        return letters.count >= s.count && Array(letters[(letters.count - s.count)...]) == s
    }

    mutating func replace(_ count: Int, with replacement: String) {
        letters.removeLast(count)
        letters.append(contentsOf: replacement.utf8)
    }

    /// Drops a leading apostrophe, marks consonant y's, and finds R1 and R2.
    mutating func prepare() {
        if letters.first == 0x27 { letters.removeFirst() }
        for i in letters.indices where letters[i] == UInt8(ascii: "y") && (i == 0 || vowel(at: i - 1)) {
            letters[i] = UInt8(ascii: "Y")
        }
        let text = String(decoding: letters, as: UTF8.self)
        if let prefix = ["gener", "commun", "arsen"].first(where: { text.hasPrefix($0) }) {
            r1 = prefix.count
        } else {
            r1 = region(after: 0)
        }
        r2 = region(after: r1)
    }

    /// The start of the region after the first non-vowel that follows a vowel, from `start`.
    func region(after start: Int) -> Int {
        var i = start + 1
        while i < letters.count {
            if !vowel(at: i) && vowel(at: i - 1) { return i + 1 }
            i += 1
        }
        return letters.count
    }

    func inR1(_ suffix: String) -> Bool { letters.count - suffix.utf8.count >= r1 }
    func inR2(_ suffix: String) -> Bool { letters.count - suffix.utf8.count >= r2 }

    /// A short syllable ends the word: consonant-vowel-consonant (not w, x, Y), or vowel-consonant at the start.
    var endsInShortSyllable: Bool {
        let n = letters.count
        if n == 2 { return vowel(at: 0) && !vowel(at: 1) }
        guard n >= 3 else { return false }
        let last = letters[n - 1]
        return !vowel(at: n - 3) && vowel(at: n - 2) && !vowel(at: n - 1)
            && last != UInt8(ascii: "w") && last != UInt8(ascii: "x") && last != UInt8(ascii: "Y")
    }

    var isShort: Bool { r1 >= letters.count && endsInShortSyllable }

    func hasVowel(before end: Int) -> Bool { (0..<max(0, end)).contains { vowel(at: $0) } }

    mutating func step0() {
        for suffix in ["'s'", "'s", "'"] where ends(suffix) {
            letters.removeLast(suffix.utf8.count)
            return
        }
    }

    mutating func step1a() {
        if ends("sses") {
            replace(4, with: "ss")
        } else if ends("ied") || ends("ies") {
            replace(3, with: letters.count > 4 ? "i" : "ie")
        } else if ends("us") || ends("ss") {
            return
        } else if ends("s"), hasVowel(before: letters.count - 2) {
            letters.removeLast()
        }
    }

    mutating func step1b() {
        for suffix in ["eedly", "eed"] where ends(suffix) {
            if inR1(suffix) { replace(suffix.utf8.count, with: "ee") }
            return
        }
        for suffix in ["ingly", "edly", "ing", "ed"] where ends(suffix) {
            let stemEnd = letters.count - suffix.utf8.count
            guard hasVowel(before: stemEnd) else { return }
            letters.removeLast(suffix.utf8.count)
            if ends("at") || ends("bl") || ends("iz") {
                letters.append(UInt8(ascii: "e"))
            } else if ["bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt"].contains(where: ends) {
                letters.removeLast()
            } else if isShort {
                letters.append(UInt8(ascii: "e"))
            }
            return
        }
    }

    mutating func step1c() {
        let n = letters.count
        guard n > 2, letters[n - 1] == UInt8(ascii: "y") || letters[n - 1] == UInt8(ascii: "Y"), !vowel(at: n - 2) else { return }
        letters[n - 1] = UInt8(ascii: "i")
    }

    private static let step2Rules: [(String, String)] = [
        ("ization", "ize"), ("ational", "ate"), ("fulness", "ful"), ("ousness", "ous"), ("iveness", "ive"),
        ("tional", "tion"), ("biliti", "ble"), ("lessli", "less"), ("entli", "ent"), ("ation", "ate"),
        ("alism", "al"), ("aliti", "al"), ("ousli", "ous"), ("iviti", "ive"), ("fulli", "ful"), ("enci", "ence"),
        ("anci", "ance"), ("abli", "able"), ("izer", "ize"), ("ator", "ate"), ("alli", "al"), ("bli", "ble"),
        ("ogi", "og"), ("li", ""),
    ]

    mutating func step2() {
        guard let (suffix, replacement) = Word.step2Rules.first(where: { ends($0.0) }) else { return }
        guard inR1(suffix) else { return }
        let before = letters.count - suffix.utf8.count - 1
        switch suffix {
        case "ogi":
            guard before >= 0, letters[before] == UInt8(ascii: "l") else { return }
        case "li":
            guard before >= 0, Array("cdeghkmnrt".utf8).contains(letters[before]) else { return }
        default: break
        }
        replace(suffix.utf8.count, with: replacement)
    }

    private static let step3Rules: [(String, String)] = [
        ("ational", "ate"), ("tional", "tion"), ("alize", "al"), ("icate", "ic"), ("iciti", "ic"),
        ("ative", ""), ("ical", "ic"), ("ness", ""), ("ful", ""),
    ]

    mutating func step3() {
        guard let (suffix, replacement) = Word.step3Rules.first(where: { ends($0.0) }) else { return }
        guard inR1(suffix) else { return }
        if suffix == "ative" && !inR2(suffix) { return }
        replace(suffix.utf8.count, with: replacement)
    }

    private static let step4Suffixes = [
        "ement", "ance", "ence", "able", "ible", "ment", "ant", "ent", "ism", "ate", "iti", "ous", "ive", "ize",
        "ion", "al", "er", "ic",
    ]

    mutating func step4() {
        guard let suffix = Word.step4Suffixes.first(where: ends) else { return }
        guard inR2(suffix) else { return }
        if suffix == "ion" {
            let before = letters.count - 4
            guard before >= 0, letters[before] == UInt8(ascii: "s") || letters[before] == UInt8(ascii: "t") else { return }
        }
        letters.removeLast(suffix.utf8.count)
    }

    mutating func step5() {
        if ends("e") {
            if inR2("e") {
                letters.removeLast()
            } else if inR1("e") {
                var rest = self
                rest.letters.removeLast()
                if !rest.endsInShortSyllable { letters.removeLast() }
            }
        } else if ends("ll"), inR2("l") {
            letters.removeLast()
        }
    }
}
