import Foundation
import PostgresClient
import SwitchboardDomain

/// Knowledge-base articles in `kb_articles`; the search vector is a generated column, so every
/// write is searchable by the answer engine as soon as it commits.
public struct PostgresArticleRepository: ArticleRepository {
    private let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    static let columns = "article_id, external_id, title, body, section, url, created_at, updated_at"

    public func list(orgID: UUID, afterID: UUID?, limit: Int) async throws -> [Article] {
        try await pool.withTenant(orgID) { session in
            try await session.query(
                """
                SELECT \(Self.columns) FROM kb_articles
                WHERE org_id = $1 AND ($2::uuid IS NULL OR article_id > $2)
                ORDER BY article_id LIMIT $3
                """,
                [orgID, afterID, max(1, min(limit, 1000))]
            ).map(Self.article(from:))
        }
    }

    public func find(orgID: UUID, articleID: UUID) async throws -> Article? {
        try await pool.withTenant(orgID) { session in
            try await session.query("SELECT \(Self.columns) FROM kb_articles WHERE org_id = $1 AND article_id = $2", [orgID, articleID])
                .singleRow().map(Self.article(from:))
        }
    }

    public func create(orgID: UUID, draft: ArticleDraft) async throws -> Article {
        try await Self.mapDuplicate {
            try await pool.withTenant(orgID) { session in
                try await session.query(
                    """
                    INSERT INTO kb_articles (org_id, external_id, title, body, section, url)
                    VALUES ($1, NULLIF($2, ''), $3, $4, NULLIF($5, ''), NULLIF($6, ''))
                    RETURNING \(Self.columns)
                    """,
                    [orgID, draft.externalID, draft.title ?? "", draft.body ?? "", draft.section, draft.url]
                ).singleRow().map(Self.article(from:))!
            }
        }
    }

    public func update(orgID: UUID, articleID: UUID, draft: ArticleDraft) async throws -> Article? {
        try await Self.mapDuplicate {
            try await pool.withTenant(orgID) { session in
                // nil keeps a field; "" clears an optional one.
                try await session.query(
                    """
                    UPDATE kb_articles SET
                        external_id = CASE WHEN $3::text IS NULL THEN external_id ELSE NULLIF($3, '') END,
                        title = COALESCE($4, title), body = COALESCE($5, body),
                        section = CASE WHEN $6::text IS NULL THEN section ELSE NULLIF($6, '') END,
                        url = CASE WHEN $7::text IS NULL THEN url ELSE NULLIF($7, '') END,
                        updated_at = now()
                    WHERE org_id = $1 AND article_id = $2
                    RETURNING \(Self.columns)
                    """,
                    [orgID, articleID, draft.externalID, draft.title, draft.body, draft.section, draft.url]
                ).singleRow().map(Self.article(from:))
            }
        }
    }

    public func delete(orgID: UUID, articleID: UUID) async throws -> Bool {
        try await pool.withTenant(orgID) { session in
            try await session.execute("DELETE FROM kb_articles WHERE org_id = $1 AND article_id = $2", [orgID, articleID]) == 1
        }
    }

    public func upsert(orgID: UUID, drafts: [ArticleDraft]) async throws -> BulkUpsertResult {
        try await pool.withTenant(orgID) { session in
            var created = 0
            var updated = 0
            var articles: [Article] = []
            for draft in drafts {
                // xmax = 0 only for a freshly inserted row: tells a create from an update.
                let row = try await session.query(
                    """
                    INSERT INTO kb_articles (org_id, external_id, title, body, section, url)
                    VALUES ($1, $2, $3, $4, NULLIF($5, ''), NULLIF($6, ''))
                    ON CONFLICT (org_id, external_id) DO UPDATE SET
                        title = EXCLUDED.title, body = EXCLUDED.body, section = EXCLUDED.section, url = EXCLUDED.url,
                        updated_at = now()
                    RETURNING \(Self.columns), (xmax = 0) AS inserted
                    """,
                    [orgID, draft.externalID, draft.title ?? "", draft.body ?? "", draft.section, draft.url]
                ).singleRow()!
                if try row.decode("inserted", as: Bool.self) { created += 1 } else { updated += 1 }
                articles.append(try Self.article(from: row))
            }
            return BulkUpsertResult(created: created, updated: updated, articles: articles)
        }
    }

    static func mapDuplicate<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as PostgresError where error.kind == .uniqueViolation {
            throw ArticleService.duplicateExternalID
        }
    }

    static func article(from row: PostgresRow) throws -> Article {
        Article(
            id: try row.decode("article_id"),
            externalID: try row.decode("external_id"),
            title: try row.decode("title"),
            body: try row.decode("body"),
            section: try row.decode("section"),
            url: try row.decode("url"),
            createdAt: try row.decode("created_at"),
            updatedAt: try row.decode("updated_at")
        )
    }
}
