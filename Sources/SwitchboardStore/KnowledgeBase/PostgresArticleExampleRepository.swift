import Foundation
import PostgresClient
import SwitchboardDomain

/// Example questions in `kb_examples`; a trigger folds approved ones into their article's ranked
/// vector, so each write changes the ranking as soon as it commits.
public struct PostgresArticleExampleRepository: ArticleExampleRepository {
    private let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    static let columns = "example_id, article_id, question, status, source, conversation_id, created_at, approved_at"

    public func list(orgID: UUID, articleID: UUID) async throws -> [ArticleExample]? {
        try await pool.withTenant(orgID) { session in
            guard try await Self.articleExists(session, orgID: orgID, articleID: articleID) else { return nil }
            return try await session.query(
                "SELECT \(Self.columns) FROM kb_examples WHERE org_id = $1 AND article_id = $2 ORDER BY created_at, example_id",
                [orgID, articleID]
            ).map(Self.example(from:))
        }
    }

    public func add(
        orgID: UUID,
        articleID: UUID,
        questions: [String],
        status: ArticleExample.Status,
        source: ArticleExample.Source,
        agentID: UUID?
    ) async throws -> [ArticleExample]? {
        try await pool.withTenant(orgID) { session in
            guard try await Self.articleExists(session, orgID: orgID, articleID: articleID) else { return nil }
            // One statement for the whole list: the ranking trigger then runs once.
            return try await session.query(
                """
                INSERT INTO kb_examples (org_id, article_id, question, status, source, created_by_agent_id, approved_at, approved_by_agent_id)
                SELECT $1, $2, q.question, $4, $5, $6,
                       CASE WHEN $4 = 'approved' THEN now() END, CASE WHEN $4 = 'approved' THEN $6::uuid END
                FROM unnest($3::text[]) WITH ORDINALITY AS q(question, position)
                ORDER BY q.position
                RETURNING \(Self.columns)
                """,
                [orgID, articleID, questions, status.rawValue, source.rawValue, agentID]
            ).map(Self.example(from:))
        }
    }

    public func update(orgID: UUID, exampleID: UUID, question: String?, approve: Bool, agentID: UUID?) async throws -> ArticleExample? {
        try await pool.withTenant(orgID) { session in
            try await session.query(
                """
                UPDATE kb_examples SET
                    question = COALESCE($3, question),
                    status = CASE WHEN $4 THEN 'approved' ELSE status END,
                    approved_at = CASE WHEN $4 AND status <> 'approved' THEN now() ELSE approved_at END,
                    approved_by_agent_id = CASE WHEN $4 AND status <> 'approved' THEN $5 ELSE approved_by_agent_id END
                WHERE org_id = $1 AND example_id = $2
                RETURNING \(Self.columns)
                """,
                [orgID, exampleID, question, approve, agentID]
            ).singleRow().map(Self.example(from:))
        }
    }

    public func delete(orgID: UUID, exampleID: UUID) async throws -> Bool {
        try await pool.withTenant(orgID) { session in
            try await session.execute("DELETE FROM kb_examples WHERE org_id = $1 AND example_id = $2", [orgID, exampleID]) > 0
        }
    }

    public func propose(orgID: UUID, conversationID: UUID, articleID: UUID, agentID: UUID) async throws -> ArticleExample? {
        try await pool.withTenant(orgID) { session in
            guard try await Self.articleExists(session, orgID: orgID, articleID: articleID) else { return nil }
            // The question the AI got wrong: the customer's message before its latest reply,
            // answered or not sure (the first customer message when it never replied).
            return try await session.query(
                """
                WITH answered AS (
                    SELECT max(seq) AS seq FROM messages
                    WHERE org_id = $1 AND conversation_id = $2 AND author_kind = 'ai'
                ),
                asked AS (
                    SELECT left(btrim(m.body), 1000) AS question
                    FROM messages m, answered a
                    WHERE m.org_id = $1 AND m.conversation_id = $2 AND m.author_kind = 'customer' AND btrim(m.body) <> ''
                      AND (a.seq IS NULL OR m.seq < a.seq)
                    ORDER BY CASE WHEN a.seq IS NULL THEN m.seq ELSE -m.seq END
                    LIMIT 1
                )
                INSERT INTO kb_examples (org_id, article_id, question, status, source, conversation_id, created_by_agent_id)
                SELECT $1, $3, question, 'proposed', 'correction', $2, $4 FROM asked
                ON CONFLICT (org_id, conversation_id) WHERE conversation_id IS NOT NULL DO UPDATE
                    SET article_id = EXCLUDED.article_id, question = EXCLUDED.question,
                        created_by_agent_id = EXCLUDED.created_by_agent_id
                RETURNING \(Self.columns)
                """,
                [orgID, conversationID, articleID, agentID]
            ).singleRow().map(Self.example(from:))
        }
    }

    public func fromConversation(orgID: UUID, conversationID: UUID) async throws -> ArticleExample? {
        try await pool.withTenant(orgID) { session in
            try await session.query(
                "SELECT \(Self.columns) FROM kb_examples WHERE org_id = $1 AND conversation_id = $2",
                [orgID, conversationID]
            ).singleRow().map(Self.example(from:))
        }
    }

    public func approveProposal(orgID: UUID, conversationID: UUID, agentID: UUID) async throws -> ArticleExample? {
        try await pool.withTenant(orgID) { session in
            try await session.query(
                """
                UPDATE kb_examples SET status = 'approved', approved_at = now(), approved_by_agent_id = $3
                WHERE org_id = $1 AND conversation_id = $2 AND status = 'proposed'
                RETURNING \(Self.columns)
                """,
                [orgID, conversationID, agentID]
            ).singleRow().map(Self.example(from:))
        }
    }

    static func articleExists(_ session: PostgresSession, orgID: UUID, articleID: UUID) async throws -> Bool {
        try await session.query("SELECT 1 FROM kb_articles WHERE org_id = $1 AND article_id = $2", [orgID, articleID]).singleRow() != nil
    }

    static func example(from row: PostgresRow) throws -> ArticleExample {
        ArticleExample(
            id: try row.decode("example_id"),
            articleID: try row.decode("article_id"),
            question: try row.decode("question"),
            status: ArticleExample.Status(rawValue: try row.decode("status")) ?? .proposed,
            source: ArticleExample.Source(rawValue: try row.decode("source")) ?? .console,
            conversationID: try row.decode("conversation_id"),
            createdAt: try row.decode("created_at"),
            approvedAt: try row.decode("approved_at")
        )
    }
}
