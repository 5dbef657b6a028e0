import Foundation

/// Picks what the demo AI says for a question: the article paragraph sharing the most words with it.
enum DemoAnswerMatcher {
    struct Answer: Equatable {
        var body: String
        /// 0.35–0.95, higher when more of the question's words appear in the paragraph.
        var confidence: Double
    }

    static func answer(_ question: String, from article: DemoContent.Article) -> Answer {
        let asked = words(question)
        let paragraphs = article.body
            .components(separatedBy: "\n\n")
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }
        var best = paragraphs.first ?? article.body
        var bestShared = -1
        for paragraph in paragraphs {
            let shared = asked.intersection(words(paragraph)).count
            if shared > bestShared {
                best = paragraph
                bestShared = shared
            }
        }
        let ratio = Double(max(bestShared, 0)) / Double(max(asked.count, 1))
        let confidence = 0.35 + 0.6 * min(1, ratio * 1.25)
        return Answer(body: best, confidence: (confidence * 100).rounded() / 100)
    }

    /// Lower-cased content words, with a crude plural strip so "courses" meets "course".
    static func words(_ text: String) -> Set<String> {
        var result = Set<String>()
        for token in text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }) {
            var word = String(token)
            if word.count > 4, word.hasSuffix("s"), !word.hasSuffix("ss") { word.removeLast() }
            if word.count > 1, !stopWords.contains(word) { result.insert(word) }
        }
        return result
    }

    private static let stopWords: Set<String> = [
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "could", "do", "does", "for",
        "from", "get", "have", "how", "if", "in", "is", "it", "its", "me", "my", "no", "not", "of",
        "on", "or", "so", "that", "the", "there", "this", "to", "was", "we", "what", "whats", "when",
        "which", "who", "why", "will", "with", "would", "you", "your", "i", "im", "our", "us", "any",
        "about", "all", "am", "also", "then", "than", "them", "they", "up", "out", "just", "some",
    ]
}
