import Foundation
import PostgresClient
import SwitchboardDomain

/// The AI System Test Plan in PostgreSQL: test_plan_items and their test_results.
public struct PostgresTestPlanRepository: TestPlanRepository {
    private let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// Items with their expected article's title, newest result and its tester's name.
    static let select = """
        SELECT i.item_id, i.position, i.title, i.steps, i.expected_result,
               i.question, i.expectation, i.expected_article_id, article.title AS expected_article_title,
               r.outcome, r.note, r.tested_at, COALESCE(tester.display_name, r.tester_name) AS tester
        FROM test_plan_items i
        LEFT JOIN kb_articles article ON article.org_id = i.org_id AND article.article_id = i.expected_article_id
        LEFT JOIN LATERAL (
            SELECT outcome, note, tested_at, tester_agent_id, tester_name FROM test_results
            WHERE org_id = i.org_id AND item_id = i.item_id
            ORDER BY tested_at DESC, result_id DESC LIMIT 1
        ) r ON true
        LEFT JOIN agents tester ON tester.org_id = i.org_id AND tester.agent_id = r.tester_agent_id
        """

    public func items(orgID: UUID) async throws -> [TestPlanItem] {
        try await pool.withTenant(orgID) { session in
            try await session.query("\(Self.select) WHERE i.org_id = $1 ORDER BY i.position, i.created_at, i.item_id", [orgID])
                .map(Self.item(from:))
        }
    }

    public func item(orgID: UUID, itemID: UUID) async throws -> TestPlanItem? {
        try await pool.withTenant(orgID) { session in try await Self.item(session, orgID: orgID, itemID: itemID) }
    }

    public func create(orgID: UUID, title: String, steps: String?, expectedResult: String?, check: TestCase?) async throws -> TestPlanItem {
        try await pool.withTenant(orgID) { session in
            let id: UUID = try await session.query(
                """
                INSERT INTO test_plan_items (org_id, position, title, steps, expected_result, question, expectation, expected_article_id)
                SELECT $1, COALESCE(max(position) + 1, 0), $2, $3, $4, $5, $6, $7 FROM test_plan_items WHERE org_id = $1
                RETURNING item_id
                """,
                [orgID, title, steps, expectedResult, check?.question, check?.expectation.kind, check?.expectation.articleID]
            ).singleRow()!.decode("item_id")
            return try await Self.item(session, orgID: orgID, itemID: id)!
        }
    }

    public func update(orgID: UUID, itemID: UUID, draft: TestPlanDraft) async throws -> TestPlanItem? {
        try await pool.withTenant(orgID) { session in
            // nil keeps a field; an empty steps or expected result clears it. The question, its
            // expectation and article change together ($7: keep them).
            var check: TestCase?
            if case .set(let value) = draft.check { check = value }
            let keepCheck = draft.check == .keep
            let updated = try await session.execute(
                """
                UPDATE test_plan_items SET
                    title = COALESCE($3, title),
                    steps = CASE WHEN $4::text IS NULL THEN steps ELSE NULLIF($4, '') END,
                    expected_result = CASE WHEN $5::text IS NULL THEN expected_result ELSE NULLIF($5, '') END,
                    position = COALESCE($6, position),
                    question = CASE WHEN $7 THEN question ELSE $8 END,
                    expectation = CASE WHEN $7 THEN expectation ELSE $9 END,
                    expected_article_id = CASE WHEN $7 THEN expected_article_id ELSE $10::uuid END,
                    updated_at = now()
                WHERE org_id = $1 AND item_id = $2
                """,
                [
                    orgID, itemID, draft.title, draft.steps, draft.expectedResult, draft.position,
                    keepCheck, check?.question, check?.expectation.kind, check?.expectation.articleID,
                ]
            )
            guard updated == 1 else { return nil }
            return try await Self.item(session, orgID: orgID, itemID: itemID)
        }
    }

    public func delete(orgID: UUID, itemID: UUID) async throws -> Bool {
        try await pool.withTenant(orgID) { session in
            try await session.execute("DELETE FROM test_plan_items WHERE org_id = $1 AND item_id = $2", [orgID, itemID]) == 1
        }
    }

    public func record(orgID: UUID, itemID: UUID, outcome: TestResult.Outcome, note: String?, tester: TestPlanTester) async throws -> TestPlanItem? {
        var agentID: UUID?
        var name: String?
        switch tester {
        case .agent(let id): agentID = id
        case .named(let runner): name = runner
        }
        return try await pool.withTenant(orgID) { session in
            let inserted = try await session.execute(
                """
                INSERT INTO test_results (org_id, item_id, outcome, note, tester_agent_id, tester_name)
                SELECT org_id, item_id, $3, $4, $5, $6 FROM test_plan_items WHERE org_id = $1 AND item_id = $2
                """,
                [orgID, itemID, outcome.rawValue, note, agentID, name]
            )
            guard inserted == 1 else { return nil }
            return try await Self.item(session, orgID: orgID, itemID: itemID)
        }
    }

    static func item(_ session: PostgresSession, orgID: UUID, itemID: UUID) async throws -> TestPlanItem? {
        try await session.query("\(select) WHERE i.org_id = $1 AND i.item_id = $2", [orgID, itemID]).singleRow().map(item(from:))
    }

    static func item(from row: PostgresRow) throws -> TestPlanItem {
        var result: TestResult?
        if let outcome = try row.decode("outcome", as: String?.self).flatMap(TestResult.Outcome.init(rawValue:)) {
            result = TestResult(
                outcome: outcome,
                note: try row.decode("note"),
                tester: try row.decode("tester"),
                testedAt: try row.decode("tested_at")
            )
        }
        var check: TestCase?
        if let question = try row.decode("question", as: String?.self),
            let expectation = TestCase.Expectation(
                kind: try row.decode("expectation", as: String?.self) ?? "",
                articleID: try row.decode("expected_article_id")
            )
        {
            check = TestCase(question: question, expectation: expectation)
        }
        return TestPlanItem(
            id: try row.decode("item_id"),
            position: try row.decode("position"),
            title: try row.decode("title"),
            steps: try row.decode("steps"),
            expectedResult: try row.decode("expected_result"),
            check: check,
            expectedArticleTitle: try row.decode("expected_article_title"),
            result: result
        )
    }
}
