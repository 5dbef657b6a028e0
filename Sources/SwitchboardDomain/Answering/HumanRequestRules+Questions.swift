/// The rules for questions and asks about people: whether anyone is there, where the promised
/// person is, who to talk to, being called back.
extension HumanRequestRules {
    /// "can I get a callback", "please arrange a call back", "book me a callback with an advisor".
    static func asksForACallback(_ w: [String], at i: Int) -> Bool {
        let isCallback =
            V.personalServices.contains(w[i])
            || (w[i] == "call" && i + 1 < w.count && w[i + 1] == "back" && i > 0 && ["a", "the", "quick"].contains(w[i - 1]))
            // "arrange a call from your senior person": a call that a person makes.
            || (["call", "ring"].contains(w[i]) && i > 0 && ["a", "the", "quick"].contains(w[i - 1]) && i + 1 < w.count
                && w[i + 1] == "from" && person(w, at: i + 2) != nil)
        guard isCallback else { return false }
        let before = w[max(0, i - 5)..<i]
        let obtaining: Set<String> = [
            "get", "book", "arrange", "schedule", "request", "want", "need", "like", "have", "organise", "organize", "give",
        ]
        guard let verb = before.lastIndex(where: obtaining.contains) else { return false }
        return !isNegated(w, before: verb)
    }

    /// "Who can I speak to?", "who do I talk to about this": asking which person to reach.
    static func asksWhoToTalkTo(_ w: [String], at i: Int) -> Bool {
        guard w[i] == "who", i + 3 < w.count, ["can", "could", "do", "should", "may"].contains(w[i + 1]), ["i", "we"].contains(w[i + 2])
        else { return false }
        // "who can I contact for invoices" asks for an address; "who can I speak to?" asks for a person.
        guard ["speak", "talk", "chat"].contains(w[i + 3]) else { return false }
        let rest = skip(w, from: i + 4, over: ["to", "with", "please", "now", "here", "then"])
        return rest == w.count
    }

    /// "If there's a human on the other end of this, please pick up."
    static func asksAnyoneThereToAnswer(_ w: [String], at i: Int) -> Bool {
        guard w[i] == "if", i + 2 < w.count, w[i + 1] == "there", ["is", "are"].contains(w[i + 2]),
            let phrase = person(w, at: i + 3), phrase.definite || V.pronouns.contains(w[phrase.end - 1])
        else { return false }
        return w[phrase.end...].contains("please")
    }

    /// "call me back", "can you ring me on 555 0183", "please contact me": only a person can.
    static func asksToBeCalled(_ w: [String], at i: Int) -> Bool {
        guard ["call", "ring", "phone", "contact"].contains(w[i]), i + 1 < w.count, ["me", "us"].contains(w[i + 1]) else { return false }
        let before = Array(w[..<i].suffix(3).filter { !["please", "just", "kindly"].contains($0) })
        guard
            before.isEmpty || before == ["you"] && i >= 2 && ["can", "could", "will", "would"].contains(w[i - 2])
                || before.last == "you"
                    && before.dropLast().last.map({ ["can", "could", "will", "would"].contains($0) }) == true
        else { return false }
        let next = i + 2
        return next >= w.count
            || ["back", "on", "at", "asap", "now", "please", "today", "tomorrow", "urgently", "when", "about", "and", "i"].contains(w[next])

            || w[next].first?.isNumber == true
    }

    /// "is there a human I can talk to", "are there any agents online", "anyone there?", "hello anyone".
    static func asksIfAnyoneIsThere(_ w: [String], at i: Int) -> Bool {
        guard i + 1 < w.count, ["is", "are", "does", "do"].contains(w[i]) else { return false }
        let afterThere = w[i + 1] == "there" ? i + 2 : i + 1
        guard let phrase = person(w, at: afterThere) else { return false }
        let end = extended(w, phrase.end)
        // "is anyone real there", "does anyone real work here": whether a person is behind the chat at all.
        if V.pronouns.contains(w[phrase.end - 1]), end < w.count, ["real", "human", "alive"].contains(w[end]) { return true }
        guard ["is", "are"].contains(w[i]) else { return false }
        if afterThere == i + 1 {
            // "is anyone there", "is someone from sales available": only pronouns, and a place word after.
            guard V.pronouns.contains(w[afterThere]) else { return false }
            return end < w.count && places.contains(w[end])
        }
        guard end < w.count else { return true }
        let next = w[end]
        if places.contains(next) { return true }
        // "are there people on the tour…" asks about the tour: vague people need a place word.
        guard phrase.definite || V.pronouns.contains(w[phrase.end - 1]) else { return false }
        if ["working", "behind", "please", "at", "on"].contains(next) { return true }
        if ["i", "we"].contains(next) {
            // "a human I can talk to", not "a person I should address the letter to".
            let verb = skip(w, from: end + 1, over: ["can", "could", "may", "might", "would", "please"])
            return verb > end + 1 && (isHelpVerb(w, at: verb) || (verb < w.count && w[verb] == "ask"))
        }
        return endsAsARequest(w, after: end, definite: false) && ["to", "who", "that"].contains(next)
    }

    /// "where is the human?", "where are the agents": the customer looks for the person promised.
    static func asksWhereThePersonIs(_ w: [String], at i: Int) -> Bool {
        guard w[i] == "where", i + 2 < w.count, ["is", "are"].contains(w[i + 1]),
            let phrase = person(w, at: i + 2), phrase.definite || V.pronouns.contains(w[phrase.end - 1])
        else { return false }
        return phrase.end == w.count || ["please", "now", "i", "then", "already"].contains(w[phrase.end])
    }

    /// "a job for a human", "this one is for a real person".
    static func saysItNeedsAPerson(_ w: [String], at i: Int) -> Bool {
        guard w[i] == "for", i > 0, ["job", "task", "matter", "case", "one", "question"].contains(w[i - 1]),
            let phrase = person(w, at: i + 1), phrase.definite
        else { return false }
        return true
    }

    /// "I'd rather explain this to a person", "I want to give them to a real staff member": wanting to
    /// tell or hand something to someone who is plainly human (a real one, a person) asks for them.
    static func prefersToTellAPerson(_ w: [String], at i: Int) -> Bool {
        guard ["want", "rather", "prefer", "like"].contains(w[i]), w[i] != "like" || (i > 0 && w[i - 1] == "would"),
            !isNegated(w, before: i), i + 2 < w.count
        else { return false }
        let verb = w[i + 1] == "to" ? i + 2 : i + 1
        guard verb < w.count, ["give", "tell", "explain", "show", "send", "hand", "describe", "discuss", "say"].contains(w[verb]) else {
            return false
        }
        for to in (verb + 1)..<min(w.count, verb + 6) where w[to] == "to" {
            guard let phrase = person(w, at: to + 1), phrase.definite else { continue }
            let named = w[(to + 1)..<phrase.end]
            if named.contains(where: { ["real", "actual", "live", "human", "proper", "person", "living"].contains($0) }) { return true }
        }
        return false
    }
}
