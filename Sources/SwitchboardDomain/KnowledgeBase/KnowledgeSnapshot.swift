import Foundation

/// An article as the index reads it: its own text and its approved example questions.
public struct IndexedArticle: Sendable {
    public var id: UUID
    public var title: String
    public var url: String?
    public var section: String?
    public var body: String
    public var examples: [String]

    public init(id: UUID, title: String, url: String?, section: String?, body: String, examples: [String]) {
        self.id = id
        self.title = title
        self.url = url
        self.section = section
        self.body = body
        self.examples = examples
    }
}

/// A term of the organisation's vocabulary and its meaning in the articles' words.
public struct VocabularyPair: Sendable, Equatable {
    public var term: String
    public var meaning: String

    public init(term: String, meaning: String) {
        self.term = term
        self.meaning = meaning
    }
}

/// Everything the built-in engine ranks for one organisation, at one revision.
public struct KnowledgeSnapshot: Sendable {
    /// Moves on every change to the organisation's articles, examples or vocabulary; 0 before any.
    public var revision: Int64
    /// Each article with its approved example questions.
    public var articles: [IndexedArticle]
    public var vocabulary: [VocabularyPair]

    public init(revision: Int64, articles: [IndexedArticle], vocabulary: [VocabularyPair]) {
        self.revision = revision
        self.articles = articles
        self.vocabulary = vocabulary
    }
}

/// Where in-memory search indexes come from: the organisation's knowledge base and its revision.
public protocol KnowledgeSnapshotSource: Sendable {
    /// The current revision: cheap, read before every search.
    func revision(orgID: UUID) async throws -> Int64
    /// Articles, approved examples and vocabulary, read together at one revision.
    func snapshot(orgID: UUID) async throws -> KnowledgeSnapshot
}
