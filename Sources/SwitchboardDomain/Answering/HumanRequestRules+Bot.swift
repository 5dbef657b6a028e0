/// The rules about the bot itself: turning it down ("no bots please") and frustration with it
/// ("this bot is useless", "you're not helping").
extension HumanRequestRules {
    /// "no bots please", "I don't want to talk to a bot", "a person, not a bot", "tired of this robot".
    static func turnsDownTheBot(_ w: [String], at i: Int) -> Bool {
        guard V.bots.contains(w[i]) else { return false }
        var j = i - 1
        while j >= 0, botRefusalSkips.contains(w[j]) { j -= 1 }
        guard j >= 0 else { return false }
        switch w[j] {
        case "no": return j + 1 == i || w[j + 1] == "more"
        case "stop", "hate", "enough", "tired", "sick", "done", "than", "instead", "without", "over", "bored", "fed": return true
        case "want", "interested", "like", "need": return j > 0 && w[j - 1] == "not"
        case "not":
            // "a person, not a bot" asks; "I'm human, not a robot" and "I'm not a robot" describe the customer.
            if j == 0 || ["please", "prefer", "rather", "would", "want", "like"].contains(w[j - 1]) { return true }
            var k = j - 1
            while k >= 0, V.modifiers.contains(w[k]) || V.people.contains(w[k]) { k -= 1 }
            let describesSelf = k >= 0 && ["am", "are", "is", "was", "i", "you"].contains(w[k])
            return !describesSelf && w[(k + 1)..<j].contains(where: V.people.contains)
        default: return false
        }
    }

    /// "you're not helping", "you don't understand", "this is useless", "useless bot", "that's not what I asked".
    static func complainsAboutTheAnswers(_ w: [String], at i: Int) -> Bool {
        let word = w[i]
        func complaint(from start: Int) -> Bool {
            let j = skip(w, from: start, over: complaintDegrees)
            guard j < w.count else { return false }
            let negated = w[start..<j].contains("not") || w[start..<j].contains("no")
            if V.frustration.contains(w[j]) || ["repeating", "looping", "misunderstanding", "ignoring"].contains(w[j]) { return true }
            if negated, ["help", "helping", "helpful", "understanding", "listening", "answering", "use", "good", "what"].contains(w[j]) {
                return true
            }
            return false
        }
        if V.bots.contains(word), i > 0, V.frustration.contains(w[i - 1]) || (i > 1 && w[i - 1] == "chat" && V.frustration.contains(w[i - 2])) {
            return true
        }
        if V.bots.contains(word), i + 1 < w.count, V.frustration.contains(w[i + 1]) { return true }
        let isAssistant =
            word == "you" || V.bots.contains(word)
            || (["this", "that"].contains(word) && i + 1 < w.count && ["is", "was"].contains(w[i + 1]))
            || (V.answers.contains(word) && i > 0 && ["your", "these", "those", "the", "this", "that"].contains(w[i - 1]))
        guard isAssistant, !(word == "you" && i > 0 && ["are", "do", "can", "thank", "to", "for", "with", "if", "see"].contains(w[i - 1])) else {
            return false
        }
        // "you clearly don't get it": adverbs between the assistant and its failing.
        let next = skip(
            w,
            from: i + 1,
            over: ["clearly", "obviously", "really", "just", "simply", "still", "even", "totally", "completely", "always"]
        )

        guard next < w.count else { return false }
        if ["are", "is", "was", "were"].contains(w[next]) { return complaint(from: next + 1) }
        if ["do", "does", "did", "can", "could"].contains(w[next]), next + 2 < w.count, w[next + 1] == "not" {
            return ["help", "understand", "get", "listen", "answer", "read", "know"].contains(w[next + 2])
        }
        if ["keep", "keeps"].contains(w[next]) || ["misunderstanding", "misunderstand", "misunderstood"].contains(w[next]) { return true }
        return false
    }

    /// "are you a bot? useless": the customer addresses the bot somewhere in the message.
    static func mentionsTheBot(_ sentences: [[String]]) -> Bool {
        sentences.contains { w in
            w.indices.contains { i in
                V.bots.contains(w[i]) && w[max(0, i - 3)..<i].contains { ["you", "this", "a", "the", "stupid"].contains($0) }
                    && !describesTheCustomer(w, bot: i)
            } || w.starts(with: ["are", "you", "even"]) || w.starts(with: ["are", "you", "a"])
        }
    }

    /// "I'm not a robot", "I am a human, not a bot": the customer says what they are.
    static func describesTheCustomer(_ w: [String], bot i: Int) -> Bool {
        var j = i - 1
        while j >= 0, ["not", "a", "an", "just", "human", "real", "person", "only", "definitely"].contains(w[j]) { j -= 1 }
        return j >= 0 && w[j] == "am"
    }

    /// A message that only complains: "useless", "ugh, not helpful at all", "what a waste of time".
    static func isOnlyFrustration(_ w: [String]) -> Bool {
        guard w.count <= 8 else { return false }
        let complains = w.contains(where: V.frustration.contains) || (w.contains("not") && w.contains { ["helpful", "helping"].contains($0) })
        return complains && w.allSatisfy { frustrationFillers.contains($0) || V.frustration.contains($0) || ["helpful", "helping"].contains($0) }
    }
}
