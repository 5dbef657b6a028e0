import ArgumentParser
import Foundation
import PostgresClient
import SwitchboardAI
import SwitchboardDomain
import SwitchboardStore

/// An evaluation set: a knowledge base, example questions per article (training data), test
/// questions per article, and questions no article answers (Tests/SwitchboardAITests/Evaluation).
struct EvaluationSet: Decodable {
    struct Article: Decodable {
        let key: String
        let title: String
        let section: String?
        let body: String
        let examples: [String]
        let questions: [String]
    }

    let organisation: String
    let articles: [Article]
    let outOfScope: [String]

    enum CodingKeys: String, CodingKey {
        case organisation, articles
        case outOfScope = "out_of_scope"
    }

    static func load(_ url: URL) throws -> EvaluationSet {
        try JSONDecoder().decode(EvaluationSet.self, from: Data(contentsOf: url))
    }
}

/// What both answer benchmarks share: their pool, the evaluation sets, a throwaway
/// organisation, and milliseconds and percentiles for latencies.
enum AnswerBench {
    static func pool(url: String) -> PostgresPool {
        PostgresPool(
            configuration: .init(
                connectionString: url,
                poolSize: 2,
                applicationName: "switchboard-bench",
                searchPath: SwitchboardDatabase.searchPath
            )
        )
    }

    /// The evaluation sets in `folder`, by file name.
    static func sets(in folder: String) throws -> [(name: String, set: EvaluationSet)] {
        try FileManager.default.contentsOfDirectory(at: URL(fileURLWithPath: folder), includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
            .map { ($0.deletingPathExtension().lastPathComponent, try EvaluationSet.load($0)) }
    }

    /// A new organisation with default settings, inside the caller's tenant transaction.
    static func createOrganisation(_ orgID: UUID, name: String, session: PostgresSession) async throws {
        try await session.execute(
            "INSERT INTO organisations (org_id, slug, name) VALUES ($1, $2, $3)",
            [orgID, "bench-\(orgID.uuidString.prefix(8).lowercased())", name]
        )
        try await session.execute("INSERT INTO organisation_settings (org_id) VALUES ($1)", [orgID])
    }

    static func removeOrganisation(_ orgID: UUID, pool: PostgresPool) async throws {
        try await pool.withTenant(orgID) { session in
            try await session.execute("DELETE FROM organisations WHERE org_id = $1", [orgID])
        }
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    /// The `p` quantile (0...1) of sorted values (nearest rank); 0 for none.
    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, max(0, Int((Double(sorted.count) * p).rounded(.up)) - 1))]
    }
}

/// What the built-in engine did with one evaluation set at one number of examples per article.
struct EvaluationResult {
    var set: String
    var examplesPerArticle: Int
    var inScope = 0
    var rightArticle = 0
    var wrongArticle = 0
    var declinedInScope = 0
    var outOfScope = 0
    var declinedOutOfScope = 0
    var latenciesMilliseconds: [Double] = []
    /// Questions answered from another article, for reading (first 10).
    var misses: [String] = []
    /// Each in-scope answer's confidence and whether its best article was the right one.
    var confidences: [(confidence: Double, right: Bool)] = []
    var outOfScopeConfidences: [Double] = []
    /// In-memory runs only: each question's best article's evidence, for `--dump`.
    var evidence: [EvidenceRow] = []

    var rightShare: Double { Double(rightArticle) / Double(max(inScope, 1)) }
    var declinedShare: Double { Double(declinedOutOfScope) / Double(max(outOfScope, 1)) }

    func percentile(_ p: Double) -> Double {
        AnswerBench.percentile(latenciesMilliseconds.sorted(), p)
    }
}

/// Asks the built-in engine every question of an evaluation set, with its articles loaded into a
/// fresh organisation (the product's path) or straight into an in-memory index (`inMemory`).
struct AnswerEvaluator {
    let pool: PostgresPool?
    let threshold: Double
    var thesaurus = Thesaurus.customerService
    var tuning = KnowledgeIndex.Tuning()

