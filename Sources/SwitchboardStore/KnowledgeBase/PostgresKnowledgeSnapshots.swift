import Foundation
import PostgresClient
import SwitchboardDomain

/// Reads an organisation's knowledge base for the in-memory index, and the revision that
/// `kb_revisions`' triggers move on every change to its articles, examples or vocabulary.
public struct PostgresKnowledgeSnapshots: KnowledgeSnapshotSource {
    private let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    public func revision(orgID: UUID) async throws -> Int64 {
        try await pool.withTenant(orgID) { session in
            try await Self.revision(orgID: orgID, session: session)
        }
    }

    public func snapshot(orgID: UUID) async throws -> KnowledgeSnapshot {
        // The revision is read first: rows changed after it make the snapshot newer than its label,
        // never older, and the next search (seeing the newer revision) simply builds again.
        try await pool.withTenant(orgID) { session in
            let revision = try await Self.revision(orgID: orgID, session: session)
            let articles = try await session.query(
                """
                SELECT a.article_id, a.title, a.url, a.section, a.body,
                       coalesce(array_agg(e.question ORDER BY e.created_at, e.example_id)
                                FILTER (WHERE e.example_id IS NOT NULL), '{}') AS examples
                FROM kb_articles a
                LEFT JOIN kb_examples e
                  ON e.org_id = a.org_id AND e.article_id = a.article_id AND e.status = 'approved'
                WHERE a.org_id = $1
                GROUP BY a.org_id, a.article_id
                ORDER BY a.article_id
                """,
                [orgID]
            ).map { row in
                IndexedArticle(
                    id: try row.decode("article_id"),
                    title: try row.decode("title"),
                    url: try row.decode("url"),
                    section: try row.decode("section"),
                    body: try row.decode("body"),
                    examples: try row.decode("examples")
                )
            }
            let vocabulary = try await session.query(
                "SELECT term, meaning FROM kb_vocabulary WHERE org_id = $1 ORDER BY term_id",
                [orgID]
            ).map { row in VocabularyPair(term: try row.decode("term"), meaning: try row.decode("meaning")) }
            return KnowledgeSnapshot(revision: revision, articles: articles, vocabulary: vocabulary)
        }
    }

    private static func revision(orgID: UUID, session: PostgresSession) async throws -> Int64 {
        try await session.query("SELECT revision FROM kb_revisions WHERE org_id = $1", [orgID])
            .first.map { try $0.decode("revision", as: Int64.self) } ?? 0
    }
}
