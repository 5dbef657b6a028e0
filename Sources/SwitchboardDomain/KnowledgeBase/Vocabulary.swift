import Foundation

/// One of the organisation's own words: customers say `term` ("PTO", "money back"), the articles
/// say `meaning` ("paid time off", "refund"); the engine reads the term as its meaning too.
public struct VocabularyTerm: Sendable, Equatable {
    public var id: UUID
    public var term: String
    public var meaning: String

    public init(id: UUID, term: String, meaning: String) {
        self.id = id
        self.term = term
        self.meaning = meaning
    }
}

/// The organisation's vocabulary, under its tenant.
public protocol VocabularyRepository: Sendable {
    func list(orgID: UUID) async throws -> [VocabularyTerm]
    /// A new term; nil when the organisation already has it (case-insensitive).
    func add(orgID: UUID, term: String, meaning: String, agentID: UUID?) async throws -> VocabularyTerm?
    func delete(orgID: UUID, termID: UUID) async throws -> Bool
}

/// Supervisors keep the vocabulary: abbreviations and synonyms their customers use.
public struct VocabularyService: Sendable {
    private let vocabulary: any VocabularyRepository

    public init(vocabulary: any VocabularyRepository) {
        self.vocabulary = vocabulary
    }

    public func list(orgID: UUID) async throws -> [VocabularyTerm] {
        try await vocabulary.list(orgID: orgID)
    }

    public func add(orgID: UUID, term: String, meaning: String, agentID: UUID) async throws -> VocabularyTerm {
        let term = try Validation.text(term, field: "term", maxLength: 100)
        let meaning = try Validation.text(meaning, field: "meaning", maxLength: 200)
        guard term.contains(where: { $0.isLetter || $0.isNumber }) else {
            throw SimpleDomainError(.invalidInput, code: "invalid_term", message: "The term needs at least one letter or digit.")
        }
        guard let added = try await vocabulary.add(orgID: orgID, term: term, meaning: meaning, agentID: agentID) else {
            throw SimpleDomainError(
                .conflict,
                code: "duplicate_term",
                message: "The vocabulary already has \"\(term)\"; remove it first to change its meaning."
            )

        }
        return added
    }

    public func delete(orgID: UUID, termID: UUID) async throws {
        guard try await vocabulary.delete(orgID: orgID, termID: termID) else { throw Self.notFound }
    }

    public static let notFound = SimpleDomainError(.notFound, code: "term_not_found", message: "There is no such vocabulary term.")
}
