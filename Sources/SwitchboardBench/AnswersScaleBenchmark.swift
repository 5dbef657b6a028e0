import ArgumentParser
import Foundation
import PostgresClient
import SwitchboardAI
import SwitchboardDomain
import SwitchboardStore

/// `switchboard-bench answers-scale`: the built-in engine's latency with a large knowledge base
/// (default 5,000 articles and 50,000 approved examples) made from the evaluation sets' texts.
struct AnswersScaleBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "answers-scale",
        abstract: "Answer latency with many articles and examples (p50, p99, max)."
    )

    @Option(name: .customLong("database-url"), help: "URL for switchboard_app on a migrated database.")
    var url: String

    @Option(help: "Folder of evaluation sets (*.json).")
    var sets = "Tests/SwitchboardAITests/Evaluation"

    @Option(help: "Articles to load.")
    var articles = 5000

    @Option(help: "Approved examples per article.")
    var examplesPerArticle = 10

    func run() async throws {
        let pool = AnswerBench.pool(url: url)
        let loaded = try AnswerBench.sets(in: sets).map(\.set)
        let sources = loaded.flatMap(\.articles)
        let questions = sources.flatMap(\.questions) + loaded.flatMap(\.outOfScope)
        let orgID = UUID()
        let started = ContinuousClock.now
        try await pool.withTenant(orgID) { session in
            try await AnswerBench.createOrganisation(orgID, name: "Scale", session: session)
        }
        // Copies of the sets' articles, each titled apart, in batches of 250 per transaction;
        // each copy gets the source's examples, then other articles' examples as filler.
        var generator = SystemRandomNumberGenerator()
        let allExamples = sources.flatMap(\.examples)
        for batch in stride(from: 0, to: articles, by: 250) {
            try await pool.withTenant(orgID) { session in
                for index in batch..<min(batch + 250, articles) {
                    let source = sources[index % sources.count]
                    let id = UUID()
                    try await session.execute(
                        "INSERT INTO kb_articles (org_id, article_id, title, body, section) VALUES ($1, $2, $3, $4, $5)",
                        [orgID, id, "\(source.title) (\(index / sources.count + 1))", source.body, source.section]
                    )
                    var questions = Array(source.examples.prefix(examplesPerArticle))
                    while questions.count < examplesPerArticle { questions.append(allExamples.randomElement(using: &generator)!) }
                    try await session.execute(
                        """
                        INSERT INTO kb_examples (org_id, article_id, question, status, source, approved_at)
                        SELECT $1, $2, q, 'approved', 'import', now() FROM unnest($3::text[]) AS q
                        """,
                        [orgID, id, questions]
                    )
                }
            }
        }
        let loadTime = ContinuousClock.now - started
        let engine = KnowledgeBaseEngine(knowledge: IndexedKnowledgeSearch(source: PostgresKnowledgeSnapshots(pool: pool)))
        var latencies: [Double] = []
        // The first answer builds the organisation's index (read, tokenise, stem): measured alone.
        let building = ContinuousClock.now
        let threshold = KnowledgeBaseEngine.recommendedThreshold
        _ = try await engine.answer(AnswerRequest(orgID: orgID, question: questions[0], history: [], threshold: threshold))
        let buildTime = ContinuousClock.now - building
        for question in questions.prefix(20) {  // warm-up: plans and caches
            _ = try await engine.answer(AnswerRequest(orgID: orgID, question: question, history: [], threshold: threshold))
        }
        for question in questions {
            let begin = ContinuousClock.now
            _ = try await engine.answer(AnswerRequest(orgID: orgID, question: question, history: [], threshold: threshold))
            let elapsed = ContinuousClock.now - begin
            latencies.append(AnswerBench.milliseconds(elapsed))
        }
        latencies.sort()
        func at(_ p: Double) -> Double { AnswerBench.percentile(latencies, p) }
        print(
            String(
                format: "{\"articles\": %d, \"examples\": %d, \"questions\": %d, \"load_s\": %.1f, \"index_build_ms\": %.0f, "
                    + "\"p50_ms\": %.1f, \"p99_ms\": %.1f, \"max_ms\": %.1f}",

                articles,
                articles * examplesPerArticle,
                latencies.count,
                Double(loadTime.components.seconds),
                AnswerBench.milliseconds(buildTime),
                at(0.5),
                at(0.99),
                latencies.last ?? 0
            )
        )
        try await AnswerBench.removeOrganisation(orgID, pool: pool)
        await pool.shutdown()
    }
}
