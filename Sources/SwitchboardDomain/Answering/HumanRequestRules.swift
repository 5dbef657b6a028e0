/// Rules about the language of asking for a person, applied sentence by sentence: a verb of
/// connecting, talking or wanting that reaches a person; a person as the subject of a request
/// ("can someone call me"); a question whether anyone is there; turning down the bot; and
/// frustration with it. Mentions of people that are not requests fail every rule because the
/// person is possessed ("my manager"), a thing ("agent course"), reported ("I spoke to an agent")
/// or declined ("I don't need a person").
enum HumanRequestRules {
    typealias V = HumanRequestVocabulary

    static func isRequest(_ text: String) -> Bool {
        let sentences = resolvingPronouns(HumanRequestText.sentences(text).map(joinNames))
        let words = sentences.flatMap { $0 }
        guard !words.isEmpty else { return false }
        if isOnlyAPerson(words) || isOnlyFrustration(words) || sentences.contains(where: { isOnlyAPerson($0) || callsOnAPerson($0) }) {
            return true
        }
        // "Operator please, this is urgent": a comma clause that only names a person and asks politely.
        // "… fix this, call me": asking to be called starts a clause.
        let clauses = text.contains(",") ? HumanRequestText.clauses(text) : sentences
        if clauses.contains(where: { isOnlyAPerson($0) && $0.contains { ["please", "now", "asap"].contains($0) } }) { return true }
        if clauses.contains(where: { clause in clause.indices.contains { asksToBeCalled(clause, at: $0) } }) { return true }
        if sentences.contains(where: requestsInSentence) { return true }
        return mentionsTheBot(sentences) && words.contains(where: V.frustration.contains)
    }

    static func requestsInSentence(_ w: [String]) -> Bool {
        w.indices.contains { i in
            connects(w, at: i) || talksTo(w, at: i) || wants(w, at: i) || personActs(w, at: i) || asksIfAnyoneIsThere(w, at: i)
                || asksWhereThePersonIs(w, at: i) || saysItNeedsAPerson(w, at: i)
                || turnsDownTheBot(w, at: i) || complainsAboutTheAnswers(w, at: i) || asksForACallback(w, at: i)
                || asksWhoToTalkTo(w, at: i) || asksAnyoneThereToAnswer(w, at: i) || prefersToTellAPerson(w, at: i)
        }
    }

    /// "customer service" and "help desk" are one name.
    static func joinNames(_ w: [String]) -> [String] {
        var out: [String] = []
        for word in w {
            if let last = out.last {
                if last == "customer", ["service", "support", "care"].contains(word) {
                    out[out.count - 1] = "customerservice"
                    continue
                }
                if last == "help", word == "desk" {
                    out[out.count - 1] = "helpdesk"
                    continue
                }
                if last == "human", word == "being" { continue }
                if last == "live", word == "chat" {
                    out[out.count - 1] = "livechat"
                    continue
                }
            }
            out.append(word)
        }
        return out
    }

    // MARK: Noun phrases

    /// A noun phrase naming a person that starts at `i`: its end (exclusive) and whether its head
    /// names a person outright ("an agent") or only in a request frame ("someone", "the team").
    static func person(_ w: [String], at i: Int) -> (end: Int, definite: Bool)? {
        guard i < w.count else { return nil }
        // "my manager" is the customer's own; "my account manager", "my course tutor" is the organisation's.
        if w[i] == "my", i + 2 < w.count, narrowsARole(w[i + 1]), V.roleHeads.contains(w[i + 2]) { return person(w, at: i + 1) }
        if i > 0, possessives.contains(w[i - 1]) {
            guard w[i - 1] == "my", i + 1 < w.count, narrowsARole(w[i]), V.roleHeads.contains(w[i + 1]) else { return nil }
        }
        var j = i
        var head = -1
        var definite = false
        while j < w.count, j < i + 7 {
            let word = w[j]
            // "a real one" is a person; "returns team", "accounts department" name people by what they do.
            if V.people.contains(word) {
                head = j
                definite = true
            } else if V.vaguePeople.contains(word) || V.isRole(word) {
                head = j
            }
            // "a Hindi speaking agent", "the claims handler", "the site engineer": a word narrowing the person.
            // "your data protection officer": two such words.
            else if j + 1 < w.count, !V.isKnown(word), !possessives.contains(word),
                w[j + 1] == "speaking" || V.isRole(w[j + 1]) || (j + 2 < w.count && !V.isKnown(w[j + 1]) && V.isRole(w[j + 2]))
            {
            } else if word == "one", j > i, ["real", "live", "actual", "human"].contains(w[j - 1]) {
                head = j
                definite = true
            } else if V.modifiers.contains(word) {
            } else if j + 1 < w.count, V.collectiveHeads.contains(w[j + 1]) || V.roleHeads.contains(w[j + 1]), narrowsARole(word) {
            } else {
                break
            }
            j += 1
        }
        guard head >= 0 else { return nil }
        // "staff email" is a thing, "staff email me" and "someone phone her" a person doing something.
        if head + 1 < w.count, V.compounds.contains(w[head + 1]),
            !(head + 2 < w.count && ["me", "us", "her", "him", "them"].contains(w[head + 2])), !reachesTheCustomer(w, after: head + 1)
        {
            return nil
        }
        return (head + 1, definite)
    }

