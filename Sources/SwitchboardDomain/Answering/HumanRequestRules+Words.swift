/// The word lists the human-request frames are written in, beside `HumanRequestVocabulary`'s classes.
extension HumanRequestRules {
    static let connectingVerbs: Set<String> = [
        "connect", "transfer", "redirect", "route", "forward", "patch", "switch", "refer", "send",
        "pass", "hand", "put", "loop", "bring", "escalate", "escalated", "get", "link", "hook", "page",
    ]
    /// Gerunds of the connecting verbs.
    static let gerunds: [String: String] = [
        "connecting": "connect", "transferring": "transfer", "redirecting": "redirect", "routing": "route", "forwarding": "forward",
        "patching": "patch", "switching": "switch", "referring": "refer", "sending": "send", "passing": "pass", "handing": "hand",
        "putting": "put", "looping": "loop", "bringing": "bring", "escalating": "escalate", "linking": "link", "hooking": "hook",
    ]
    /// What a connecting verb may hand to a person besides the customer: "pass my details to someone".
    static let conversationThings: Set<String> = [
        "chat", "conversation", "call", "case", "issue", "problem", "complaint", "ticket", "query", "request", "matter", "details",
        "number", "info", "information", "message",
    ]
    static let talkObjectWords: Set<String> = [
        "to", "with", "of", "this", "it", "that", "directly", "please", "just", "right", "now", "asap", "immediately", "urgently", "in",
        "person", "about",
    ]
    static let personActsSkips: Set<String> = [
        "please", "just", "quickly", "can", "could", "will", "should", "must", "needs", "need", "has", "have", "to", "kindly",
    ]
    static let modals: Set<String> = ["can", "could", "will", "would", "may", "please", "might"]
    static let places: Set<String> = ["there", "here", "around", "available", "online"]
    static let botRefusalSkips: Set<String> = [
        "a", "an", "the", "this", "these", "that", "your", "to", "with", "talking", "chatting", "speaking",
        "talk", "speak", "chat", "deal", "dealing", "interact", "more", "up", "another", "of", "in", "some", "stupid", "dumb",
        "useless", "any",
    ]
    static let complaintDegrees: Set<String> = [
        "so", "really", "very", "completely", "totally", "just", "such", "a", "an", "even", "being", "absolutely", "pretty", "quite", "of",
        "no", "not", "at", "all", "any",
    ]
    static let frustrationFillers: Set<String> = [
        "ugh", "omg", "wow", "so", "very", "completely", "totally", "just", "what", "a", "this", "is", "at", "all",
        "not", "really", "honestly", "seriously", "lol", "argh", "sigh", "of", "time", "again", "still", "too",
    ]
    static let possessives: Set<String> = ["my", "our", "his", "her", "their", "other"]
    static let fillers: Set<String> = ["please", "just", "directly", "right", "now", "asap", "immediately", "urgently", "quickly", "actually"]
    static let courtesies: Set<String> = ["appreciate", "grateful", "great", "good", "nice", "helpful", "love", "thankful", "glad", "ideal"]
}
