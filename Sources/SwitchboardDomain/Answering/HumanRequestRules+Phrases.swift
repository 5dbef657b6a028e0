/// Helpers for reading the phrases around a person: what narrows them, what negates a request.
extension HumanRequestRules {
    /// A word that may narrow a team or role by its duty ("account manager", "returns team"):
    /// anything but a word the rules give a meaning of its own, and not a possessive.
    static func narrowsARole(_ word: String) -> Bool {
        !possessives.contains(word) && (!V.isKnown(word) || V.compounds.contains(word))
    }

    /// The end of a person phrase with what narrows it: "someone from customer care", "a person in billing".
    static func extended(_ w: [String], _ end: Int) -> Int {
        var end = end
        while end + 1 < w.count, ["from", "in", "at", "on"].contains(w[end]), let inner = person(w, at: end + 1) { end = inner.end }
        return end
    }

    /// Past a department named by words the rules do not know: "somebody from technical", "someone
    /// in the returns section" (never a possessive: "someone in my family" is not the organisation's).
    static func department(_ w: [String], after end: Int) -> Int {
        guard end < w.count, ["from", "in", "at"].contains(w[end]) else { return end }
        var j = end + 1
        while j < w.count, j <= end + 3, !possessives.contains(w[j]), !isHelpVerb(w, at: j), !personActsSkips.contains(w[j]),
            !V.isKnown(w[j]) || V.modifiers.contains(w[j])
        {
            j += 1
        }
        // Only when the person is then asked to act: "… from technical please contact me", not "the agents at the airport check-in".
        return j > end + 1 && j < w.count && personActsSkips.contains(w[j]) ? j : end
    }

    /// Whether the verb at `verb` is done to the customer: "call me", "email or call me", "give me a ring".
    static func reachesTheCustomer(_ w: [String], after verb: Int) -> Bool {
        let customer: Set<String> = ["me", "us"]
        guard verb + 1 < w.count else { return false }
        if customer.contains(w[verb + 1]) { return true }
        return verb + 3 < w.count && ["or", "and"].contains(w[verb + 1]) && V.helpVerbs.contains(w[verb + 2]) && customer.contains(w[verb + 3])
    }

    /// "how do I escalate", "can you explain what escalate means": a question about the word, not a request.
    static func isAskedAbout(_ w: [String], before i: Int) -> Bool {
        w[max(0, i - 4)..<i].contains { ["how", "what", "when", "why", "whether", "if"].contains($0) }
    }

    /// Skips words that add nothing between a verb and what it reaches.
    static func skip(_ w: [String], from i: Int, over words: Set<String>) -> Int {
        var j = i
        while j < w.count, words.contains(w[j]) { j += 1 }
        return j
    }

    /// Whether the request is negated: "I don't need to talk to anyone", "I'd rather not", "no need to".
    /// "can't" is not: "why can't I talk to a human" still asks.
    static func isNegated(_ w: [String], before i: Int) -> Bool {
        for j in stride(from: i - 1, through: max(0, i - 4), by: -1) {
            if w[j] == "never" { return true }
            if w[j] == "not", j > 0, ["do", "does", "did", "would", "will", "should", "rather", "need"].contains(w[j - 1]) { return true }
            if w[j] == "no", j + 1 < w.count, w[j + 1] == "need" { return true }
        }
        return false
    }

    /// "do I have to talk to anyone to cancel?" asks about a procedure, not for a person.
    static func asksWhetherItIsNeeded(_ w: [String], before i: Int) -> Bool {
        let window = w[max(0, i - 5)..<i]
        return window.contains { ["do", "does", "will", "must", "would"].contains($0) } && window.contains { ["i", "we"].contains($0) }
            && window.contains { ["have", "need", "got"].contains($0) } && window.last == "to"
    }

    /// "Who can I speak to about a refund? Put me in touch with them.": once the message has named a
    /// person or asked who, "them" (or "one of them", "put one on") where the customer asks to be
    /// put somewhere stands for that person.
    static func resolvingPronouns(_ sentences: [[String]]) -> [[String]] {
        let named = sentences.joined().contains { $0 == "who" || V.people.contains($0) || V.vaguePeople.contains($0) || V.isRole($0) }
        guard named else { return sentences }
        return sentences.map { w in
            var out = w
            // Where the customer first asks to be moved ("put me", "connect us"): pronouns after it count.
            let customer = w.firstIndex { ["me", "us"].contains($0) } ?? w.endIndex
            for i in w.indices.dropFirst() {
                if ["them", "him", "her"].contains(w[i]), customer < i,
                    ["to", "with"].contains(w[i - 1]) || (w[i - 1] == "of" && i > 1 && w[i - 2] == "one")
                {
                    out[i] = "someone"
                }
                // "please put one on": the person just named.
                if w[i] == "one", w[i - 1] == "put", i + 1 < w.count, w[i + 1] == "on" { out[i] = "someone" }
            }
            return out
        }
    }

    /// A person called on by name after asking for help: "help me human", "please assist me agent".
    static func callsOnAPerson(_ w: [String]) -> Bool {
        guard w.count <= 6, let last = w.last, V.people.contains(last), let verb = w.firstIndex(where: { ["help", "assist"].contains($0) }),
            verb + 1 < w.count - 1, ["me", "us"].contains(w[verb + 1])
        else { return false }
        return w[..<verb].allSatisfy(V.politeness.contains)
            && w[(verb + 2)..<(w.count - 1)].allSatisfy { V.politeness.contains($0) || V.modifiers.contains($0) }
    }
}
