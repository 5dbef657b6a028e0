import Foundation

/// What an agent typed into the conversation search, read as every way it may find a chat: the
/// words the customer wrote (each word as a prefix: "refu" finds "refund"), a name or email
/// (contained, any case), a phone number (its digits) and the start of a conversation id.
public struct ConversationSearch: Sendable, Equatable {
    /// The text as typed, trimmed.
    public let text: String
    /// Lower-case words of letters and digits, for the customer-text prefix query.
    public let words: [String]
    /// The digits, when the text looks like a phone number (at least 6 of them).
    public let phoneDigits: String?
    /// A lower-case hex prefix of a conversation id (at least 6 characters, dashes allowed).
    public let idPrefix: String?

    public static let maxLength = 200

    /// Nil for text with nothing to search (empty or only punctuation); 422 when too long.
    public init?(_ typed: String) throws {
        let text = try Validation.text(typed, field: "search", maxLength: Self.maxLength, allowEmpty: true)
        let words = text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init).prefix(8)
        guard !words.isEmpty else { return nil }
        self.text = text
        self.words = Array(words)
        let digits = text.filter(\.isNumber)
        let phoneLike = text.allSatisfy { $0.isNumber || " +-().".contains($0) }
        phoneDigits = phoneLike && digits.count >= 6 ? String(digits) : nil
        let hex = text.lowercased()
        idPrefix = hex.count >= 6 && hex.count <= 36 && hex.allSatisfy({ $0.isHexDigit || $0 == "-" }) ? hex : nil
    }

    /// The words as a PostgreSQL prefix tsquery ("refund:* & card:*"): only letters and digits reach it.
    public var prefixQuery: String {
        words.map { "\($0):*" }.joined(separator: " & ")
    }

    /// The text as a LIKE pattern that contains it, with LIKE's own characters escaped.
    public var containsPattern: String {
        var escaped = ""
        for character in text.lowercased() {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return "%\(escaped)%"
    }
}
