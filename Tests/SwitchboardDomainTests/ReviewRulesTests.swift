import Foundation
import SwitchboardDomain
import Testing

/// The review flags' rules, without a database: who and when, resets, and refusals.
@Suite struct ReviewRulesTests {
    static let carol = AgentStamp(agentID: UUID(), at: Date(timeIntervalSince1970: 1_000))
    static let dave = AgentStamp(agentID: UUID(), at: Date(timeIntervalSince1970: 2_000))

    @Test func reFlaggingWithTheSameNoteKeepsTheFirstFlagger() {
        var review = ConversationReview()
        review.markIncorrect(true, note: "Wrong fee", by: Self.carol)
        review.markIncorrect(true, note: "Wrong fee", by: Self.dave)
        #expect(review.correction.flaggedBy == Self.carol)
        review.markIncorrect(true, note: "Wrong fee: 100 EUR", by: Self.dave)
        #expect(review.correction.flaggedBy == Self.dave)
    }

    @Test func clearingIncorrectAlsoClearsTheCheckOff() throws {
        var review = ConversationReview()
        review.markIncorrect(true, note: "Wrong", by: Self.carol)
        try review.confirmCorrection(by: Self.dave)
        #expect(review.correction.reviewed)
        review.markIncorrect(false, note: nil, by: Self.dave)
        #expect(review.correction == ConversationReview.Correction())
        #expect(throws: SimpleDomainError.self) { try review.confirmCorrection(by: Self.dave) }
    }

    @Test func confirmingTwiceKeepsTheFirstReviewer() throws {
        var review = ConversationReview()
        review.markKnowledgeBaseUpdateNeeded(true, note: nil, by: Self.carol)
        try review.confirmKnowledgeBaseUpdated(by: Self.carol)
        try review.confirmKnowledgeBaseUpdated(by: Self.dave)
        #expect(review.knowledgeBase.updatedBy == Self.carol)
    }

    @Test func followUpCompletesOnceAndANewFlagStartsOver() throws {
        var review = ConversationReview()
        #expect(throws: SimpleDomainError.self) { try review.completeFollowUp(resolution: "Done", by: Self.dave) }
        review.markFollowUpNeeded(true, note: "Send invoice", by: Self.carol)
        #expect(review.followUp.isOpen)
        try review.completeFollowUp(resolution: "Sent", by: Self.dave)
        #expect(review.followUp.done && !review.followUp.isOpen)
        #expect(review.followUp.doneBy == Self.dave)
        #expect(throws: SimpleDomainError.self) { try review.completeFollowUp(resolution: "Again", by: Self.dave) }
        review.markFollowUpNeeded(true, note: "Send the receipt too", by: Self.dave)
        #expect(review.followUp.isOpen)
        #expect(review.followUp.doneNote == nil && review.followUp.doneBy == nil)
        #expect(review.followUp.flaggedBy == Self.dave)
    }
}
