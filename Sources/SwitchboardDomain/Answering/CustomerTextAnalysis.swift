import Foundation

/// Contact details a customer typed into the chat; nil where none was found.
public struct ContactDetails: Sendable, Equatable, Codable {
    /// Lower-cased.
    public var email: String?
    /// As typed, with runs of spaces collapsed.
    public var phone: String?
    /// Each word capitalised.
    public var name: String?

    public init(email: String? = nil, phone: String? = nil, name: String? = nil) {
        self.email = email
        self.phone = phone
        self.name = name
    }

    public var isEmpty: Bool { email == nil && phone == nil && name == nil }
}

/// Plain-text rules for customer messages: does the customer ask for a person, and which contact
/// details did they give. No I/O and no interpretation of the text beyond matching words.
public enum CustomerTextAnalyzer {
    /// True when the message asks for a human ("can I talk to a real person", "agent please",
    /// "put me through to someone"), tolerating case and small typos. Mentions of people that are
    /// not requests ("I'm a travel agent", "does the agent course…", "when is live chat open?")
    /// are not.
    public static func isHumanRequest(_ text: String) -> Bool {
        let words = HumanRequestWords.canonical(text)
        guard !words.isEmpty else { return false }
        return HumanRequestWords.isShortRequest(words) || words.indices.contains { index in
            HumanRequestWords.verbReachesTarget(words, from: index)
                || HumanRequestWords.asksIfSomeoneIsThere(words, at: index)
                || HumanRequestWords.refusesTheBot(words, at: index)
                || HumanRequestWords.asksToBeContacted(words, at: index)
        }
    }

    /// The first email address, phone number (7–15 digits; not dates, prices, order or card
    /// numbers) and self-introduced name ("my name is …", "name: …", "this is …", "I'm …").
    public static func extractContact(_ text: String) -> ContactDetails {
        let normalised = text.replacingOccurrences(of: "\u{2019}", with: "'")
        let emailMatches = normalised.matches(of: emailPattern)
        let email = emailMatches.first.map { String($0.output).lowercased() }
        var withoutEmails = normalised
        for match in emailMatches.reversed() {
            withoutEmails.replaceSubrange(match.range, with: " ")
        }
        return ContactDetails(email: email, phone: phone(in: withoutEmails), name: ContactName.find(in: normalised))
    }

    private static var emailPattern: Regex<Substring> {
        /[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}/
    }

