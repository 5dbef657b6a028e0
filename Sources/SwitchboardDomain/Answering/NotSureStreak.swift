/// "Not sure" answers in a row: after two, the AI offers the customer a person instead of asking
/// them to rephrase again, and a "yes" to that offer hands the conversation to the team.
public enum NotSureStreak {
    /// What the AI says on a first "not sure": the customer may put it another way.
    public static let rephraseRequest = "I'm not sure about that one. Could you put it another way, or tell me a bit more?"
    /// What the AI says on its second (and any further) "not sure" in a row.
    public static let personOffer = "I'm still not sure about that. Would you like me to connect you with a person?"

    /// How many AI "not sure" answers end the transcript, looking past the customer's messages;
    /// an answer, an agent or a system message (a handback, a handoff) ends the streak.
    public static func count(in messages: [ChatMessage]) -> Int {
        var count = 0
        for message in messages.reversed() {
            switch message.author {
            case .customer: continue
            case .ai where message.aiOutcome == .notSure: count += 1
            default: return count
            }
        }
        return count
    }

    /// Whether the last thing the AI said, before the customer's latest messages, offered a person.
    public static func offeredAPerson(in messages: [ChatMessage]) -> Bool {
        count(in: messages) >= 2 && messages.last(where: { $0.author != .customer })?.aiOutcome == .notSure
    }

    /// The question the AI could not answer last: the customer's message before its last "not sure".
    public static func unansweredQuestion(in messages: [ChatMessage]) -> String? {
        guard let lastNotSure = messages.lastIndex(where: { $0.author == .ai && $0.aiOutcome == .notSure }) else { return nil }
        return messages[..<lastNotSure].last(where: { $0.author == .customer })?.body
    }
}
