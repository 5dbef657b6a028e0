/// The word classes the human-request rules are written in.
enum HumanRequestVocabulary {
    /// Nouns that name someone who works for the organisation, as opposed to the bot.
    static let people: Set<String> = [
        "person", "human", "agent", "representative", "rep", "operator", "staff", "employee", "advisor", "adviser",
        "manager", "supervisor", "customerservice", "helpdesk", "individual",
    ]
    /// Nouns and pronouns that name people only in a request frame ("talk to someone", "I need the team").
    static let vaguePeople: Set<String> = [
        "someone", "somebody", "anyone", "anybody", "team", "support", "department", "people", "colleague", "specialist",
        "technician", "expert", "consultant", "owner", "boss", "sales", "billing", "livechat", "mechanic", "tutor", "instructor",
        "coach", "counsellor", "counselor", "accountant", "member", "guy", "whoever",
    ]
    /// Pronouns that stand for a person on their own ("anyone there?").
    static let pronouns: Set<String> = ["someone", "somebody", "anyone", "anybody"]
    /// Words that may stand inside a noun phrase naming a person: "one of your real, live support staff".
    static let modifiers: Set<String> = [
        "a", "an", "the", "some", "any", "one", "of", "your", "real", "live", "actual", "proper", "different", "another",
        "competent", "qualified", "knowledgeable", "senior", "experienced", "responsible", "customer", "service", "tech",
        "technical", "being", "in", "charge", "actually", "living", "breathing", "concerned", "relevant", "appropriate", "correct",
        "dedicated", "designated", "assigned", "speaking", "head", "site", "duty", "personal",
    ]
    /// Words after which a person word is a thing: "agent course", "human resources", "support hours".
    static let compounds: Set<String> = [
        "course", "program", "programme", "certificate", "certification", "licence", "license", "training", "class", "job",
        "role", "exam", "fee", "portal", "account", "resources", "rights", "error", "hours", "page", "number", "phone", "email",
        "address", "ticket", "anatomy", "nature", "position", "vacancy", "commission", "login", "app", "code", "id",
        "discount", "limit", "agency", "agencies", "plan", "price", "rate", "level", "tier", "package", "option", "line",
        "times", "else", "team's", "body", "size", "free", "included", "open", "closed",
    ]
    /// Things people do for a customer in a conversation: "can someone call me", "an agent should look at this".
    static let helpVerbs: Set<String> = [
        "help", "assist", "call", "ring", "phone", "contact", "email", "message", "text", "reply", "respond", "answer",
        "check", "look", "explain", "sort", "handle", "deal", "resolve", "get", "reach", "come", "talk", "speak", "chat",
        "take", "see", "investigate", "advise", "confirm", "follow", "read", "listen", "join", "step", "jump", "tell",
        "understand",
    ]
    /// Verbs of talking with someone, in their base form ("spoke" and "talked" report, they do not ask).
    static let talkVerbs: Set<String> = [
        "talk", "speak", "chat", "discuss", "communicate", "deal", "reach", "contact", "consult", "touch", "hold", "through", "word", "raise",
    ]
    /// Verbs of wanting, for "I want a human", "can I get someone", "I'd rather have a person".
    static let wantVerbs: Set<String> = [
        "want", "need", "require", "request", "requesting", "demand", "prefer", "rather", "like", "get", "have", "give",
        "wish", "for",
    ]
    /// Heads that a noun before them can name by what they do: "returns team", "accounts department".
    static let collectiveHeads: Set<String> = ["team", "department", "desk", "staff", "support"]
    /// Roles that a noun before them can narrow by place or duty: "store manager", "claims advisor".
    static let roleHeads: Set<String> = ["manager", "supervisor", "representative", "advisor", "adviser", "tutor", "coach"]
    /// The jobs of people an organisation has customers talk to, beyond the generic ones: named
    /// only in a request frame, like `vaguePeople` ("I'd like to speak to a nurse", "put me through
    /// to a claims handler"); words ending in -ist or -ician (pharmacist, technician) count too.
    static let roles: Set<String> = [
        "nurse", "doctor", "gp", "teacher", "engineer", "executive", "handler", "officer", "clerk", "dispatcher",
        "receptionist", "pharmacist", "dentist", "therapist", "surgeon", "physician", "midwife", "plumber", "electrician",
        "installer", "surveyor", "assessor", "adjuster", "underwriter", "banker", "lawyer", "solicitor", "attorney",
        "planner", "coordinator", "administrator", "registrar", "principal", "dean", "librarian", "caretaker", "concierge",
        "trainer", "pharmacy", "admissions", "reception", "dispatch", "accounts", "claims",
    ]

    /// A job title: one of `roles`, or a word ending in -ist (not -list) or -ician.
    static func isRole(_ word: String) -> Bool {
        if word.count > 4, word.hasSuffix("s"), isRole(String(word.dropLast())) { return true }  // "one of your pharmacists"
        return roles.contains(word) || (word.count > 5 && word.hasSuffix("ist") && !word.hasSuffix("list")) || word.hasSuffix("ician")
    }
    /// What the assistant gives, for "your answers are useless".
    static let answers: Set<String> = ["answer", "answers", "response", "responses", "reply", "replies", "suggestions"]
    /// Things a person can give: "help from a human", "a call back from an agent".
    static let helpNouns: Set<String> = ["help", "assistance", "support", "call", "callback", "response", "reply", "answer", "advice"]
    /// Only a person gives these, so asking for one asks for a person: "can I get a callback".
    static let personalServices: Set<String> = ["callback", "callbacks", "ringback"]
    /// What the customer may call the assistant.
    static let bots: Set<String> = ["bot", "robot", "chatbot", "machine", "computer", "ai", "automated", "automatic", "assistant"]
    /// How customers say the assistant is failing them.
    static let frustration: Set<String> = [
        "useless", "pointless", "stupid", "dumb", "rubbish", "garbage", "trash", "worthless", "hopeless", "unhelpful",
        "idiot", "idiotic", "waste", "joke", "crap", "terrible", "awful", "horrible", "annoying",
    ]
    /// Words that carry no request of their own: "please", "hi", "now", "thanks".
    static let politeness: Set<String> = [
        "please", "now", "asap", "just", "hi", "hello", "hey", "ok", "okay", "thanks", "thank", "you", "yes", "urgent",
        "urgently", "immediately", "quick", "quickly", "right", "needed", "wanted", "required", "i", "want", "need",
        "talk", "speak", "chat", "with", "to", "there", "here", "around", "available", "online", "home", "is", "are",
    ]
    /// Singular words whose plural typed with an "s" means the same to the rules.
    static let pluralisable: Set<String> = people.union(vaguePeople).union(bots).subtracting(["support", "sales"])
        .union(["representative", "chatbot", "robot"])

    static func isKnown(_ word: String) -> Bool {
        people.contains(word) || vaguePeople.contains(word) || modifiers.contains(word) || helpVerbs.contains(word)
            || talkVerbs.contains(word) || wantVerbs.contains(word) || bots.contains(word) || frustration.contains(word)
            || politeness.contains(word) || compounds.contains(word)
    }
}
