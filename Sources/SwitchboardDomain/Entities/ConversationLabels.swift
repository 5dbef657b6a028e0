import Foundation

/// Labels agents put on conversations: typed freely ("Bug report"), kept as one canonical form
/// ("bug-report"): lower case, spaces as "-", only letters, digits, "-" and "_", 1 to 40 characters.
public enum ConversationLabels {
    public static let maxLength = 40
    public static let maxPerConversation = 10

    /// The canonical label, or 422 `invalid_label` naming what is wrong.
    public static func canonical(_ typed: String) throws -> String {
        let words = typed.lowercased().split { $0.isWhitespace }
        let label = words.joined(separator: "-")
        guard !label.isEmpty, label.unicodeScalars.count <= maxLength,
            label.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }), !label.contains("\0")
        else {
            throw SimpleDomainError(
                .invalidInput,
                code: "invalid_label",
                message: "A label is 1 to \(maxLength) letters, digits, spaces, '-' or '_' (\"\(typed.prefix(60))\" is not)."
            )
        }
        return label
    }

    /// A conversation's labels as given: canonical, without duplicates, sorted, at most `maxPerConversation`.
    public static func canonical(_ typed: [String]) throws -> [String] {
        let labels = Set(try typed.map { try canonical($0) }).sorted()
        guard labels.count <= maxPerConversation else {
            throw SimpleDomainError(
                .invalidInput,
                code: "too_many_labels",
                message: "A conversation has at most \(maxPerConversation) labels."
            )
        }
        return labels
    }
}

/// A label and how many conversations carry it.
public struct LabelCount: Sendable, Equatable, Codable {
    public var label: String
    public var conversations: Int

    public init(label: String, conversations: Int) {
        self.label = label
        self.conversations = conversations
    }
}
