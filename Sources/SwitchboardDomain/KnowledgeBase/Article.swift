import Foundation

/// A knowledge-base article: what the built-in engine searches and quotes.
public struct Article: Sendable, Equatable {
    public var id: UUID
    /// The article's id in the system it was synced from (a docs site); unique per organisation.
    public var externalID: String?
    public var title: String
    public var body: String
    public var section: String?
    public var url: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: UUID, externalID: String?, title: String, body: String, section: String?, url: String?, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.externalID = externalID
        self.title = title
        self.body = body
        self.section = section
        self.url = url
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// The fields of an article to write: for a create every required field is set; for an
/// update, nil keeps a field and "" clears an optional one.
public struct ArticleDraft: Sendable, Equatable {
    public var externalID: String?
    public var title: String?
    public var body: String?
    public var section: String?
    public var url: String?

    public init(externalID: String? = nil, title: String? = nil, body: String? = nil, section: String? = nil, url: String? = nil) {
        self.externalID = externalID
        self.title = title
        self.body = body
        self.section = section
        self.url = url
    }
}

/// What a bulk upsert did.
public struct BulkUpsertResult: Sendable, Equatable {
    public var created: Int
    public var updated: Int
    public var articles: [Article]

    public init(created: Int, updated: Int, articles: [Article]) {
        self.created = created
        self.updated = updated
        self.articles = articles
    }
}

/// Knowledge-base articles in storage, always within one organisation.
public protocol ArticleRepository: Sendable {
    /// Articles ordered by id, after `afterID`.
    func list(orgID: UUID, afterID: UUID?, limit: Int) async throws -> [Article]
    func find(orgID: UUID, articleID: UUID) async throws -> Article?
    /// A new article; a duplicate external id is a conflict.
    func create(orgID: UUID, draft: ArticleDraft) async throws -> Article
    func update(orgID: UUID, articleID: UUID, draft: ArticleDraft) async throws -> Article?
    func delete(orgID: UUID, articleID: UUID) async throws -> Bool
    /// Creates or updates each draft by its external id, all in one transaction.
    func upsert(orgID: UUID, drafts: [ArticleDraft]) async throws -> BulkUpsertResult
}