    private static var phonePattern: Regex<Substring> { /\+?\(?\d[\d \t().\-]{5,}\d/ }

    private static func phone(in text: String) -> String? {
        for match in text.matches(of: phonePattern) {
            let candidate = String(match.output)
            let digits = candidate.filter { $0.isASCII && $0.isNumber }.count
            guard (7...15).contains(digits),
                  candidate.wholeMatch(of: /\d{1,4}[\-.\/ ]\d{1,2}[\-.\/ ]\d{2,4}/) == nil,  // a date
                  candidate.wholeMatch(of: /\d{1,3}(?:\.\d{1,3}){3}/) == nil,                 // an IP address
                  candidate.wholeMatch(of: /\d+\.\d{1,2}/) == nil                            // an amount
            else { continue }
            let before = text[..<match.range.lowerBound]
            let after = text[match.range.upperBound...]
            if let last = before.last, last.isLetter || last.isNumber || "#$£€¥".contains(last) { continue }
            if let symbol = before.last(where: { !$0.isWhitespace }), "#$£€¥".contains(symbol) { continue }
            // "order number 1234567", but not "order 12345, phone 555-0183".
            let previous = before.lowercased().split(whereSeparator: \.isWhitespace).suffix(2)
            if previous.contains(where: { referenceWords.contains(Substring($0.filter(\.isLetter))) }) { continue }
            let next = after.lowercased().split(whereSeparator: { !$0.isLetter }).first.map(String.init)
            if let next, currencyWords.contains(next) { continue }
            return candidate.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        return nil
    }

    private static let referenceWords: Set<Substring> = [
        "order", "invoice", "ref", "reference", "booking", "ticket", "account", "id", "transaction",
        "tracking", "confirmation", "receipt", "po", "serial", "card", "voucher", "code",
    ]
    private static let currencyWords: Set<String> = ["dollars", "usd", "eur", "euros", "pounds", "gbp", "cents"]
}

/// The word rules behind `CustomerTextAnalyzer.isHumanRequest`.
enum HumanRequestWords {
    /// People the customer may ask for; "team", "someone" and trades only after "talk to" and the like.
    static let people: Set<String> = [
        "person", "human", "agent", "representative", "rep", "operator", "staff", "employee", "advisor",
        "adviser", "manager", "supervisor", "people",
    ]
    static let others: Set<String> = [
        "someone", "somebody", "anyone", "anybody", "team", "support", "sales", "mechanic", "technician",
        "specialist", "expert", "consultant", "colleague", "owner",
    ]
    /// Words after which a person word is a thing, not a person ("agent course", "human resources").
    static let compounds: Set<String> = [
        "course", "courses", "program", "programme", "certificate", "certification", "licence", "license",
        "training", "class", "job", "role", "exam", "fee", "portal", "account", "resources", "rights", "error",
        "hours", "page", "number", "email", "address",
    ]
    static let talkVerbs: Set<String> = ["talk", "speak", "chat", "connect", "transfer", "escalate", "through"]
    static let wantVerbs: Set<String> = ["want", "need", "like", "prefer", "get", "request", "give"]
    /// May stand between a verb and the person asked for.
    static let between: Set<String> = [
        "to", "with", "a", "an", "the", "some", "any", "one", "of", "your", "you", "real", "live", "actual",
        "proper", "from", "please", "directly", "right", "now", "me", "in", "touch", "at", "on", "just",
        "customer", "service", "care", "sales", "support", "staff", "team", "member", "human",
    ]
    static let politeness: Set<String> = [
        "please", "pls", "plz", "now", "asap", "just", "hi", "hello", "hey", "ok", "okay", "a", "an", "the",
        "real", "live", "actual", "customer", "service", "care", "support", "chat", "team", "i", "want", "need",
    ]
    static let bots: Set<String> = ["bot", "robot", "chatbot", "machine", "computer", "ai", "automated"]
    /// Spelling variants and typos of the words above that edit distance does not catch.
    static let spellings: [String: String] = [
        "tlak": "talk", "takl": "talk", "tak": "talk", "humans": "human", "persons": "person", "agents": "agent",
        "reps": "rep", "dont": "don", "somone": "someone", "some1": "someone", "any1": "anyone",
    ]
    /// Long enough that one typo (two for long words) still means the same word.
    static let fuzzyTargets = ["person", "human", "agent", "representative", "operator", "someone", "somebody", "speak",
                               "connect", "transfer", "customer", "service", "support", "supervisor", "manager"]

    /// Lower-cased words with typos mapped to the word meant; "live chat" and the like become one word.
    static func canonical(_ text: String) -> [String] {
        let raw = text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        var words = raw.map { word -> String in
            if let known = spellings[word] { return known }
            guard word.count >= 4, !people.contains(word), !others.contains(word), !talkVerbs.contains(word) else { return word }
            return fuzzyTargets.first { target in
                target.count >= 5 && editDistance(word, target) <= (target.count >= 10 ? 2 : 1)
            } ?? word
        }
        // Phrases that name a way of reaching people.
        for (first, second) in [("live", "chat"), ("customer", "service"), ("customer", "support"), ("customer", "care")] {
            while let index = words.indices.dropLast().first(where: { words[$0] == first && words[$0 + 1] == second }) {
                words.replaceSubrange(index...index + 1, with: ["\(first) \(second)"])
            }
        }
        return words
    }

    static func isPerson(_ words: [String], _ index: Int, strongOnly: Bool) -> Bool {
        let word = words[index]
        let known = people.contains(word) || ["live chat", "customer service", "customer support", "customer care"].contains(word)
        guard known || (!strongOnly && others.contains(word)) else { return false }
        return index + 1 >= words.count || !compounds.contains(words[index + 1])
    }

    /// "talk to a real person", "put me through to someone", "I need a human".
    static func verbReachesTarget(_ words: [String], from index: Int) -> Bool {
        let word = words[index]
        let strongOnly: Bool
        if talkVerbs.contains(word) {
            // "through" counts only in "put me through".
            if word == "through", !(index >= 2 && words[index - 2] == "put") { return false }
            strongOnly = false
        } else if wantVerbs.contains(word) {
            strongOnly = true
        } else {
            return false
        }
        var next = index + 1
        while next < words.count, next <= index + 6 {
            if isPerson(words, next, strongOnly: strongOnly) { return true }
            guard between.contains(words[next]) else { return false }
            next += 1
        }
        return false
    }

    /// "is there a human around?", "is there anyone I can talk to".
    static func asksIfSomeoneIsThere(_ words: [String], at index: Int) -> Bool {
        guard index + 2 < words.count, ["is", "are"].contains(words[index]), words[index + 1] == "there" else { return false }
        var next = index + 2
        while next < words.count, ["a", "an", "any", "some", "real", "live", "actual"].contains(words[next]) { next += 1 }
        guard next < words.count, isPerson(words, next, strongOnly: false) else { return false }
        let after = words.dropFirst(next + 1).prefix(4)
        guard let following = after.first else { return true }
        if ["around", "available", "there", "here", "online", "i", "to", "please", "working", "in", "on"].contains(following) {
            return true
        }
        return ["who", "that"].contains(following) && after.contains { $0 == "help" || talkVerbs.contains($0) }
    }

    /// "a person, not a bot", "I don't want to talk to a robot".
    static func refusesTheBot(_ words: [String], at index: Int) -> Bool {
        guard bots.contains(words[index]) else { return false }
        var previous = index - 1
        let skippable: Set<String> = ["a", "an", "the", "this", "your", "to", "with", "talk", "speak", "chat", "want", "more", "t", "do"]
        while previous >= 0, skippable.contains(words[previous]) { previous -= 1 }
        guard previous >= 0 else { return false }
        let word = words[previous]
        return ["not", "no", "than", "stop", "don", "hate"].contains(word) || (word == "of" && previous > 0 && words[previous - 1] == "instead")
    }

    /// "could someone from your team call me", "call me back".
    static func asksToBeContacted(_ words: [String], at index: Int) -> Bool {
        guard ["call", "phone", "ring", "message", "email", "text", "contact"].contains(words[index]) else { return false }
        let rest = words.dropFirst(index + 1).prefix(3)
        guard rest.contains("me") else { return false }
        if ["call", "ring"].contains(words[index]), rest.first == "me", rest.dropFirst().first == "back" { return true }
        return words[max(0, index - 6)..<index].contains { people.contains($0) || ["someone", "somebody", "anyone", "team"].contains($0) }
    }

    /// A few words that only name a person: "agent please", "operator", "real person!".
    static func isShortRequest(_ words: [String]) -> Bool {
        guard words.count <= 5, words.indices.contains(where: { isPerson(words, $0, strongOnly: true) }) else { return false }
        return words.allSatisfy { people.contains($0) || politeness.contains($0) || $0.contains(" ") }
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
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

/// Names customers give for themselves: "my name is Sam", "name: Ana Lima", "this is Dana", "I'm Jo".
enum ContactName {
    static func find(in text: String) -> String? {
        // Strongest first; strict cues need capitalised words ("I'm looking…" is no name).
        let cues: [(String, Bool)] = [("my name is ", false), ("my name's ", false), ("name: ", false), ("this is ", true),
                                      ("i'm ", true), ("i am ", true), ("im ", true)]
        for (cue, strict) in cues {
            var searchStart = text.startIndex
            while let range = text.range(of: cue, options: .caseInsensitive, range: searchStart..<text.endIndex) {
                searchStart = range.upperBound
                // The cue must start a word: "aim " does not contain "im ".
                if range.lowerBound > text.startIndex, text[text.index(before: range.lowerBound)].isLetter { continue }
                if let name = name(after: range.upperBound, in: text, strict: strict) { return name }
            }
        }
        return nil
    }

    /// Up to three name-like words from `start`; nil when the first one is not name-like.
    static func name(after start: String.Index, in text: String, strict: Bool) -> String? {
        var words: [String] = []
        for token in text[start...].split(separator: " ", omittingEmptySubsequences: true).prefix(3) {
            let word = token.trimmingCharacters(in: CharacterSet(charactersIn: ".,!?;:)\"\n"))
            guard looksLikeName(word, strict: strict) else { break }
            words.append(word.prefix(1).uppercased() + word.dropFirst())
            // Punctuation after a word ends the name: "I'm Sam, and…".
            if word.count != token.count { break }
        }
        return words.isEmpty ? nil : words.joined(separator: " ")
    }

    static func looksLikeName(_ word: String, strict: Bool) -> Bool {
        guard let first = word.first, first.isLetter, word.count >= 2, word.count <= 30,
              word.allSatisfy({ $0.isLetter || $0 == "'" || $0 == "-" }) else { return false }
        if strict, !first.isUppercase { return false }
        let lower = word.lowercased()
        if notNames.contains(lower) { return false }
        return !(lower.count > 5 && (lower.hasSuffix("ing") || lower.hasSuffix("ed") || lower.hasSuffix("ly")))
    }

    /// Words that follow "I'm" or "my name is" without being a name.
    static let notNames: Set<String> = [
        "a", "an", "the", "and", "or", "but", "not", "no", "so", "very", "really", "just", "also", "still", "here",
        "there", "from", "in", "at", "on", "to", "for", "with", "of", "by", "about", "is", "was", "be", "i", "my",
        "sure", "unable", "able", "new", "sorry", "happy", "glad", "fine", "good", "ok", "okay", "great", "stuck",
        "back", "currently", "done", "ready", "available", "wrong", "right", "incorrect", "missing", "correct",
        "different", "same", "hi", "hello", "hey", "thanks", "thank", "please", "yes", "yeah", "nope", "student",
        "learner", "customer", "member", "teacher", "parent", "user", "owner", "interested", "confused",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "english", "american",
        "british", "canadian", "german", "french", "spanish", "australian", "indian", "it", "this", "that",
        "what", "how", "why", "who", "when", "where", "free", "busy", "late", "afraid", "trying", "having",
        "getting", "going", "looking", "wondering", "calling", "writing", "asking", "hoping", "thinking",
        "misspelled", "spelled", "spelt", "shown", "showing", "printed", "listed", "wrong", "too", "as", "all",
        "now", "again", "frustrated", "annoyed", "disappointed", "pleased", "unhappy", "upset", "worried",
    ]
}