    func run(_ set: EvaluationSet, name: String, examplesPerArticle: Int) async throws -> EvaluationResult {
        let orgID = UUID()
        let articles = set.articles.map { article in
            IndexedArticle(
                id: UUID(),
                title: article.title,
                url: nil,
                section: article.section,
                body: article.body,
                examples: Array(article.examples.prefix(examplesPerArticle))
            )
        }
        let search: any KnowledgeSearch
        var evidenceIndex: KnowledgeIndex?
        if let pool {
            try await load(articles, into: orgID, name: set.organisation, pool: pool)
            search = IndexedKnowledgeSearch(source: PostgresKnowledgeSnapshots(pool: pool), thesaurus: thesaurus, tuning: tuning)
        } else {
            let index = KnowledgeIndex(articles: articles, vocabulary: [], thesaurus: thesaurus, tuning: tuning)
            search = FixedIndexSearch(index: index)
            evidenceIndex = index
        }
        let engine = KnowledgeBaseEngine(knowledge: search)
        var result = EvaluationResult(set: name, examplesPerArticle: examplesPerArticle)
        func record(_ question: String, expected: UUID?) {
            let titles = Dictionary(uniqueKeysWithValues: articles.map { ($0.id, $0.title) })
            guard let found = evidenceIndex?.evidence(query: question, limit: 5), !found.isEmpty else { return }
            result.evidence.append(
                EvidenceRow(
                    set: name,
                    examples: examplesPerArticle,
                    inScope: expected != nil,
                    right: found[0].articleID == expected,
                    evidence: found[0].evidence,
                    candidates: found.map { .init(right: $0.articleID == expected, title: titles[$0.articleID] ?? "", evidence: $0.evidence) },
                    question: question,
                    expected: expected.flatMap { titles[$0] }
                )
            )
        }
        func ask(_ question: String) async throws -> Answer {
            let started = ContinuousClock.now
            let answer = try await engine.answer(AnswerRequest(orgID: orgID, question: question, history: [], threshold: threshold))
            let elapsed = ContinuousClock.now - started
            result.latenciesMilliseconds.append(AnswerBench.milliseconds(elapsed))
            return answer
        }
        for (article, indexed) in zip(set.articles, articles) {
            for question in article.questions {
                result.inScope += 1
                record(question, expected: indexed.id)
                let answer = try await ask(question)
                let best = try await search.search(orgID: orgID, query: question, limit: 1).first
                result.confidences.append((best?.score ?? 0, best?.articleID == indexed.id))
                switch answer {
                case .answered(_, let cited, _) where cited.first?.id == indexed.id:
                    result.rightArticle += 1
                case .answered(_, let cited, _):
                    result.wrongArticle += 1
                    if result.misses.count < 10 { result.misses.append("\(question) → \(cited.first?.title ?? "?") (want \(article.title))") }
                case .notSure:
                    result.declinedInScope += 1
                }
            }
        }
        for question in set.outOfScope {
            result.outOfScope += 1
            record(question, expected: nil)
            let answer = try await ask(question)
            result.outOfScopeConfidences.append(try await search.search(orgID: orgID, query: question, limit: 1).first?.score ?? 0)
            if case .notSure = answer { result.declinedOutOfScope += 1 }
        }
        if let pool { try await AnswerBench.removeOrganisation(orgID, pool: pool) }
        return result
    }

    private func load(_ articles: [IndexedArticle], into orgID: UUID, name: String, pool: PostgresPool) async throws {
        try await pool.withTenant(orgID) { session in
            try await AnswerBench.createOrganisation(orgID, name: name, session: session)
            for article in articles {
                try await session.execute(
                    "INSERT INTO kb_articles (org_id, article_id, title, body, section) VALUES ($1, $2, $3, $4, $5)",
                    [orgID, article.id, article.title, article.body, article.section]
                )
                try await session.execute(
                    """
                    INSERT INTO kb_examples (org_id, article_id, question, status, source, approved_at)
                    SELECT $1, $2, q, 'approved', 'import', now() FROM unnest($3::text[]) AS q
                    """,
                    [orgID, article.id, article.examples]
                )
            }
        }
    }
}

/// One question's best article and its evidence, a line of `--dump`.
struct EvidenceRow: Codable {
    var set: String
    var examples: Int
    var inScope: Bool
    var right: Bool
    var evidence: AnswerEvidence
    /// The best five articles, for studying re-ranking.
    var candidates: [Candidate]

    var question: String?
    /// The title of the article that answers (in-scope questions).
    var expected: String?

    struct Candidate: Codable {
        var right: Bool
        var title: String?
        var evidence: AnswerEvidence
    }
}

/// One in-memory index for every organisation: the evaluation without a database.
struct FixedIndexSearch: KnowledgeSearch {
    let index: KnowledgeIndex

    func search(orgID: UUID, query: String, context: String, limit: Int) async throws -> [KnowledgeMatch] {
        index.search(query: query, context: context, limit: limit)
    }
}

