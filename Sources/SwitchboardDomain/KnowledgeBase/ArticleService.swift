import Foundation

/// Knowledge-base articles through the REST API: validation, CRUD and bulk sync by external id.
public struct ArticleService: Sendable {
    private let articles: any ArticleRepository

    public static let maxTitleLength = 300
    public static let maxBodyLength = 100_000
    public static let maxBulkCount = 500

    public init(articles: any ArticleRepository) {
        self.articles = articles
    }

    public func list(orgID: UUID, afterID: UUID?, limit: Int) async throws -> [Article] {
        try await articles.list(orgID: orgID, afterID: afterID, limit: limit)
    }

    public func find(orgID: UUID, articleID: UUID) async throws -> Article {
        guard let article = try await articles.find(orgID: orgID, articleID: articleID) else { throw Self.notFound }
        return article
    }

    public func create(orgID: UUID, draft: ArticleDraft) async throws -> Article {
        try await articles.create(orgID: orgID, draft: try Self.validated(draft, creating: true))
    }

    public func update(orgID: UUID, articleID: UUID, draft: ArticleDraft) async throws -> Article {
        guard let article = try await articles.update(orgID: orgID, articleID: articleID, draft: try Self.validated(draft, creating: false)) else {
            throw Self.notFound
        }
        return article
    }

    public func delete(orgID: UUID, articleID: UUID) async throws {
        guard try await articles.delete(orgID: orgID, articleID: articleID) else { throw Self.notFound }
    }

    /// Every draft needs an external id (unique within the request), a title and a body.
    public func upsert(orgID: UUID, drafts: [ArticleDraft]) async throws -> BulkUpsertResult {
        guard (1...Self.maxBulkCount).contains(drafts.count) else {
            throw SimpleDomainError(.invalidInput, code: "invalid_body", message: "Send 1 to \(Self.maxBulkCount) articles at a time.")
        }
        var seen = Set<String>()
        let validated = try drafts.enumerated().map { index, draft in
            guard let externalID = draft.externalID?.trimmingCharacters(in: .whitespaces), !externalID.isEmpty else {
                throw SimpleDomainError(.invalidInput, code: "invalid_body", message: "articles[\(index)].external_id is required for a bulk upsert.")
            }
            guard seen.insert(externalID).inserted else {
                throw SimpleDomainError(
                    .invalidInput,
                    code: "duplicate_external_id",
                    message: "articles[\(index)].external_id \"\(externalID)\" appears twice."
                )
            }
            return try Self.validated(draft, creating: true)
        }
        return try await articles.upsert(orgID: orgID, drafts: validated)
    }

    static func validated(_ draft: ArticleDraft, creating: Bool) throws -> ArticleDraft {
        var draft = draft
        if creating || draft.title != nil {
            draft.title = try Validation.text(draft.title ?? "", field: "title", maxLength: maxTitleLength)
        }
        if creating || draft.body != nil {
            draft.body = try Validation.text(draft.body ?? "", field: "body", maxLength: maxBodyLength)
        }
        draft.section = try draft.section.map { try Validation.text($0, field: "section", maxLength: 200, allowEmpty: true) }
        draft.externalID = try draft.externalID.map { try Validation.text($0, field: "external_id", maxLength: 200, allowEmpty: true) }
        if let url = draft.url, !url.isEmpty {
            guard Validation.length(url) <= 2000, !url.utf8.contains(0), let parsed = URL(string: url),
                ["http", "https"].contains(parsed.scheme?.lowercased() ?? "")
            else {

                throw SimpleDomainError(.invalidInput, code: "invalid_url", message: "url must be an http or https address.")
            }
        }
        return draft
    }

    public static let notFound = SimpleDomainError(.notFound, code: "article_not_found", message: "There is no such article in this knowledge base.")

    /// Another article of the organisation already has this external id.
    public static let duplicateExternalID = SimpleDomainError(
        .conflict,
        code: "duplicate_external_id",
        message: "Another article already has this external_id."
    )
}
