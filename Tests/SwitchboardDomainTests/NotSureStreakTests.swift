import Foundation
import SwitchboardDomain
import Testing

/// Counting "not sure" answers in a row, and reading a customer's "yes" to the offer of a person.
@Suite struct NotSureStreakTests {
    let conversation = UUID()

    func transcript(_ lines: [(MessageAuthor, AIOutcome?, String)]) -> [ChatMessage] {
        lines.enumerated().map { index, line in
            ChatMessage(conversationID: conversation, seq: Int64(index + 1), author: line.0, body: line.2, createdAt: Date(), aiOutcome: line.1)
        }
    }

    @Test func countsNotSureAnswersPastTheCustomersMessages() {
        let messages = transcript([
            (.customer, nil, "opera tickets?"), (.ai, .notSure, "rephrase?"), (.customer, nil, "tickets for the opera"),
            (.customer, nil, "in Vienna"), (.ai, .notSure, NotSureStreak.personOffer),
        ])
        #expect(NotSureStreak.count(in: messages) == 2)
        #expect(NotSureStreak.offeredAPerson(in: messages + transcript([(.customer, nil, "yes")])))
        #expect(NotSureStreak.unansweredQuestion(in: messages) == "in Vienna")
    }

    @Test(arguments: [MessageAuthor.agent, .system])
    func anAnswerAnAgentOrAHandbackEndsTheStreak(author: MessageAuthor) {
        let breaks = transcript([
            (.ai, .notSure, "rephrase?"), (author, nil, "You're chatting with our AI assistant again."), (.ai, .notSure, "rephrase?"),
        ])
        #expect(NotSureStreak.count(in: breaks) == 1)
        let answered = transcript([(.ai, .notSure, "rephrase?"), (.ai, .answered, "20 euros"), (.customer, nil, "hm")])
        #expect(NotSureStreak.count(in: answered) == 0)
        #expect(!NotSureStreak.offeredAPerson(in: answered))
    }

    @Test(arguments: ["yes", "Yes please", "yeah that would be great", "ok", "sure!", "go ahead", "yep, thanks", "please do", "Y"])
    func readsAYes(text: String) {
        #expect(CustomerTextAnalyzer.isAgreement(text))
    }

    @Test(arguments: ["no", "no thanks", "yes but not now", "ok so how much is a bike for a week in the summer then", "that's wrong", "maybe", ""])
    func readsNoYesInOtherReplies(text: String) {
        #expect(!CustomerTextAnalyzer.isAgreement(text))
    }
}