    /// Whether a person phrase is followed by something that makes it a request when the phrase
    /// alone is vague: the end, "please", "from support", "to help me", "who can help".
    static func endsAsARequest(_ w: [String], after end: Int, definite: Bool) -> Bool {
        let next = skip(w, from: end, over: fillers)
        guard next < w.count else { return true }
        switch w[next] {
        case "to":
            // "a real person to review my application", "an agent to rebook me": only a definite person
            // does other things for the customer as a request.
            return isHelpVerb(w, at: next + 1)
                || (definite && next + 1 < w.count && (w[next + 1] == "review" || (next + 2 < w.count && ["me", "us"].contains(w[next + 2]))))
        case "who", "that":
            let verb = skip(w, from: next + 1, over: ["can", "could", "will", "would", "is", "actually", "really", "knows", "know"])
            return isHelpVerb(w, at: verb) || (verb < w.count && ["what", "how"].contains(w[verb]))
        case "from", "on", "in", "here", "there", "not", "instead", "rather", "for", "asap", "help", "assistance", "support", "and", "but",
            "as", "because", "about", "thanks", "thank", "i", "my", "this", "it", "so", "or", "than":
            return true
        default:
            // "have a human look at this" or, when the phrase is definite, anything but a use of a person.
            return isHelpVerb(w, at: next) || (definite && w[next] != "to")
        }
    }

    /// A verb of helping the customer; "join" only when it joins this chat ("can anybody join the webinar" does not).
    static func isHelpVerb(_ w: [String], at i: Int) -> Bool {
        // "give me a ring", "give her a call": calling, said the British way.
        if i + 3 < w.count, w[i] == "give", ["me", "us", "her", "him", "them"].contains(w[i + 1]), w[i + 2] == "a",
            ["ring", "call", "bell", "buzz"].contains(w[i + 3])
        {
            return true
        }
        guard i < w.count, V.helpVerbs.contains(w[i]) else { return false }
        let next = skip(w, from: i + 1, over: ["the", "this", "in", "please", "my"])
        switch w[i] {
        case "join": return next < w.count && ["me", "us", "chat", "conversation"].contains(w[next])
        // "fix this" is the customer's problem; "fix my bike" is a service.
        case "fix":
            let object = skip(w, from: i + 1, over: ["the", "my", "please"])
            return object < w.count && ["this", "it", "that", "problem", "issue", "mess", "account"].contains(w[object])
        default: return true
        }
    }

    // MARK: Frames

    /// "connect me", "transfer me to billing", "put me through", "escalate this", "hand me over",
    /// "loop in a human", "get me someone".
    static func connects(_ w: [String], at i: Int) -> Bool {
        // "would you mind connecting me", "any chance of transferring me": the gerund asks as the verb does.
        if let base = gerunds[w[i]], i > 0, ["mind", "try", "about", "of", "appreciate", "consider", "recommend"].contains(w[i - 1]) {
            var plain = w
            plain[i] = base
            return connectsActively(plain, at: i)
        }
        // "I want to be transferred", "can I be connected to someone": the customer is the object.
        let participles = [
            "transferred": "transfer", "connected": "connect", "redirected": "redirect", "forwarded": "forward",
            "passed": "pass", "handed": "hand", "put": "put", "patched": "patch", "switched": "switch", "sent": "send",
        ]
        if let base = participles[w[i]], i > 0, ["be", "get", "being", "got"].contains(w[i - 1]) {
            var active = w
            active.replaceSubrange(i...i, with: [base, "me"])
            return connectsActively(active, at: i)
        }
        return connectsActively(w, at: i)
    }

