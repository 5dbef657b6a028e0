import Foundation

/// The probability that the best-ranked article answers the question, read from its evidence by a
/// logistic model: the one calibrated score the built-in engine answers or declines on.
///
/// Coverage alone cannot tell a question an article answers from one that shares its words ("do you
/// do mortgages?" against a bank's help centre); how far the article ranks ahead of the others, how
/// much of the question its title holds and how strongly it matches tell them apart far better.
/// The weights are fitted on the evaluation groups, each group in turn held out to check that they
/// carry over (`switchboard-bench fit-confidence`, BENCHMARKS.md "Answer quality").
public struct AnswerConfidence: Sendable, Equatable {
    /// The evidence the model reads, in the order of `weights`.
    public static let featureNames = ["coverage", "lead", "titleCoverage"]

    public var weights: [Double]
    public var bias: Double

    public init(weights: [Double], bias: Double) {
        precondition(weights.count == Self.featureNames.count, "one weight per feature")
        self.weights = weights
        self.bias = bias
    }

    /// Fitted on the Evaluation, HeldOut and Fresh groups and the demo content's questions, with
    /// 0, 3 and 7 examples per article (2026-12-06). Richer models (relevance, the most informative
    /// missing word, words no article uses) did no better on the group held out.
    public static let fitted = AnswerConfidence(weights: [1.140, 2.292, 1.177], bias: -1.205)

    /// The evidence as the model's inputs.
    public static func features(_ evidence: AnswerEvidence) -> [Double] {
        [evidence.coverage, evidence.lead, evidence.titleCoverage]
    }

    /// 0...1: how likely the article is the one that answers.
    public func probability(_ evidence: AnswerEvidence) -> Double {
        let features = Self.features(evidence)
        let logit = zip(weights, features).reduce(bias) { $0 + $1.0 * $1.1 }
        return 1 / (1 + exp(-logit))
    }
}
