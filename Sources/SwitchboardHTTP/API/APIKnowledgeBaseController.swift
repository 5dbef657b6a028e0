import Foundation
import Hummingbird
import SwitchboardDomain

/// /api/v1/kb: articles CRUD, bulk upsert by external id (a docs site's sync), and a search that
/// returns what the built-in engine would answer. Everything needs the `kb:write` scope.
struct APIKnowledgeBaseController: Sendable {
    let articles: ArticleService
    let knowledge: any KnowledgeSearch
    let matchAnswering: any MatchAnswering
    let organisations: any OrganisationRepository

    func addRoutes(to api: RouterGroup<APIKeyRequestContext>) {
        // Every route here needs the kbWrite scope; the context checks it before a handler runs.
        let v1 = api.group(context: KnowledgeBaseWriteContext.self)
        v1.get("kb/articles", use: list)
        v1.post("kb/articles", use: create)
        v1.post("kb/articles/bulk", use: bulk)
        v1.get("kb/articles/{id}", use: get)
        v1.patch("kb/articles/{id}", use: update)
        v1.delete("kb/articles/{id}", use: delete)
        v1.get("kb/search", use: search)
    }

    struct ArticlePayload: Encodable, Sendable {
        var id: UUID
        @Explicit var externalId: String?
        var title: String
        var body: String
        @Explicit var section: String?
        @Explicit var url: String?
        var createdAt: Date
        var updatedAt: Date

        init(article: Article) {
            id = article.id
            externalId = article.externalID
            title = article.title
            body = article.body
            section = article.section
            url = article.url
            createdAt = article.createdAt
            updatedAt = article.updatedAt
        }
    }

    struct ArticleRequest: Decodable {
        let externalId: String?
        let title: String?
        let body: String?
        let section: String?
        let url: String?

        var draft: ArticleDraft { ArticleDraft(externalID: externalId, title: title, body: body, section: section, url: url) }
    }

    struct ArticleResponse: Encodable, Sendable {
        let article: ArticlePayload
    }

    @Sendable func list(request: Request, context: KnowledgeBaseWriteContext) async throws -> APIResponse<APIPage<ArticlePayload>> {
        let query = APIQuery(request: request)
        let limit = try query.limit()
        var after: UUID?
        if let cursor = query.string("cursor") {
            guard let id = Self.articleID(cursor: cursor) else { throw APIQuery.invalid("cursor", "is not a cursor this API returned") }
            after = id
        }
        let rows = try await articles.list(orgID: context.orgID, afterID: after, limit: limit + 1)
        let page = Array(rows.prefix(limit))
        return APIResponse(
            value: APIPage(
                data: page.map(ArticlePayload.init),
                nextCursor: rows.count > limit ? page.last.map { Self.cursor(for: $0.id) } : nil
            )
        )
    }

    @Sendable func get(request: Request, context: KnowledgeBaseWriteContext) async throws -> APIResponse<ArticleResponse> {
        let article = try await articles.find(orgID: context.orgID, articleID: try Self.id(context))
        return APIResponse(value: ArticleResponse(article: .init(article: article)))
    }

    @Sendable func create(request: Request, context: KnowledgeBaseWriteContext) async throws -> APIResponse<ArticleResponse> {
        let body = try await context.decode(ArticleRequest.self, from: request)
        let article = try await articles.create(orgID: context.orgID, draft: body.draft)
        return APIResponse(value: ArticleResponse(article: .init(article: article)), status: .created)
    }

    @Sendable func update(request: Request, context: KnowledgeBaseWriteContext) async throws -> APIResponse<ArticleResponse> {
        let id = try Self.id(context)
        let body = try await context.decode(ArticleRequest.self, from: request)
        let article = try await articles.update(orgID: context.orgID, articleID: id, draft: body.draft)
        return APIResponse(value: ArticleResponse(article: .init(article: article)))
    }