    /// `connects` once a passive is turned active: never re-enters the passive rule ("be put" stays "put").
    private static func connectsActively(_ w: [String], at i: Int) -> Bool {
        let verb = w[i]
        guard connectingVerbs.contains(verb), !isNegated(w, before: i) else { return false }
        if verb == "escalated" {
            return i > 0 && ["this", "it", "be", "case", "issue", "complaint"].contains(w[i - 1])
        }
        // "page a supervisor": the noun ("this page") far more often, so only where a verb is asked for.
        if verb == "page", i > 0, !["please", "can", "could", "you", "just", "to", "and"].contains(w[i - 1]) { return false }
        // "escalate to tier 2", "please escalate this to your complaints people": escalating is to people.
        if verb == "escalate", !isAskedAbout(w, before: i) {
            let to = skip(w, from: conversationObject(w, at: i + 1) ?? i + 1, over: ["please", "it", "this", "up"])
            if to < w.count, w[to] == "to" { return true }
        }
        var j = skip(w, from: i + 1, over: ["please", "just"])
        let objectStart = j
        j = conversationObject(w, at: j) ?? j
        let hasObject = j > objectStart
        let isMe = hasObject && ["me", "us"].contains(w[objectStart])
        j = skip(w, from: j, over: ["through", "over", "off", "on", "across", "along", "back", "in", "up", "now", "please", "directly", "right"])
        let particle = j > (hasObject ? objectStart + 1 : objectStart)
        if j < w.count, ["to", "with", "onto", "into", "at", "for"].contains(w[j]) || (w[j] == "in" && verb != "get") {
            let target = skip(w, from: j + 1, over: ["touch", "with", "to"])
            if person(w, at: target) != nil { return verb != "get" || isMe }
        }
        // Without a preposition, as many customers write it: "connect me your agent", "connect agent".
        if ["connect", "transfer", "redirect", "route", "forward", "patch", "switch", "escalate", "page"].contains(verb),
            !hasObject || isMe, let phrase = person(w, at: j), phrase.definite
        {
            return true
        }
        if ["loop", "bring", "get", "put"].contains(verb), !hasObject || isMe, let phrase = person(w, at: j) {
            if verb == "get", isMe { return true }
            if ["loop", "bring"].contains(verb), w[i + 1..<j].contains("in") { return true }
            let after = skip(w, from: phrase.end, over: fillers)
            return after < w.count && ["in", "on", "into", "here", "to"].contains(w[after])
                && (w[after] != "to" || (after + 1 < w.count && V.helpVerbs.contains(w[after + 1])))
        }
        // Said without a target: "transfer me", "put me through", "escalate this", "hand me over".
        let ends = j >= w.count || ["please", "thanks", "thank", "asap", "now", "and", "but", "so", "i", "because"].contains(w[j])
        // "escalate pls", "please escalate": the imperative needs no object.
        if ends, verb == "escalate", !hasObject, i == 0 || ["please", "you", "to", "and", "can", "could"].contains(w[i - 1]) { return true }
        guard ends, hasObject else { return false }
        switch verb {
        case "connect", "transfer": return isMe
        case "escalate": return true
        case "put", "patch": return isMe && w[objectStart + 1..<j].contains("through")
        case "pass", "hand": return particle
        default: return false
        }
    }

    /// What a connecting verb may move: the customer, or this chat or case. End of it, or nil.
    static func conversationObject(_ w: [String], at i: Int) -> Int? {
        guard i < w.count else { return nil }
        if ["me", "us", "this", "it"].contains(w[i]) {
            return i + 1 < w.count && conversationThings.contains(w[i + 1]) ? i + 2 : i + 1
        }
        if ["my", "the", "this"].contains(w[i]), i + 1 < w.count, conversationThings.contains(w[i + 1]) { return i + 2 }
        return nil
    }

