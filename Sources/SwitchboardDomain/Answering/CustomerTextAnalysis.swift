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
        HumanRequestRules.isRequest(text)
    }

    /// True for a short "yes" ("yes please", "sure", "ok go ahead", "yeah that would be great"),
    /// as a reply to the AI's offer of a person; anything with a "no" or "not" in it is not one.
    public static func isAgreement(_ text: String) -> Bool {
        let words = HumanRequestText.sentences(text).flatMap { $0 }
        guard let first = words.first, words.count <= 8, !words.contains(where: { ["no", "not", "nope", "nah", "never"].contains($0) }) else {
            return false
        }

        let yes: Set<String> = ["yes", "yeah", "yea", "yep", "yup", "y", "ya", "sure", "ok", "okay", "please", "definitely", "absolutely", "alright"]
        return yes.contains(first)
            || [["go", "ahead"], ["do", "it"], ["that", "would"], ["i", "would", "like"]].contains { words.starts(with: $0) }
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
                candidate.wholeMatch(of: /\d{1,3}(?:\.\d{1,3}){3}/) == nil,  // an IP address
                candidate.wholeMatch(of: /\d+\.\d{1,2}/) == nil  // an amount
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

/// Names customers give for themselves: "my name is Sam", "name: Ana Lima", "this is Dana", "I'm Jo".
enum ContactName {
    static func find(in text: String) -> String? {
        // Strongest first; strict cues need capitalised words ("I'm looking…" is no name).
        let cues: [(String, Bool)] = [
            ("my name is ", false), ("my name's ", false), ("name: ", false), ("this is ", true),
            ("i'm ", true), ("i am ", true), ("im ", true),
        ]
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
            word.allSatisfy({ $0.isLetter || $0 == "'" || $0 == "-" })
        else { return false }
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
