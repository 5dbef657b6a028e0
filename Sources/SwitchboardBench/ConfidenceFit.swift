import ArgumentParser
import Foundation
import SwitchboardAI

/// `switchboard-bench fit-confidence`: fits `AnswerConfidence` on evidence dumped by
/// `answers --dump`, one file per group, and shows how it carries over to each group held out.
struct ConfidenceFit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit-confidence",
        abstract: "Fit the built-in engine's answer confidence on evaluation evidence (answers --dump)."
    )

    @Option(help: "Evidence files (JSON lines from `answers --dump`), comma-separated, one per group.")
    var dumps: String

    @Option(help: "The share of out-of-scope questions the threshold should decline on the training groups.")
    var decline = 0.85

    @Option(help: "L2 regularisation of the standardised weights.")
    var l2 = 0.01

    @Option(help: "Evidence the model reads, comma-separated (default: the engine's own, AnswerConfidence.featureNames).")
    var features: String?

    /// Every piece of evidence a model may read, by name.
    static let evidence: [String: @Sendable (AnswerEvidence) -> Double] = [
        "coverage": { $0.coverage }, "lead": { $0.lead }, "titleCoverage": { $0.titleCoverage },
        "runnerUpCoverage": { $0.runnerUpCoverage }, "largestMissing": { $0.largestMissing }, "unknown": { $0.unknown },
        "example": { $0.example }, "relevance": { $0.relevance }, "heldInformation": { $0.heldInformation },
        "passageCoverage": { $0.passageCoverage }, "passageTitleCoverage": { $0.passageTitleCoverage },
    ]

    /// A logistic model over named evidence.
    struct Model {
        var names: [String]
        var weights: [Double]
        var bias: Double

        func values(_ evidence: AnswerEvidence) -> [Double] { names.map { ConfidenceFit.evidence[$0]!(evidence) } }

        func probability(_ evidence: AnswerEvidence) -> Double {
            1 / (1 + exp(-zip(weights, values(evidence)).reduce(bias) { $0 + $1.0 * $1.1 }))
        }
    }

    func run() throws {
        let names = features.map { $0.split(separator: ",").map(String.init) } ?? AnswerConfidence.featureNames
        if let unknown = names.first(where: { Self.evidence[$0] == nil }) {
            throw ValidationError("Unknown evidence \(unknown); known: \(Self.evidence.keys.sorted().joined(separator: ", ")).")
        }
        let groups = try dumps.split(separator: ",").map { path in
            let rows = try String(contentsOfFile: String(path), encoding: .utf8).split(separator: "\n")
                .map { try JSONDecoder().decode(EvidenceRow.self, from: Data($0.utf8)) }
            return (name: URL(fileURLWithPath: String(path)).deletingPathExtension().lastPathComponent, rows: rows)
        }
        print("held out        coverage alone (right/wrong/declined out)   fitted model")
        for (index, group) in groups.enumerated() {
            let training = groups.enumerated().filter { $0.offset != index }.flatMap(\.element.rows)
            let model = Self.fit(training, names: names, l2: l2)
            let coverage = { (row: EvidenceRow) in row.evidence.coverage }
            let fitted = { (row: EvidenceRow) in model.probability(row.evidence) }
            let plain = Self.outcome(group.rows, score: coverage, threshold: Self.threshold(training, score: coverage, decline: decline))
            let better = Self.outcome(group.rows, score: fitted, threshold: Self.threshold(training, score: fitted, decline: decline))
            print(group.name.padding(toLength: 16, withPad: " ", startingAt: 0) + plain.padding(toLength: 44, withPad: " ", startingAt: 0) + better)
        }
        let all = groups.flatMap(\.rows)
        let model = Self.fit(all, names: names, l2: l2)
        let threshold = Self.threshold(all, score: { model.probability($0.evidence) }, decline: decline)
        print("weights (\(names.joined(separator: ", "))):")
        print("    [" + model.weights.map { String(format: "%.3f", $0) }.joined(separator: ", ") + String(format: "], bias %.3f", model.bias))
        print(String(format: "threshold declining %.0f%% out of scope on all groups: %.3f", 100 * decline, threshold))
    }

    /// A question counts as answered right when it is in scope and its best article is the right one.
    static func label(_ row: EvidenceRow) -> Double { row.inScope && row.right ? 1 : 0 }

    /// Logistic regression by gradient descent on standardised features, then mapped back.
    static func fit(_ rows: [EvidenceRow], names: [String], l2: Double, iterations: Int = 4000, rate: Double = 0.5) -> Model {
        let shape = Model(names: names, weights: [], bias: 0)
        let features = rows.map { shape.values($0.evidence) }
        let labels = rows.map(label)
        let width = names.count
        let count = Double(rows.count)
        let mean = (0..<width).map { column in features.reduce(0) { $0 + $1[column] } / count }
        let spread = (0..<width).map { column in
            (features.reduce(0) { $0 + pow($1[column] - mean[column], 2) } / count).squareRoot() + 1e-9
        }
        let standard = features.map { row in (0..<width).map { (row[$0] - mean[$0]) / spread[$0] } }
        var weights = [Double](repeating: 0, count: width)
        var bias = 0.0
        for _ in 0..<iterations {
            var gradient = [Double](repeating: 0, count: width)
            var biasGradient = 0.0
            for (row, label) in zip(standard, labels) {
                let error = 1 / (1 + exp(-zip(weights, row).reduce(bias) { $0 + $1.0 * $1.1 })) - label
                for column in 0..<width { gradient[column] += error * row[column] }
                biasGradient += error
            }
            for column in 0..<width { weights[column] -= rate * (gradient[column] / count + l2 * weights[column]) }
            bias -= rate * biasGradient / count
        }
        let raw = (0..<width).map { weights[$0] / spread[$0] }
        return Model(names: names, weights: raw, bias: bias - zip(raw, mean).reduce(0) { $0 + $1.0 * $1.1 })
    }

    /// The least score that declines `decline` of the out-of-scope questions.
    static func threshold(_ rows: [EvidenceRow], score: (EvidenceRow) -> Double, decline: Double) -> Double {
        let outside = rows.filter { !$0.inScope }.map(score).sorted()
        guard !outside.isEmpty else { return 0.5 }
        return outside[min(outside.count - 1, max(0, Int((Double(outside.count) * decline).rounded(.up)) - 1))] + 1e-9
    }

    static func outcome(_ rows: [EvidenceRow], score: (EvidenceRow) -> Double, threshold: Double) -> String {
        let inside = rows.filter(\.inScope)
        let outside = rows.filter { !$0.inScope }
        let right = inside.filter { $0.right && score($0) >= threshold }.count
        let wrong = inside.filter { !$0.right && score($0) >= threshold }.count
        let declined = outside.filter { score($0) < threshold }.count
        func share(_ part: Int, _ whole: Int) -> String { String(format: "%.1f%%", 100 * Double(part) / Double(max(whole, 1))) }
        return "\(share(right, inside.count)) / \(share(wrong, inside.count)) / \(share(declined, outside.count))"
    }
}