    /// "talk to a person", "speak with someone", "get in touch with your team", "contact support".
    static func talksTo(_ w: [String], at i: Int) -> Bool {
        var verb = w[i]
        // "I prefer speaking to someone", "interested in talking to a person"; "I was speaking to an agent" reports.
        if verb.hasSuffix("ing"), i > 0,
            ["prefer", "rather", "like", "love", "enjoy", "in", "try", "mind", "appreciate", "about"].contains(w[i - 1])
                // "any chance of talking to an agent", "is there a way of speaking to someone".
                || (w[i - 1] == "of" && i > 1 && ["chance", "possibility", "way", "option", "hope"].contains(w[i - 2]))
                // "I'd feel better talking to a human".
                || w[i - 1] == "better"
        {

            let stem = String(verb.dropLast(3))
            verb = stem.hasSuffix("tt") ? String(stem.dropLast()) : stem
        }
        guard V.talkVerbs.contains(verb), !isNegated(w, before: i) else { return false }
        if verb == "through" && !(i > 0 && ["get", "put", "me"].contains(w[i - 1])) { return false }
        if verb == "touch" || verb == "hold", !(i > 0 && ["in", "get", "a"].contains(w[i - 1])) { return false }
        if verb == "word", !(i > 0 && w[i - 1] == "a") { return false }
        if asksWhetherItIsNeeded(w, before: i) { return false }
        // "is there a fee to speak to a pharmacist": asks what it costs, not for the pharmacist.
        if i > 1, w[i - 1] == "to", ["fee", "cost", "costs", "charge", "price", "free", "pay", "extra"].contains(w[i - 2]) { return false }
        // "a chat with", "the contact person": a noun asks only after "have", "want" and the like ("I had a chat" reports).
        if i > 0, ["a", "an", "the", "your", "quick"].contains(w[i - 1]),
            !(i > 1 && ["have", "get", "want", "like", "need", "for", "request", "quick", "a"].contains(w[i - 2]))
        {
            return false
        }
        // "talk in person" is no request; only the words between decide, the target must be a person.
        var j = i + 1
        while j < w.count, talkObjectWords.contains(w[j]), w[j] != "person" { j += 1 }
        guard let phrase = person(w, at: j) else { return false }
        // "I talk to people all day" tells; "can I talk to someone" and "I talk to agent" (a definite person) ask.
        if !phrase.definite, i > 0, ["i", "we", "they", "he", "she"].contains(w[i - 1]),
            i < 2 || !(modals.contains(w[i - 2]) || ["let", "and", "so", "then"].contains(w[i - 2]))
        {
            return false
        }
        // "talk to" a vague person needs the preposition or a definite verb of reaching.
        return phrase.definite || j > i + 1 || ["reach", "contact", "consult"].contains(verb)
    }

    /// "I want a human", "I need someone to look at this", "can I get a person", "give me an agent".
    static func wants(_ w: [String], at i: Int) -> Bool {
        // "any chance of getting a real person": the gerund asks as "get" does.
        let verb = w[i] == "getting" && i > 0 && ["of", "about"].contains(w[i - 1]) ? "get" : w[i]
        guard V.wantVerbs.contains(verb), !isNegated(w, before: i) else { return false }
        switch verb {
        case "like": guard i > 0, w[i - 1] == "would" else { return false }
        case "get", "have":
            guard i == 0 || ["i", "we", "rather", "to", "and", "just", "please", "now", "so", "then", "of", "about"].contains(w[i - 1])
            else { return false }
        case "give": guard i + 1 < w.count, w[i + 1] == "me" else { return false }
        case "for":
            // "looking for a person", "please arrange for someone to ring me", "is it possible for a human to review this".
            guard i > 0,
                ["looking", "asking", "ask", "asked", "searching", "waiting", "arrange", "organise", "organize", "possible"]
                    .contains(w[i - 1])
            else { return false }
        default: break
        }
        let j = skip(w, from: i + 1, over: ["please", "just", "me", "have"])
        // "can I get a callback", "please arrange a call back": only a person gives one.
        let service = skip(w, from: j, over: ["a", "an", "quick", "phone"])
        if service < w.count,
            V.personalServices.contains(w[service])
                || (w[service] == "call" && service + 1 < w.count && w[service + 1] == "back")
        {
            return true
        }
        // "possible for a human to review my claim": only a person doing something for the customer, not "a person under 18 to rent".
        if verb == "for", w[i - 1] == "possible" {
            guard let phrase = person(w, at: j), phrase.end + 1 < w.count, w[phrase.end] == "to" else { return false }
            // A vague one ("a sales consultant") only when they would do something to the customer.
            guard phrase.definite || reachesTheCustomer(w, after: phrase.end + 1) else { return false }
            return isHelpVerb(w, at: phrase.end + 1) || w[phrase.end + 1] == "review"
        }
        // "some help from a human", "a call back from an agent".
        for k in j..<min(w.count, j + 4) where V.helpNouns.contains(w[k]) {
            let from = skip(w, from: k + 1, over: ["back", "please"])
            if from < w.count, ["from", "of", "by"].contains(w[from]), person(w, at: from + 1) != nil { return true }
        }
        guard let phrase = person(w, at: j) else { return false }
        return endsAsARequest(w, after: phrase.end, definite: phrase.definite)
    }

