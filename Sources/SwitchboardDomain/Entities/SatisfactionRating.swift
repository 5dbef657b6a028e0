import Foundation

/// The customer's rating of a chat that ended: 1 (poor) to 5 (great), with an optional comment.
public struct SatisfactionRating: Sendable, Equatable {
    public var rating: Int
    public var comment: String?
    public var ratedAt: Date

    public init(rating: Int, comment: String?, ratedAt: Date) {
        self.rating = rating
        self.comment = comment
        self.ratedAt = ratedAt
    }

    /// The scale the widget offers.
    public static let scale = 1...5
    /// The longest comment kept, in code points.
    public static let maxCommentLength = 1000
    /// Modes in which a chat has ended and may be rated.
    public static let ratableModes: Set<Conversation.Mode> = [.closed, .followup, .archived]
}
