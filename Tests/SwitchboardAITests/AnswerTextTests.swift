import Foundation
import Testing

@testable import SwitchboardAI

/// Preparing questions for search and answers for the chat bubble.
@Suite struct AnswerTextTests {
    @Test(arguments: [
        ("Hi! I'm dyslexic, is there a dyslexia friendly font?", ["dyslexic", "dyslexia", "friendly", "font"]),
        ("whats the price? thanks", ["price"]),
        ("it doesn't load and I can't sign in", ["load", "sign"]),
        ("Won’t the e-bike fit?", ["e", "bike", "fit"]),
        ("Café crème, s'il vous plaît", ["cafe", "creme", "sil", "vous", "plait"]),
    ])
    func searchTextDropsChatFiller(text: String, expected: [String]) {
        #expect(QuestionWords.contentWords(text) == expected)
    }

    @Test(arguments: [
        ("and how much is it?", true), ("what about kids?", true), ("is there a fee?", true), ("how much?", true),
        ("can I pay monthly?", false), ("do you take paypal?", false), ("what time do you open on sunday?", false),
        ("price to fix a puncture?", false),
    ])
    func recognisesFollowUps(text: String, followUp: Bool) {
        #expect(QuestionWords.isFollowUp(text) == followUp)
    }

    @Test func aShortPassageIsKeptWhole() {
        #expect(AnswerExcerpt.make("  Open 9 to 5.\n", limit: 700) == "Open 9 to 5.")
    }

    @Test func aLongPassageIsCutAfterASentence() {
        let sentence = "Bikes are serviced in two days. "
        let text = String(repeating: sentence, count: 30)
        let excerpt = AnswerExcerpt.make(text, limit: 700)
        #expect(excerpt.count <= 700)
        #expect(excerpt.hasSuffix("days."))
        #expect(text.hasPrefix(excerpt))
    }

    @Test func aPassageWithoutSentencesIsCutAtAWord() {
        let text = String(repeating: "word ", count: 300)
        let excerpt = AnswerExcerpt.make(text, limit: 700)
        #expect(excerpt.count <= 700)
        #expect(excerpt.hasSuffix("word…"))
    }

    @Test func listLinesCountAsSentenceEnds() {
        let text = "Prices:\n" + (1...60).map { "Item \($0): $\($0)" }.joined(separator: "\n")
        let excerpt = AnswerExcerpt.make(text, limit: 300)
        #expect(excerpt.count <= 300)
        #expect(excerpt.hasSuffix("$\(excerpt.split(separator: "\n").count - 1)"))
    }
}
