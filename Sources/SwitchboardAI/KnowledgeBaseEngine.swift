import Foundation
import SwitchboardDomain

/// The built-in engine: answers with the passage of the knowledge-base article that best matches
/// the question, when its score reaches the organisation's threshold; otherwise asks the customer to rephrase
/// (offering a person is the conversation's decision, `NotSureStreak`).
///
/// Needs no network. Article and customer text are only searched and quoted, never evaluated.
public struct KnowledgeBaseEngine: AnswerEngine {
    /// What the customer reads when no article is good enough.
    public static let notSureMessage = NotSureStreak.rephraseRequest
    /// The default threshold on `AnswerConfidence`'s scale (the probability that the best article
    /// answers): it declines about nine in ten questions no article covers; organisations can tune theirs.
    public static let recommendedThreshold = 0.5
    /// Answers are cut at a sentence boundary to fit a chat bubble.
    public static let maxAnswerCharacters = 700
    /// A second article is cited only when it scores at least this share of the best one.
    public static let secondArticleShare = 0.9

    private let knowledge: any KnowledgeSearch

    public init(knowledge: any KnowledgeSearch) {
        self.knowledge = knowledge
    }

    public func answer(_ request: AnswerRequest) async throws -> Answer {
        guard !QuestionWords.contentWords(request.question).isEmpty else {
            return .notSure(body: Self.notSureMessage, confidence: 0)
        }
        let context = Self.followUpContext(for: request)
        let matches = try await knowledge.search(orgID: request.orgID, query: request.question, context: context, limit: 2)
        return Self.answer(question: request.question, matches: matches, threshold: request.threshold)
    }

    /// The answer from matches already found for `question`, best first (only the first two count):
    /// lets a caller that also lists the matches search once.
    public static func answer(question: String, matches: [KnowledgeMatch], threshold: Double) -> Answer {
        guard !QuestionWords.contentWords(question).isEmpty else {
            return .notSure(body: Self.notSureMessage, confidence: 0)
        }
        guard let best = matches.first, best.score >= threshold, best.score > 0 else {
            return .notSure(body: Self.notSureMessage, confidence: matches.first?.score ?? 0)
        }
        var articles = [best.reference]
        if matches.count > 1, matches[1].score >= threshold, matches[1].score >= best.score * Self.secondArticleShare {
            articles.append(matches[1].reference)
        }
        let body = AnswerExcerpt.make(best.passage, limit: Self.maxAnswerCharacters)
        return .answered(body: body, articles: articles, confidence: best.score)
    }

    /// For a follow-up ("and how much is it?"), the customer's previous question, whose words then
    /// count half; "" otherwise.
    static func followUpContext(for request: AnswerRequest) -> String {
        guard QuestionWords.isFollowUp(request.question) else { return "" }
        let asked = request.question.trimmingCharacters(in: .whitespacesAndNewlines)
        let earlier = request.history.reversed().first { line in
            line.author == .customer
                && line.body.trimmingCharacters(in: .whitespacesAndNewlines) != asked
                && !QuestionWords.contentWords(line.body).isEmpty
        }
        return earlier?.body ?? ""
    }
}

/// The built-in engine's decision over matches a caller already has (`KnowledgeBaseEngine.answer`).
public struct KnowledgeBaseMatchAnswering: MatchAnswering {
    public init() {}

    public func answer(question: String, matches: [KnowledgeMatch], threshold: Double) -> Answer {
        KnowledgeBaseEngine.answer(question: question, matches: matches, threshold: threshold)
    }
}
