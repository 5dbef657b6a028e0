import Foundation
import PostgresClient
import SwitchboardDomain

/// Knowledge-base search with PostgreSQL full text, inside the organisation's tenant transaction.
///
/// The customer's text is parsed with `websearch_to_tsquery` (it never raises on any input and
/// honours quotes, `or` and `-word`); chat questions rarely contain every word of the article
/// that answers them, so every parsed, non-negated lexeme is a term of its own and an article
/// needs only one of them to be a candidate (an OR query). Each candidate gets three figures:
///
/// - strength: the mean over the question's terms of `ts_rank` with weights title 1.0, section
///   0.4, body 0.2 (for an OR query PostgreSQL's own `ts_rank` is exactly this mean);
/// - coverage: the share of the question's information the article contains, each term weighted
///   by its inverse document frequency in this organisation's articles, so missing a rare word
///   ("ferry ticket") costs more than missing a common one ("course");
/// - density: `ts_rank_cd` of the whole question, normalised to 0...1, which rewards articles
///   where the question's words stand close together.
///
/// raw = strength × √coverage × (1 + density), and `score = raw / (raw + 0.15)`: 0 for no match,
/// 0.5 when raw is 0.15. Context words (follow-ups) count `contextWeight` as much as the query's
/// own words. One round trip returns the top articles and, for each, the paragraph with the most
/// of the question's information.
public struct PostgresKnowledgeSearch: KnowledgeSearch {
    /// raw / (raw + k): the raw figure at which the score is 0.5.
    public static let scoreHalfPoint = 0.15
    /// How much a context word counts next to a word of the question itself.
    public static let contextWeight = 0.5
    /// Candidates rescored per question, taken by cover density (`ts_rank_cd`) first.
    static let candidatePool = 50
    /// Longer questions are cut: the first 2000 characters say what the customer wants.
    static let maxQueryCharacters = 2000

    private let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    public func search(orgID: UUID, query: String, context: String, limit: Int) async throws -> [KnowledgeMatch] {
        guard limit > 0, !query.allSatisfy(\.isWhitespace) else { return [] }
        let question = String(query.prefix(Self.maxQueryCharacters))
        let earlier = String(context.prefix(Self.maxQueryCharacters))
        let rows = try await pool.withTenant(orgID) { session in
            try await session.query(
                Self.sql,
                [orgID, question, earlier, limit, Self.contextWeight, Self.candidatePool, Self.scoreHalfPoint])
        }
        return try rows.map { row in
            KnowledgeMatch(
                articleID: try row.decode("article_id"),
                title: try row.decode("title"),
                url: try row.decode("url"),
                section: try row.decode("section"),
                score: try row.decode("score"),
                passage: try row.decode("passage"))
        }
    }

    // $1 org, $2 question, $3 context, $4 limit, $5 context weight, $6 candidate pool, $7 half point.
    // A lexeme becomes a one-term tsquery by quoting it (quotes and backslashes doubled), never
    // by parsing: the customer's text cannot add operators.
    static let sql = #"""
        WITH parsed AS (
            SELECT websearch_to_tsquery('english', $2::text) AS question,
                   websearch_to_tsquery('english', $3::text) AS context
        ),
        words AS (
            SELECT lexeme, max(weight) AS weight
            FROM (
                SELECT replace(m[2], '''''', '''') AS lexeme, 1.0::float8 AS weight
                FROM parsed, regexp_matches(parsed.question::text, '(!?)''((?:[^'']|'''')+)''', 'g') AS m
                WHERE m[1] = ''
                UNION ALL
                SELECT replace(m[2], '''''', ''''), $5::float8
                FROM parsed, regexp_matches(parsed.context::text, '(!?)''((?:[^'']|'''')+)''', 'g') AS m
                WHERE m[1] = ''
            ) AS typed
            GROUP BY lexeme
        ),
        collection AS (
            SELECT count(*)::float8 AS articles FROM kb_articles WHERE org_id = $1
        ),
        terms AS (
            SELECT w.weight, t.query,
                   ln(1 + (c.articles + 1)
                          / ((SELECT count(*) FROM kb_articles a WHERE a.org_id = $1 AND a.search @@ t.query) + 0.5)) AS idf
            FROM words w
            CROSS JOIN LATERAL (
                SELECT ('''' || replace(replace(w.lexeme, '\', '\\'), '''', '''''') || '''')::tsquery AS query
            ) AS t
            CROSS JOIN collection c
        ),
        question AS (
            SELECT string_agg(query::text, ' | ')::tsquery AS query, sum(weight) AS weight, sum(weight * idf) AS information
            FROM terms
        ),
        candidates AS (
            SELECT a.article_id, a.title, a.url, a.section, a.body, a.search,
                   ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', a.search, q.query, 32) AS density
            FROM kb_articles a, question q
            WHERE a.org_id = $1 AND a.search @@ q.query
            ORDER BY density DESC, a.article_id
            LIMIT $6
        ),
        figures AS (
            SELECT c.article_id,
                   sum(t.weight * ts_rank('{0.1, 0.2, 0.4, 1.0}', c.search, t.query)) / min(q.weight) AS strength,
                   coalesce(sum(t.weight * t.idf) FILTER (WHERE c.search @@ t.query), 0) / min(q.information) AS coverage
            FROM candidates c CROSS JOIN terms t CROSS JOIN question q
            GROUP BY c.article_id
        ),
        best AS (
            SELECT c.article_id, c.title, c.url, c.section, c.body, f.strength * sqrt(f.coverage) * (1 + c.density) AS raw
            FROM candidates c JOIN figures f USING (article_id)
            ORDER BY raw DESC, c.title, c.article_id
            LIMIT $4
        )
        SELECT b.article_id, b.title, b.url, b.section,
               b.raw / (b.raw + $7::float8) AS score,
               coalesce(p.passage, btrim(b.body, E' \t\r\n')) AS passage
        FROM best b
        LEFT JOIN LATERAL (
            SELECT btrim(part.text, E' \t\r\n') AS passage
            FROM regexp_split_to_table(b.body, '\n\s*\n') WITH ORDINALITY AS part(text, position)
            CROSS JOIN LATERAL (SELECT to_tsvector('english', part.text) AS vector) AS v
            WHERE btrim(part.text, E' \t\r\n') <> ''
            ORDER BY (SELECT sum(t.weight * t.idf * (1 + ts_rank(v.vector, t.query)))
                      FROM terms t WHERE v.vector @@ t.query) DESC NULLS LAST,
                     part.position
            LIMIT 1
        ) AS p ON true
        ORDER BY score DESC, b.title, b.article_id
        """#
}
