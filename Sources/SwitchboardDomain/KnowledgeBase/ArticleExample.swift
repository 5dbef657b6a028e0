import Foundation

/// A question customers asked that an article answers; approved ones teach the built-in engine
/// how customers word that article's topic.
public struct ArticleExample: Sendable, Equatable {
    /// Proposed examples wait for a person; only approved ones are used for ranking.
    public enum Status: String, Sendable, Codable {
        case proposed, approved
    }

    /// Where the example came from.
    public enum Source: String, Sendable, Codable {
        /// An agent flagged the AI wrong and picked the article that should have answered.
        case correction
        /// A supervisor added it in the console.
        case console
        /// Imported through the REST API, e.g. from old tickets.
        case `import`
    }

    public var id: UUID
    public var articleID: UUID
    public var question: String
    public var status: Status
    public var source: Source
    public var conversationID: UUID?
    public var createdAt: Date
    public var approvedAt: Date?

    public init(
        id: UUID,
        articleID: UUID,
        question: String,
        status: Status,
        source: Source,
        conversationID: UUID?,
        createdAt: Date,
        approvedAt: Date?
    ) {
        self.id = id
        self.articleID = articleID
        self.question = question
        self.status = status
        self.source = source
        self.conversationID = conversationID
        self.createdAt = createdAt
        self.approvedAt = approvedAt
    }
}

/// What an import stored and what it dropped as a near-duplicate.
public struct ExampleImportResult: Sendable, Equatable {
    public var added: [ArticleExample]
    public var skippedDuplicates: Int

    public init(added: [ArticleExample], skippedDuplicates: Int) {
        self.added = added
        self.skippedDuplicates = skippedDuplicates
    }
}

/// Example questions of an organisation's articles, under its tenant.
public protocol ArticleExampleRepository: Sendable {
    /// Every example of the article, oldest first; nil when the article does not exist.
    func list(orgID: UUID, articleID: UUID) async throws -> [ArticleExample]?
    /// Stores approved or proposed examples of an existing article in one transaction; nil when
    /// the article does not exist.
    func add(
        orgID: UUID,
        articleID: UUID,
        questions: [String],
        status: ArticleExample.Status,
        source: ArticleExample.Source,
        agentID: UUID?
    ) async throws -> [ArticleExample]?
    /// Changes the wording or approves; nil when there is no such example.
    func update(orgID: UUID, exampleID: UUID, question: String?, approve: Bool, agentID: UUID?) async throws -> ArticleExample?
    func delete(orgID: UUID, exampleID: UUID) async throws -> Bool
    /// The conversation's first customer question, proposed as an example of `articleID`
    /// (replacing an earlier proposal of the same conversation); nil when either is missing or
    /// the conversation has no customer question.
    func propose(orgID: UUID, conversationID: UUID, articleID: UUID, agentID: UUID) async throws -> ArticleExample?
    /// The example an agent's correction made from this conversation, proposed or approved.
    func fromConversation(orgID: UUID, conversationID: UUID) async throws -> ArticleExample?
    /// Approves the conversation's proposal, if it has one.
    func approveProposal(orgID: UUID, conversationID: UUID, agentID: UUID) async throws -> ArticleExample?
}
