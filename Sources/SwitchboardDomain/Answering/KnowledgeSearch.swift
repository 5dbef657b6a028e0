import Foundation

/// An article that matched a search, with the paragraph of it that best matches the query.
public struct KnowledgeMatch: Sendable, Equatable {
    public var articleID: UUID
    public var title: String
    public var url: String?
    public var section: String?
    /// How well the article matches, 0...1; comparable across organisations and queries, so one
    /// answer threshold works everywhere (see `KnowledgeIndex` for how).
    public var score: Double
    /// The paragraph of the body (paragraphs are separated by blank lines) most relevant to the
    /// query, trimmed; the first paragraph when only the title or section matched.
    public var passage: String

    public init(articleID: UUID, title: String, url: String?, section: String?, score: Double, passage: String) {
        self.articleID = articleID
        self.title = title
        self.url = url
        self.section = section
        self.score = score
        self.passage = passage
    }

    /// The article as an answer cites it.
    public var reference: ArticleReference {
        ArticleReference(id: articleID, title: title, url: url)
    }
}

/// Ranks an organisation's knowledge-base articles for a customer's question. The query is plain
/// text, never a search or template language the customer could use to steer the engine.
public protocol KnowledgeSearch: Sendable {
    /// The best `limit` articles for `query`, best first. Words of `context` (an earlier question
    /// of the same customer, for follow-ups such as "and how much is it?") count half as much as
    /// the query's own words; pass "" for none.
    func search(orgID: UUID, query: String, context: String, limit: Int) async throws -> [KnowledgeMatch]
}

extension KnowledgeSearch {
    /// The best `limit` articles for `query` alone, best first.
    public func search(orgID: UUID, query: String, limit: Int) async throws -> [KnowledgeMatch] {
        try await search(orgID: orgID, query: query, context: "", limit: limit)
    }
}

/// Decides the built-in engine's answer from matches already ranked for a question, without
/// searching again: lets a caller that also lists the matches (the REST KB search) search once.
public protocol MatchAnswering: Sendable {
    /// The answer from `matches`, best first; only the first two count.
    func answer(question: String, matches: [KnowledgeMatch], threshold: Double) -> Answer
}
