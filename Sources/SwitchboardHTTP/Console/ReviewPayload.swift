import Foundation
import SwitchboardDomain

/// A conversation's review flags as the console's review panel reads them; *By are display names.
/// Every key is always present (null when unset), so the console can bind to it directly.
public struct ReviewPayload: Encodable, Sendable, Equatable {
    public var flaggedIncorrect: Bool
    public var correctionNote: String?
    public var flaggedBy: String?
    public var flaggedAt: Date?
    public var correctionReviewed: Bool
    public var reviewedBy: String?
    public var reviewedAt: Date?
    public var kbUpdateNeeded: Bool
    public var kbNote: String?
    public var kbUpdated: Bool
    public var kbUpdatedBy: String?
    public var kbUpdatedAt: Date?
    public var followupNeeded: Bool
    public var followupNote: String?
    public var followupDone: Bool
    public var followupDoneNote: String?
    public var followupDoneBy: String?
    public var followupDoneAt: Date?

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

    enum CodingKeys: String, CodingKey {
        case flaggedIncorrect, correctionNote, flaggedBy, flaggedAt, correctionReviewed, reviewedBy, reviewedAt,
            kbUpdateNeeded, kbNote, kbUpdated, kbUpdatedBy, kbUpdatedAt, followupNeeded, followupNote, followupDone,
            followupDoneNote, followupDoneBy, followupDoneAt
    }

    public func encode(to encoder: any Encoder) throws {
        // encode(_:forKey:) with an Optional writes null; synthesized code would leave the key out.
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(flaggedIncorrect, forKey: .flaggedIncorrect)
        try c.encode(correctionNote, forKey: .correctionNote)
        try c.encode(flaggedBy, forKey: .flaggedBy)
        try c.encode(flaggedAt, forKey: .flaggedAt)
        try c.encode(correctionReviewed, forKey: .correctionReviewed)
        try c.encode(reviewedBy, forKey: .reviewedBy)
        try c.encode(reviewedAt, forKey: .reviewedAt)
        try c.encode(kbUpdateNeeded, forKey: .kbUpdateNeeded)
        try c.encode(kbNote, forKey: .kbNote)
        try c.encode(kbUpdated, forKey: .kbUpdated)
        try c.encode(kbUpdatedBy, forKey: .kbUpdatedBy)
        try c.encode(kbUpdatedAt, forKey: .kbUpdatedAt)
        try c.encode(followupNeeded, forKey: .followupNeeded)
        try c.encode(followupNote, forKey: .followupNote)
        try c.encode(followupDone, forKey: .followupDone)
        try c.encode(followupDoneNote, forKey: .followupDoneNote)
        try c.encode(followupDoneBy, forKey: .followupDoneBy)
        try c.encode(followupDoneAt, forKey: .followupDoneAt)
    }
}

/// Where each customer detail came from: the handoff form the customer filled in, the AI's
/// capture from the chat text, or nowhere yet. The form wins when both exist.
public struct ContactSourcesPayload: Encodable, Sendable, Equatable {
    public enum Source: String, Encodable, Sendable {
        case form, ai
    }

    public var name: Source?
    public var email: Source?
    public var phone: Source?

    public init(_ summary: ConversationSummary) {
        name = summary.nameProvided != nil ? .form : summary.contact.name != nil ? .ai : nil
        email = summary.emailProvided != nil ? .form : summary.contact.email != nil ? .ai : nil
        phone = summary.contact.phone != nil ? .ai : nil
    }

    enum CodingKeys: String, CodingKey {
        case name, email, phone
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(email, forKey: .email)
        try c.encode(phone, forKey: .phone)
    }
}