    /// "can someone call me", "could an agent look at this", "somebody help me", "a human should check this".
    static func personActs(_ w: [String], at i: Int) -> Bool {
        guard V.people.contains(w[i]) || V.pronouns.contains(w[i]) || V.modifiers.contains(w[i]) || w[i] == "my",
            i == 0 || !V.modifiers.contains(w[i - 1]) && !V.people.contains(w[i - 1]),
            // After a preposition the person is an object: "talk to anyone, just tell me".
            i == 0 || !["to", "with", "for", "at", "from", "of", "about", "by"].contains(w[i - 1]),
            let phrase = person(w, at: i)
        else { return false }
        var verb = skip(w, from: department(w, after: extended(w, phrase.end)), over: personActsSkips)
        // "someone who works there answer", "someone who can call me back": look past the relative clause.
        if verb < w.count, ["who", "that"].contains(w[verb]),
            let helped = (verb + 1..<min(w.count, verb + 6)).first(where: { isHelpVerb(w, at: $0) })
        {
            verb = helped
        }
        guard isHelpVerb(w, at: verb), !isNegated(w, before: verb) else { return false }
        // Doing something to the customer ("a person help me", "if someone could ring me") asks whatever came before,
        // unless it is reported ("did someone call me?").
        if reachesTheCustomer(w, after: verb),
            !w[max(0, i - 3)..<i].contains(where: { ["did", "does", "has", "have", "had", "who", "why", "when"].contains($0) })
        {
            return true
        }
        // "I'd appreciate it if a person could look at this": a courteous condition asks as a modal does.
        if asksCourteously(w, ifAt: i - 1), verb > phrase.end, w[phrase.end..<verb].contains(where: modals.contains) { return true }
        // Otherwise after a modal, a greeting, or a causative verb ("have someone look at this").
        guard i == 0 || modals.contains(w[i - 1]) || ["hello", "hi", "hey", "so", "ok", "okay", "have", "get", "let"].contains(w[i - 1]) else {
            return false
        }
        // "how can someone check…" asks how a thing is done, not for someone.
        return !w[max(0, i - 3)..<i].contains(where: { ["how", "where", "when", "why", "what", "if", "who", "whether"].contains($0) })
    }

    /// "I'd appreciate it if", "it would be great if", "I'd be grateful if": a wish put as a condition.
    static func asksCourteously(_ w: [String], ifAt i: Int) -> Bool {
        guard i > 0, w[i] == "if" else { return false }
        return w[max(0, i - 5)..<i].contains { courtesies.contains($0) }
    }

    /// A message that only names a person, with greetings and politeness: "agent please", "real person!!", "anyone there?".
    static func isOnlyAPerson(_ w: [String]) -> Bool {
        guard w.count <= 8 else { return false }
        var named = false
        var definite = false
        for (i, word) in w.enumerated() {
            if V.people.contains(word) || V.pronouns.contains(word) || ["support", "team", "livechat", "people"].contains(word) {
                if i + 1 < w.count, V.compounds.contains(w[i + 1]) { return false }
                named = true
                definite = definite || V.people.contains(word) || V.pronouns.contains(word)
            } else if !V.politeness.contains(word), !V.modifiers.contains(word), !V.vaguePeople.contains(word) {
                return false
            }
        }
        return named && (definite || w.contains("please"))
    }
}
