import Foundation
import SwitchboardDomain

/// Checks a model's answer against the passages it was given: every `[n]` must name one of them,
/// and at least one must be cited.
enum Citations {
    /// The outcome of checking an answer.
    enum Verdict: Equatable {
        /// The answer with citation markers removed, and the cited passages in order of first citation.
        case grounded(body: String, cited: [Int])
        /// The model said it is not sure.
        case notSure
        /// It cites nothing.
        case uncited
        /// It cites `number`, which was not given.
        case outOfRange(Int)
    }

    /// `[1]`, `[2, 3]`, `[1][2]`, `[ 4 ]`.
    private static var marker: Regex<(Substring, Substring)> { /\[\s*(\d{1,4}(?:\s*,\s*\d{1,4})*)\s*\]/ }

    static func check(_ text: String, passageCount: Int) -> Verdict {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix(ChatPrompt.notSureMarker) { return .notSure }
        var cited: [Int] = []
        for match in trimmed.matches(of: marker) {
            for part in match.output.1.split(separator: ",") {
                guard let number = Int(part.trimmingCharacters(in: .whitespaces)) else { continue }
                guard (1...max(1, passageCount)).contains(number), passageCount > 0 else { return .outOfRange(number) }
                if !cited.contains(number) { cited.append(number) }
            }
        }
        guard !cited.isEmpty else { return .uncited }
        return .grounded(body: withoutMarkers(trimmed), cited: cited)
    }

    /// The text without citation markers and the spaces they leave before punctuation.
    static func withoutMarkers(_ text: String) -> String {
        var body = text.replacing(/[ \t]*\[\s*\d{1,4}(?:\s*,\s*\d{1,4})*\s*\]/, with: "")
        body = body.replacing(/[ \t]+([.,;:!?])/) { String($0.output.1) }
        return body.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
