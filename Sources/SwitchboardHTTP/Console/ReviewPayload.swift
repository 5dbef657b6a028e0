import Foundation
import SwitchboardDomain

/// A conversation's review flags as the console's review panel reads them; *By are display names.
/// Every key is always present (null when unset), so the console can bind to it directly.
public struct ReviewPayload: Encodable, Sendable, Equatable {
    public var flaggedIncorrect: Bool
    @Explicit public var correctionNote: String?
    @Explicit public var flaggedBy: String?
    @Explicit public var flaggedAt: Date?
    public var correctionReviewed: Bool
    @Explicit public var reviewedBy: String?
    @Explicit public var reviewedAt: Date?
    public var kbUpdateNeeded: Bool
    @Explicit public var kbNote: String?
    public var kbUpdated: Bool
    @Explicit public var kbUpdatedBy: String?
    @Explicit public var kbUpdatedAt: Date?
    public var followupNeeded: Bool
    @Explicit public var followupNote: String?
    public var followupDone: Bool
    @Explicit public var followupDoneNote: String?
    @Explicit public var followupDoneBy: String?
    @Explicit public var followupDoneAt: Date?

    public init(_ review: ConversationReview) {
        flaggedIncorrect = review.correction.flagged
        correctionNote = review.correction.note
        flaggedBy = review.correction.flaggedBy?.name
        flaggedAt = review.correction.flaggedBy?.at
        correctionReviewed = review.correction.reviewed
        reviewedBy = review.correction.reviewedBy?.name
        reviewedAt = review.correction.reviewedBy?.at
        kbUpdateNeeded = review.knowledgeBase.needed
        kbNote = review.knowledgeBase.note
        kbUpdated = review.knowledgeBase.updated
        kbUpdatedBy = review.knowledgeBase.updatedBy?.name
        kbUpdatedAt = review.knowledgeBase.updatedBy?.at
        followupNeeded = review.followUp.needed
        followupNote = review.followUp.note
        followupDone = review.followUp.done
        followupDoneNote = review.followUp.doneNote
        followupDoneBy = review.followUp.doneBy?.name
        followupDoneAt = review.followUp.doneBy?.at
    }
}

/// Where each customer detail came from: the handoff form the customer filled in, the AI's
/// capture from the chat text, or nowhere yet. The form wins when both exist.
public struct ContactSourcesPayload: Encodable, Sendable, Equatable {
    public enum Source: String, Encodable, Sendable {
        case form, ai
    }

    @Explicit public var name: Source?
    @Explicit public var email: Source?
    @Explicit public var phone: Source?

    public init(_ summary: ConversationSummary) {
        name = summary.nameProvided != nil ? .form : summary.contact.name != nil ? .ai : nil
        email = summary.emailProvided != nil ? .form : summary.contact.email != nil ? .ai : nil
        phone = summary.contact.phone != nil ? .ai : nil
    }
}
