import Foundation

/// Shortens an article passage for a chat answer without cutting a sentence in half.
enum AnswerExcerpt {
    /// `text` trimmed; when longer than `limit` characters, cut after the last sentence (or line)
    /// that ends within the limit, or at a word with "…" when no sentence ends early enough.
    static func make(_ text: String, limit: Int) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.count > limit, limit > 1 else { return trimmed }
        let window = trimmed.prefix(limit)
        var sentenceEnd: String.Index?
        var index = window.startIndex
        while index < window.endIndex {
            let next = trimmed.index(after: index)
            let endsSentence = ".!?".contains(trimmed[index]) && (next == trimmed.endIndex || trimmed[next].isWhitespace)
            if endsSentence { sentenceEnd = next }
            if trimmed[index].isNewline { sentenceEnd = index }
            index = next
        }
        // A first sentence that uses under a third of the room is too little to answer with.
        if let sentenceEnd, trimmed.distance(from: trimmed.startIndex, to: sentenceEnd) >= limit / 3 {
            return String(trimmed[..<sentenceEnd]).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let room = trimmed.prefix(limit - 1)
        let cut = room.lastIndex(where: \.isWhitespace) ?? room.endIndex
        return String(room[..<cut]).trimmingCharacters(in: .whitespacesAndNewlines) + "…"
    }
}
