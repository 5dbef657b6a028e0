import Foundation

/// Whether a customer's message says anything to search for, and whether it leans on an earlier one.
enum QuestionWords {
    /// Words of the message that say what it is about: not stop words, not chat filler.
    static func contentWords(_ text: String) -> [String] {
        SearchText.words(text).filter { !SearchText.isStopWord($0) }
    }

    /// A follow-up such as "and how much is it?" or "what about kids?": it starts with a linking
    /// word, says almost nothing on its own, or is short and points back with "it" or "that".
    static func isFollowUp(_ text: String) -> Bool {
        let words = SearchText.words(text).filter { !SearchText.filler.contains($0) }
        guard let first = words.first else { return false }
        let content = words.filter { !SearchText.isStopWord($0) }
        if ["and", "also", "plus", "but", "so", "then"].contains(first) { return true }
        if words.count > 1, ["what", "how"].contains(first), ["about", "if"].contains(words[1]) { return true }
        if content.count <= 1 { return true }
        return content.count <= 3 && words.contains { ["it", "that", "this", "they", "them", "those", "these", "one"].contains($0) }
    }
}
