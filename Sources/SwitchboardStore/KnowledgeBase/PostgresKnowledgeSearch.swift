import Foundation
import PostgresClient
import SwitchboardDomain

/// Knowledge-base search with PostgreSQL full text, inside the organisation's tenant transaction.
///
/// The customer's text is parsed with `websearch_to_tsquery` (it never raises on any input and
/// honours quotes, `or` and `-word`); chat questions rarely contain every word of the article
/// that answers them, so every parsed, non-negated lexeme is a term of its own and an article
/// needs only one of them to be a candidate (an OR query). Terms come from the question, from the
/// organisation's vocabulary (a term the customer used adds its meaning) and from spelling
/// corrections (a word the knowledge base never uses also reads as its closest known word, at
/// `Tuning.correctionWeight`). Articles are ranked on `ranked`: their own text plus their approved
/// example questions. Each candidate gets three figures:
///
/// - strength: `ts_rank` per term with weights title 1.0, section and examples 0.4, body 0.2,
///   half as the plain mean over the terms and half weighted by each term's rarity, so a common
///   title word ("change", "watch") picks fewer wrong articles;
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

    /// How much spelling corrections and examples count; the defaults are measured (BENCHMARKS.md).
    public struct Tuning: Sendable {
        /// Least trigram similarity for reading an unknown word as a known one.
        public var spellingSimilarity = 0.45
        /// How much a corrected word counts next to a word the customer typed right.
        public var correctionWeight = 0.8
        /// raw / (raw + k): the raw figure at which an article's own score is 0.5.
        public var scoreHalfPoint = PostgresKnowledgeSearch.scoreHalfPoint

        public init() {}
    }

    private let pool: PostgresPool
    private let tuning: Tuning

    public init(pool: PostgresPool, tuning: Tuning = Tuning()) {
        self.pool = pool
        self.tuning = tuning
    }

    public func search(orgID: UUID, query: String, context: String, limit: Int) async throws -> [KnowledgeMatch] {
        guard limit > 0, !query.allSatisfy(\.isWhitespace) else { return [] }
        let question = String(query.prefix(Self.maxQueryCharacters))
        let earlier = String(context.prefix(Self.maxQueryCharacters))
        let rows = try await pool.withTenant(orgID) { session in
            try await session.query(
                Self.sql,
                [orgID, question, earlier, limit, Self.contextWeight, Self.candidatePool, tuning.scoreHalfPoint,
                 tuning.spellingSimilarity, tuning.correctionWeight])
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

    // $1 org, $2 question, $3 context, $4 limit, $5 context weight, $6 candidate pool, $7 half point,
    // $8 least spelling similarity, $9 weight of a corrected word.
    // A lexeme becomes a one-term tsquery by quoting it (quotes and backslashes doubled), never
    // by parsing: the customer's text cannot add operators.
    static let sql = #"""
        WITH parsed AS (
            SELECT websearch_to_tsquery('english', $2::text) AS question,
                   websearch_to_tsquery('english', $3::text) AS context,
                   ' ' || btrim(regexp_replace(lower($2::text), '[^[:alnum:]]+', ' ', 'g')) || ' ' AS spaced
        ),
        meanings AS (
            SELECT websearch_to_tsquery('english', v.meaning) AS query
            FROM kb_vocabulary v, parsed p
            WHERE v.org_id = $1
              AND p.spaced LIKE '% ' || btrim(regexp_replace(lower(v.term), '[^[:alnum:]]+', ' ', 'g')) || ' %'
        ),
        corrections AS (
            SELECT websearch_to_tsquery('english', best.word) AS query
            FROM parsed p
            CROSS JOIN LATERAL regexp_split_to_table(btrim(p.spaced), ' ') AS typed(word)
            CROSS JOIN LATERAL (
                SELECT l.word FROM kb_lexicon l
                WHERE l.org_id = $1 AND l.word % typed.word AND similarity(l.word, typed.word) >= $8::float8
                ORDER BY similarity(l.word, typed.word) DESC, l.word
                LIMIT 1
            ) AS best
            WHERE char_length(typed.word) BETWEEN 4 AND 30 AND typed.word !~ '[0-9]'
              AND to_tsvector('english', typed.word) <> ''::tsvector
              AND NOT EXISTS (SELECT 1 FROM kb_lexicon k WHERE k.org_id = $1 AND k.word = typed.word)
        ),
        sources AS (
            SELECT question AS query, 1.0::float8 AS weight FROM parsed
            UNION ALL SELECT context, $5::float8 FROM parsed
            UNION ALL SELECT query, 1.0::float8 FROM meanings
            UNION ALL SELECT query, $9::float8 FROM corrections
        ),
        words AS (
            SELECT replace(m[2], '''''', '''') AS lexeme, max(s.weight) AS weight
            FROM sources s, regexp_matches(s.query::text, '(!?)''((?:[^'']|'''')+)''', 'g') AS m
            WHERE m[1] = ''
            GROUP BY 1
        ),
        collection AS (
            SELECT count(*)::float8 AS articles FROM kb_articles WHERE org_id = $1
        ),
        terms AS (
            SELECT w.weight, t.query,
                   ln(1 + (c.articles + 1)
                          / ((SELECT count(*) FROM kb_articles a WHERE a.org_id = $1 AND a.ranked @@ t.query) + 0.5)) AS idf
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
            SELECT a.article_id, a.title, a.url, a.section, a.body, a.ranked AS search,
                   ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', a.ranked, q.query, 32) AS density
            FROM kb_articles a, question q
            WHERE a.org_id = $1
              AND a.ranked @@ q.query
            ORDER BY density DESC, a.article_id
            LIMIT $6
        ),
        figures AS (
            SELECT c.article_id,
                   coalesce(0.5 * sum(t.weight * ts_rank('{0.1, 0.2, 0.4, 1.0}', c.search, t.query)) / min(q.weight)
                            + 0.5 * sum(t.weight * t.idf * ts_rank('{0.1, 0.2, 0.4, 1.0}', c.search, t.query)) / min(q.information), 0) AS strength,
                   coalesce(sum(t.weight * t.idf) FILTER (WHERE c.search @@ t.query), 0) / min(q.information) AS coverage
            FROM candidates c CROSS JOIN terms t CROSS JOIN question q
            GROUP BY c.article_id
        ),
        best AS (
            SELECT c.article_id, c.title, c.url, c.section, c.body,
                   f.strength * sqrt(f.coverage) * (1 + c.density) AS raw
            FROM candidates c JOIN figures f USING (article_id)
            ORDER BY raw DESC, c.title, c.article_id
            LIMIT $4
        )
        SELECT b.article_id, b.title, b.url, b.section, b.raw / (b.raw + $7::float8) AS score,
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