/// `switchboard-bench answers`: accuracy of the built-in engine on the evaluation sets with 0, 1,
/// 3 and 7 examples per article, and the latency of each answer.
struct AnswersBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "answers",
        abstract: "Right article in scope, declined out of scope, and latency, by examples per article."
    )

    @Option(name: .customLong("database-url"), help: "URL for switchboard_app on a migrated database; without it, the in-memory index alone.")
    var url: String?

    @Option(help: "Folder of evaluation sets (*.json).")
    var sets = "Tests/SwitchboardAITests/Evaluation"

    @Option(help: "Examples per article to measure, comma-separated.")
    var examples = "0,1,3,7"

    @Option(help: "Answer threshold (the organisation default is KnowledgeBaseEngine.recommendedThreshold).")
    var threshold = KnowledgeBaseEngine.recommendedThreshold

    @Flag(help: "Print up to ten wrong-article answers per run.")
    var misses = false

    @Flag(help: "Also print, per run, the share of right answers at the thresholds that decline 80 % and 90 % out of scope.")
    var sweep = false

    @Option(help: "Write each question's best article's evidence to this file (JSON lines; in-memory runs).")
    var dump: String?

    @Option(help: "A thesaurus file instead of the built-in one (\"none\" for none).")
    var thesaurus: String?

    @Option(
        help: """
            Override KnowledgeIndex.Tuning values: name=value,… (titleWeight, sectionWeight, bodyWeight, examplesWeight, \
            k1, b, synonymWeight, correctionWeight, spellingSimilarity).
            """
    )
    var tuning: String?

    func run() async throws {
        let pool = url.map(AnswerBench.pool)
        let loaded = try AnswerBench.sets(in: sets)
        let counts = examples.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        var evaluator = AnswerEvaluator(pool: pool, threshold: threshold)
        if let thesaurus {
            evaluator.thesaurus = thesaurus == "none" ? .none : Thesaurus(try String(contentsOfFile: thesaurus, encoding: .utf8))
        }
        if let tuning { evaluator.tuning = try Self.tuning(tuning) }
        var rows: [EvidenceRow] = []
        print("set                      examples  right  wrong  declined(in)  declined(out)  p50 ms  p99 ms")
        for count in counts {
            var total = EvaluationResult(set: "all", examplesPerArticle: count)
            for (name, set) in loaded {
                let result = try await evaluator.run(set, name: name, examplesPerArticle: count)
                print(Self.line(result))
                if misses { for miss in result.misses { print("    miss: \(miss)") } }
                total.inScope += result.inScope
                total.rightArticle += result.rightArticle
                total.wrongArticle += result.wrongArticle
                total.declinedInScope += result.declinedInScope
                total.outOfScope += result.outOfScope
                total.declinedOutOfScope += result.declinedOutOfScope
                total.latenciesMilliseconds += result.latenciesMilliseconds
                total.confidences += result.confidences
                total.outOfScopeConfidences += result.outOfScopeConfidences
                rows += result.evidence
            }
            print(Self.line(total))
            if sweep { print(Self.operatingPoints(total)) }
        }
        if let dump {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            let lines = try rows.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
            try (lines.joined(separator: "\n") + "\n").write(toFile: dump, atomically: true, encoding: .utf8)
        }
        await pool?.shutdown()
    }

    /// Right and wrong answers at the least thresholds that decline 80 % and 90 % out of scope,
    /// and the share whose best article was right whatever the threshold.
    static func operatingPoints(_ r: EvaluationResult) -> String {
        let best = Double(r.confidences.filter(\.right).count) / Double(max(r.confidences.count, 1))
        var text = String(format: "    best article right: %.1f%%", 100 * best)
        let outside = r.outOfScopeConfidences.sorted()
        for share in [0.8, 0.9] where !outside.isEmpty {
            let threshold = outside[min(outside.count - 1, Int((Double(outside.count) * share).rounded(.up)) - 1)] + 1e-9
            let answered = r.confidences.filter { $0.confidence >= threshold }
            let right = Double(answered.filter(\.right).count) / Double(max(r.confidences.count, 1))
            let wrong = Double(answered.filter { !$0.right }.count) / Double(max(r.confidences.count, 1))
            text += String(
                format: " | declining %.0f%% out: threshold %.3f, right %.1f%%, wrong %.1f%%",
                100 * share,
                threshold,
                100 * right,
                100 * wrong
            )
        }
        return text
    }

    static func tuning(_ text: String) throws -> KnowledgeIndex.Tuning {
        var tuning = KnowledgeIndex.Tuning()
        let fields: [String: WritableKeyPath<KnowledgeIndex.Tuning, Double>] = [
            "titleWeight": \.titleWeight, "sectionWeight": \.sectionWeight, "bodyWeight": \.bodyWeight,
            "examplesWeight": \.examplesWeight, "k1": \.k1, "b": \.b, "synonymWeight": \.synonymWeight,
            "correctionWeight": \.correctionWeight, "spellingSimilarity": \.spellingSimilarity,
            "unknownWordWeight": \.unknownWordWeight, "frameWordWeight": \.frameWordWeight, "frameWordCoverage": \.frameWordCoverage,
            "coverageExponent": \.coverageExponent, "pairWeight": \.pairWeight,
            "exampleRankWeight": \.exampleRankWeight, "titleBonus": \.titleBonus,
        ]
        for pair in text.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let field = fields[parts[0]], let value = Double(parts[1]) else {
                throw ValidationError("--tuning expects name=value pairs with names \(fields.keys.sorted().joined(separator: ", "))")
            }
            tuning[keyPath: field] = value
        }
        return tuning
    }

    static func line(_ r: EvaluationResult) -> String {
        func pct(_ n: Int, _ d: Int) -> String { String(format: "%5.1f%%", 100 * Double(n) / Double(max(d, 1))) }
        return r.set.padding(toLength: 24, withPad: " ", startingAt: 0)
            + String(format: " %8d", r.examplesPerArticle)
            + "  " + pct(r.rightArticle, r.inScope) + " " + pct(r.wrongArticle, r.inScope)
            + "        " + pct(r.declinedInScope, r.inScope) + "         " + pct(r.declinedOutOfScope, r.outOfScope)
            + String(format: "  %6.1f  %6.1f", r.percentile(0.5), r.percentile(0.99))
    }
}
