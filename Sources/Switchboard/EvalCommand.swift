import ArgumentParser
import Foundation
import Logging
import PostgresClient
import SwitchboardAI
import SwitchboardDomain
import SwitchboardHTTP
import SwitchboardStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `switchboard eval`: runs an organisation's test plan (or a file of cases) through its answer
/// engine, as the console's "Run all" does, and exits 0 only when every case passes.
struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Run the organisation's executable test plan, or a JSON Lines file of cases, through its answer engine.",
        discussion: """
            Without --file, runs every test plan item that carries a question and records Pass or Fail \
            with the reply, as "switchboard eval". With --file, runs the cases in the file and records \
            nothing; one JSON object a line:
              {"question": "can I get a refund?", "expect": "article", "article": "Refund policy"}
              {"question": "will it rain tomorrow?", "expect": "decline"}
              {"question": "can I talk to a person", "expect": "handoff"}
            ("article" takes the article's title or id). Prints a table and "N/M passed"; exits 0 when \
            every case passed and 1 otherwise.
            """
    )

    /// The tester name recorded with results of a plan run.
    static let testerName = "switchboard eval"

    @OptionGroup var organisation: OrganisationOption

    @Option(help: "JSON Lines file of cases to run instead of the test plan (nothing is recorded).")
    var file: String?

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var secret: SecretOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = logging.bootstrap(label: "switchboard.eval")
        // Read and check the file before touching the database: a bad line is reported at once.
        let lines = try file.map(Self.readCases)
        let rows = try await database.withPool(logger: logger) { pool -> [EvalRow] in
            let orgID = try await organisation.resolve(pool)
            let engines = Self.engines(pool: pool, secret: secret.value, logger: logger)
            let runner = Self.runner(pool: pool, engines: engines)
            let outcome: Result<[EvalRow], any Error>
            do {
                outcome = .success(try await Self.run(runner, orgID: orgID, lines: lines, file: file))
            } catch {
                outcome = .failure(error)
            }
            await engines.shutdown()
            return try outcome.get()
        }
        guard !rows.isEmpty else {
            throw CommandFailure(
                lines == nil
                    ? "The test plan of \(organisation.org) has no checks with a question; add one in the console's Test plan, or pass --file."
                    : "\(file ?? "The file") has no cases."
            )
        }
        print(EvalRow.table(rows))
        let passed = rows.filter(\.run.passed).count
        print("\(passed)/\(rows.count) passed")
        if passed < rows.count { throw ExitCode(1) }
    }

    static func readCases(_ path: String) throws -> [TestCaseFile.Line] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure("\(path) could not be read; check the path.")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CommandFailure("\(path) is not UTF-8 text.")
        }
        do {
            return try TestCaseFile.parse(text)
        } catch let error as TestCaseFile.LineError {
            throw CommandFailure("\(path), \(error)")
        }
    }

    /// The same runner the console and REST use, over this command's pool.
    static func runner(pool: PostgresPool, engines: any AnswerEngineSelecting) -> TestPlanRunner {
        TestPlanRunner(
            plan: PostgresTestPlanRepository(pool: pool),
            organisations: PostgresOrganisationRepository(pool: pool),
            articles: PostgresArticleRepository(pool: pool),
            engines: engines
        )
    }

    /// Runs the file's cases (recording nothing) or the plan's checks (recording each result).
    static func run(_ runner: TestPlanRunner, orgID: UUID, lines: [TestCaseFile.Line]?, file: String?) async throws -> [EvalRow] {
        let progress = CommandProgress(label: "eval", unit: "cases")
        do {
            if let lines {
                let cases = try await runner.cases(orgID: orgID, from: lines)
                let runs = try await runner.evaluate(orgID: orgID, cases: cases) { done, total in progress.update(done: done, total: total) }
                return zip(lines, runs).map { line, run in EvalRow(run: run, expectedArticle: line.article) }
            }
            let runs = try await runner.runAll(orgID: orgID, tester: .named(testerName)) { done, total in
                progress.update(done: done, total: total)
            }
            return runs.map { EvalRow(run: $0.run, expectedArticle: $0.item.expectedArticleTitle) }
        } catch let error as TestCaseFile.LineError {
            throw CommandFailure("\(file ?? "the file"), \(error)")
        } catch let error as any DomainError {
            throw CommandFailure(error.message)
        }
    }

    /// Each organisation's configured engine, as the server answers with it; a provider key opens
    /// only with the server's secret (`SWITCHBOARD_SECRET` or `--secret-file`), without which such an
    /// organisation is answered by the built-in engine (and a warning says so).
    static func engines(pool: PostgresPool, secret: String?, logger: Logger) -> OrganisationEngines {
        OrganisationEngines(
            settings: PostgresAnswerEngineSettings(pool: pool),
            sealer: ProviderKeyBox(secret: secret ?? ""),
            knowledge: IndexedKnowledgeSearch(source: PostgresKnowledgeSnapshots(pool: pool)),
            logger: logger
        )
    }
}
