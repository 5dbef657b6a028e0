import Foundation

/// The sample content of one demo organisation, read from the SwitchboardDemo target's `Content/<slug>/`
/// JSON files: knowledge-base articles, console users, playbook, test plan and the lines the
/// seeder combines into conversations.
public struct DemoContent: Sendable {
    /// A knowledge-base article, with customer questions it should answer (also used by search tests).
    public struct Article: Decodable, Sendable, Equatable {
        public var externalId: String
        public var section: String
        public var title: String
        public var url: String
        public var body: String
        public var questions: [String]
    }

    /// A console user.
    public struct Agent: Decodable, Sendable, Equatable {
        public var name: String
        public var email: String
        /// `agent`, `supervisor` or `admin`.
        public var role: String
    }

    /// A Customer Service Playbook entry.
    public struct PlaybookEntry: Decodable, Sendable, Equatable {
        public var section: String
        public var phrase: String
        public var answer: String
        public var owner: String?
    }

    /// An AI System Test Plan item; one with a question is run through the answer engine.
    public struct TestPlanItem: Decodable, Sendable, Equatable {
        public var title: String
        public var steps: String
        public var expectedResult: String
        /// A customer question the run asks.
        public var question: String?
        /// "article", "decline" or "handoff", with `question`.
        public var expect: String?
        /// The expected article's `externalId`, for "article".
        public var article: String?
    }

    /// A made-up website visitor.
    public struct Customer: Decodable, Sendable, Equatable {
        public var name: String
        public var email: String?
        public var phone: String?
    }

    /// Lines the seeder combines into conversations.
    public struct Scripts: Decodable, Sendable, Equatable {
        public var customers: [Customer]
        public var pages: [String]
        public var greetings: [String]
        public var humanRequests: [String]
        public var handoffReasons: [String]
        public var unrelatedQuestions: [String]
        public var agentReplies: [String]
        public var customerFollowUps: [String]
        public var correctionNotes: [String]
        public var followupNotes: [String]
        public var followupResolutions: [String]
        public var afterHoursReasons: [String]
    }

    public var slug: String
    public var articles: [Article]
    public var agents: [Agent]
    public var playbook: [PlaybookEntry]
    public var testPlan: [TestPlanItem]
    public var scripts: Scripts

    /// The demo organisations that have content, in seeding order.
    public static let organisationSlugs = ["careerlearning", "harbourbikes"]

    /// Reads one organisation's content from the package resources.
    public static func load(slug: String) throws -> DemoContent {
        try load(slug: slug, from: contentDirectory())
    }

    /// Reads one organisation's content from `directory/<slug>/`.
    public static func load(slug: String, from directory: URL) throws -> DemoContent {
        let folder = directory.appendingPathComponent(slug, isDirectory: true)
        let content = DemoContent(
            slug: slug,
            articles: try decode([Article].self, folder, "articles.json"),
            agents: try decode([Agent].self, folder, "agents.json"),
            playbook: try decode([PlaybookEntry].self, folder, "playbook.json"),
            testPlan: try decode([TestPlanItem].self, folder, "testplan.json"),
            scripts: try decode(Scripts.self, folder, "scripts.json")
        )
        try content.validate()
        return content
    }

    /// The `Content` folder copied into the package's resource bundle.
    public static func contentDirectory() throws -> URL {
        guard let url = Bundle.module.url(forResource: "Content", withExtension: nil) else {
            throw DemoContentError(message: "The demo content folder is missing from the SwitchboardDemo resources; rebuild the package.")
        }
        return url
    }

    private static func decode<Value: Decodable>(_ type: Value.Type, _ folder: URL, _ file: String) throws -> Value {
        let url = folder.appendingPathComponent(file)
        let name = "\(folder.lastPathComponent)/\(file)"
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw DemoContentError(message: "Demo content file \(name) could not be read; check that it exists.")
        }
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw DemoContentError(message: "Demo content file \(name) lacks \"\(key.stringValue)\" at \(path(context)).")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw DemoContentError(message: "Demo content file \(name) has an unexpected value at \(path(context)).")
        } catch {
            throw DemoContentError(message: "Demo content file \(name) is not valid JSON.")
        }
    }

    private static func path(_ context: DecodingError.Context) -> String {
        let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        return path.isEmpty ? "the top level" : path
    }

    /// Every list the conversation builder draws from must have something in it.
    private func validate() throws {
        let lists: [(String, Int)] = [
            ("articles.json", articles.count), ("agents.json", agents.count),
            ("scripts.json customers", scripts.customers.count), ("scripts.json pages", scripts.pages.count),
            ("scripts.json greetings", scripts.greetings.count), ("scripts.json humanRequests", scripts.humanRequests.count),
            ("scripts.json handoffReasons", scripts.handoffReasons.count),
            ("scripts.json unrelatedQuestions", scripts.unrelatedQuestions.count),
            ("scripts.json agentReplies", scripts.agentReplies.count),
            ("scripts.json customerFollowUps", scripts.customerFollowUps.count),
            ("scripts.json correctionNotes", scripts.correctionNotes.count),
            ("scripts.json followupNotes", scripts.followupNotes.count),
            ("scripts.json followupResolutions", scripts.followupResolutions.count),
            ("scripts.json afterHoursReasons", scripts.afterHoursReasons.count),
        ]
        for (name, count) in lists where count == 0 {
            throw DemoContentError(message: "Demo content for \(slug): \(name) is empty; add at least one entry.")
        }
        if let article = articles.first(where: { $0.questions.isEmpty }) {
            throw DemoContentError(message: "Demo article \(article.externalId) of \(slug) has no questions; add at least one.")
        }
        for item in testPlan where item.question != nil || item.expect != nil || item.article != nil {
            let known = item.article.map { id in articles.contains { $0.externalId == id } } ?? true
            guard item.question != nil, ["article", "decline", "handoff"].contains(item.expect ?? ""),
                (item.expect == "article") == (item.article != nil), known
            else {
                throw DemoContentError(
                    message: """
                        Demo test plan item "\(item.title)" of \(slug) needs a question, expect "article" (with an article \
                        externalId of articles.json), "decline" or "handoff".
                        """
                )
            }
        }
        if let agent = agents.first(where: { !["agent", "supervisor", "admin"].contains($0.role) }) {
            throw DemoContentError(message: "Demo agent \(agent.email) of \(slug) has role \"\(agent.role)\"; use agent, supervisor or admin.")
        }
    }
}

/// Demo content that is missing or malformed.
public struct DemoContentError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