    @Sendable func delete(request: Request, context: KnowledgeBaseWriteContext) async throws -> Response {
        try await articles.delete(orgID: context.orgID, articleID: try Self.id(context))
        return Response(status: .noContent)
    }

    struct BulkRequest: Decodable {
        let articles: [ArticleRequest]
    }

    struct BulkResponse: Encodable, Sendable {
        let created: Int
        let updated: Int
        let data: [ArticlePayload]
    }

    @Sendable func bulk(request: Request, context: KnowledgeBaseWriteContext) async throws -> APIResponse<BulkResponse> {
        let body = try await context.decode(BulkRequest.self, from: request)
        let result = try await articles.upsert(orgID: context.orgID, drafts: body.articles.map(\.draft))
        return APIResponse(value: BulkResponse(created: result.created, updated: result.updated, data: result.articles.map(ArticlePayload.init)))
    }

    struct MatchPayload: Encodable, Sendable {
        var articleId: UUID
        var title: String
        @Explicit var url: String?
        var score: Double
    }

    struct SearchResponse: Encodable, Sendable {
        let answered: Bool
        let answer: String
        let confidence: Double
        let threshold: Double
        let articles: [MatchPayload]
        let matches: [MatchPayload]
    }

    /// The built-in engine's answer to `q` with the organisation's threshold, and the best matches.
    @Sendable func search(request: Request, context: KnowledgeBaseWriteContext) async throws -> APIResponse<SearchResponse> {
        let query = APIQuery(request: request)
        guard let question = query.string("q")?.trimmingCharacters(in: .whitespacesAndNewlines), !question.isEmpty else {
            throw APIQuery.invalid("q", "is required: the question to answer")
        }
        guard Validation.length(question) <= 1000 else { throw APIQuery.invalid("q", "must be at most 1000 characters") }
        let limit = try query.limit(default: 5, max: 20)
        let threshold = try await organisations.settings(for: context.orgID).answerThreshold
        // One search serves both: the engine reads the best two, the list the best `limit` (a prefix of the same ranking).
        let found = try await knowledge.search(orgID: context.orgID, query: question, limit: max(limit, 2))
        let answer = matchAnswering.answer(question: question, matches: Array(found.prefix(2)), threshold: threshold)
        let matches = Array(found.prefix(limit))
        let scores = Dictionary(matches.map { ($0.articleID, $0.score) }, uniquingKeysWith: { first, _ in first })
        let response: SearchResponse =
            switch answer {
            case .answered(let body, let used, let confidence):
                SearchResponse(
                    answered: true,
                    answer: body,
                    confidence: confidence,
                    threshold: threshold,
                    articles: used.map { MatchPayload(articleId: $0.id, title: $0.title, url: $0.url, score: scores[$0.id] ?? confidence) },
                    matches: matches.map(Self.payload)
                )
            case .notSure(let body, let confidence):
                SearchResponse(
                    answered: false,
                    answer: body,
                    confidence: confidence,
                    threshold: threshold,
                    articles: [],
                    matches: matches.map(Self.payload)
                )
            }
        return APIResponse(value: response)
    }

    static func payload(_ match: KnowledgeMatch) -> MatchPayload {
        MatchPayload(articleId: match.articleID, title: match.title, url: match.url, score: match.score)
    }

    static func id(_ context: some RequestContext) throws -> UUID {
        try context.parameters.uuid(notFound: ArticleService.notFound)
    }

    static func cursor(for id: UUID) -> String {
        Data("a1:\(id.uuidString.lowercased())".utf8).base64EncodedString().replacingOccurrences(of: "=", with: "")
    }

    static func articleID(cursor: String) -> UUID? {
        var base64 = cursor
        while base64.count % 4 != 0 { base64 += "=" }
        guard cursor.count < 100, let data = Data(base64Encoded: base64) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        guard text.hasPrefix("a1:") else { return nil }
        return UUID(uuidString: String(text.dropFirst(3)))
    }
}
