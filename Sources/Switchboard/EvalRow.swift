import Foundation
import SwitchboardDomain

/// One line of `switchboard eval`'s result table.
struct EvalRow {
    let run: TestRun
    /// The expected article as the plan or the file names it.
    let expectedArticle: String?

    var expected: String {
        switch run.testCase.expectation {
        case .article: "article: \(expectedArticle ?? "(deleted)")"
        case .decline: "decline"
        case .handOff: "handoff"
        }
    }

    var got: String {
        switch run.reply {
        case .answered(_, let articles): "article: " + articles.map(\.title).joined(separator: ", ")
        case .notSure: "decline"
        case .handedOff: "handoff"
        }
    }

    /// Columns padded to their widest cell; long questions and titles are shortened.
    static func table(_ rows: [EvalRow]) -> String {
        let header = ["#", "RESULT", "QUESTION", "EXPECTED", "GOT"]
        let cells = rows.enumerated().map { index, row in
            [
                String(index + 1), row.run.passed ? "pass" : "FAIL", shortened(row.run.testCase.question, 48),
                shortened(row.expected, 40), shortened(row.got, 40),
            ]
        }
        let widths = header.indices.map { column in ([header] + cells).map { $0[column].count }.max() ?? 0 }
        return ([header] + cells).map { line in
            line.enumerated().map { column, cell in
                column == line.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    static func shortened(_ text: String, _ limit: Int) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count <= limit ? flat : String(flat.prefix(limit - 1)) + "…"
    }
}
