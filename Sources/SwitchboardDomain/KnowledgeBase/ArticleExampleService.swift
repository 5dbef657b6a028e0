import Foundation

/// Example questions: supervisors add, reword and remove them, business teams import them from
/// old tickets (near-duplicates dropped), and agents' corrections propose them.
public struct ArticleExampleService: Sendable {
    private let examples: any ArticleExampleRepository

    public static let maxQuestionLength = 1000
    public static let maxImportCount = 500

    public init(examples: any ArticleExampleRepository) {
        self.examples = examples
    }

    public func list(orgID: UUID, articleID: UUID) async throws -> [ArticleExample] {
        guard let list = try await examples.list(orgID: orgID, articleID: articleID) else { throw ArticleService.notFound }
        return list
    }

    /// One approved example, added by a supervisor in the console.
    public func add(orgID: UUID, articleID: UUID, question: String, agentID: UUID) async throws -> ArticleExample {
        let result = try await importQuestions(orgID: orgID, articleID: articleID, questions: [question], source: .console, agentID: agentID)
        guard let added = result.added.first else { throw Self.duplicate }
        return added
    }

    /// Approved examples from a list (old tickets); questions that are near-duplicates of each
    /// other or of the article's examples are dropped and counted.
    public func importQuestions(
        orgID: UUID,
        articleID: UUID,
        questions: [String],
        source: ArticleExample.Source = .import,
        agentID: UUID? = nil
    ) async throws -> ExampleImportResult {
        guard (1...Self.maxImportCount).contains(questions.count) else {
            throw SimpleDomainError(.invalidInput, code: "invalid_body", message: "Send 1 to \(Self.maxImportCount) questions at a time.")
        }
        let cleaned = try questions.enumerated().map { index, question in
            try Validation.text(question, field: questions.count == 1 ? "question" : "questions[\(index)]", maxLength: Self.maxQuestionLength)
        }
        guard let existing = try await examples.list(orgID: orgID, articleID: articleID) else { throw ArticleService.notFound }
        var seen = Set(existing.map { Self.fingerprint($0.question) })
        var fresh: [String] = []
        for question in cleaned where seen.insert(Self.fingerprint(question)).inserted {
            fresh.append(question)
        }
        guard !fresh.isEmpty else { return ExampleImportResult(added: [], skippedDuplicates: cleaned.count) }
        guard
            let added = try await examples.add(
                orgID: orgID,
                articleID: articleID,
                questions: fresh,
                status: .approved,
                source: source,
                agentID: agentID
            )
        else { throw ArticleService.notFound }
        return ExampleImportResult(added: added, skippedDuplicates: cleaned.count - fresh.count)
    }

    /// Rewords an example or approves a proposal.
    public func update(orgID: UUID, exampleID: UUID, question: String?, approve: Bool, agentID: UUID) async throws -> ArticleExample {
        let question = try question.map { try Validation.text($0, field: "question", maxLength: Self.maxQuestionLength) }
        guard let example = try await examples.update(orgID: orgID, exampleID: exampleID, question: question, approve: approve, agentID: agentID)
        else { throw Self.notFound }
        return example
    }

    public func delete(orgID: UUID, exampleID: UUID) async throws {
        guard try await examples.delete(orgID: orgID, exampleID: exampleID) else { throw Self.notFound }
    }

    /// "AI answered incorrectly — this article should have answered": the customer's question
    /// becomes a proposed example, approved when the correction is reviewed.
    public func proposeFromCorrection(orgID: UUID, conversationID: UUID, articleID: UUID, agentID: UUID) async throws -> ArticleExample? {
        try await examples.propose(orgID: orgID, conversationID: conversationID, articleID: articleID, agentID: agentID)
    }

    /// The article an agent picked as the one that should have answered this conversation.
    public func correctedArticle(orgID: UUID, conversationID: UUID) async throws -> UUID? {
        try await examples.fromConversation(orgID: orgID, conversationID: conversationID)?.articleID
    }

    /// The correction was reviewed: its proposed example starts teaching the engine.
    public func approveCorrection(orgID: UUID, conversationID: UUID, agentID: UUID) async throws -> ArticleExample? {
        try await examples.approveProposal(orgID: orgID, conversationID: conversationID, agentID: agentID)
    }

    /// Two questions are near-duplicates when they have the same words in any order, ignoring
    /// case, punctuation and repeated spaces ("Can I get a refund?" = "can i get a refund").
    static func fingerprint(_ question: String) -> String {
        question.lowercased()
            .split(whereSeparator: { !$0.isLetter && !$0.isNumber })
            .map(String.init).sorted().joined(separator: " ")
    }

    public static let notFound = SimpleDomainError(.notFound, code: "example_not_found", message: "There is no such example question.")
    static let duplicate = SimpleDomainError(
        .conflict,
        code: "duplicate_example",
        message: "This article already has that example question."
    )
}
