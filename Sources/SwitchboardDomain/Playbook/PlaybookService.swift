import Foundation

/// The Customer Service Playbook: search by phrase or scan by section; supervisors edit it.
public struct PlaybookService: Sendable {
    private let playbook: any PlaybookRepository

    public init(playbook: any PlaybookRepository) {
        self.playbook = playbook
    }

    /// Entries matching `query` (all when empty), grouped by section in the order the repository returns them.
    public func sections(orgID: UUID, query: String?) async throws -> [PlaybookSection] {
        let phrase = query?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let phrase { try Validation.checkStorable(phrase, field: "search") }
        if let phrase, Validation.length(phrase) > 200 {
            throw SimpleDomainError(.invalidInput, code: "query_too_long", message: "Search for at most 200 characters.")
        }
        let entries = try await playbook.search(orgID: orgID, phrase: phrase?.isEmpty == false ? phrase : nil)
        var sections: [PlaybookSection] = []
        for entry in entries {
            if sections.last?.name == entry.section {
                sections[sections.count - 1].entries.append(entry)
            } else {
                sections.append(PlaybookSection(name: entry.section, entries: [entry]))
            }
        }
        return sections
    }

    public func create(orgID: UUID, agentID: UUID, draft: PlaybookDraft) async throws -> PlaybookEntry {
        let cleaned = try Self.clean(draft)
        guard let section = cleaned.section, let phrase = cleaned.phrase, let answer = cleaned.answer else {
            throw SimpleDomainError(
                .invalidInput,
                code: "missing_fields",
                message: "A playbook entry needs a section, a phrase and an answer."
            )
        }
        return try await playbook.create(
            orgID: orgID,
            section: section,
            phrase: phrase,
            answer: answer,
            owner: cleaned.owner,
            position: cleaned.position,
            by: agentID
        )
    }

    public func update(orgID: UUID, entryID: UUID, agentID: UUID, draft: PlaybookDraft) async throws -> PlaybookEntry {
        guard let entry = try await playbook.update(orgID: orgID, entryID: entryID, draft: try Self.clean(draft), by: agentID) else {
            throw Self.notFound
        }
        return entry
    }

    public func delete(orgID: UUID, entryID: UUID) async throws {
        guard try await playbook.delete(orgID: orgID, entryID: entryID) else { throw Self.notFound }
    }

    public static let notFound = SimpleDomainError(.notFound, code: "playbook_entry_not_found", message: "There is no such playbook entry.")

    /// Trimmed fields; section, phrase and answer may not be empty when given, an empty owner clears it.
    static func clean(_ draft: PlaybookDraft) throws -> PlaybookDraft {
        var cleaned = PlaybookDraft(position: draft.position)
        cleaned.section = try draft.section.map { try Validation.text($0, field: "section", maxLength: 200) }
        cleaned.phrase = try draft.phrase.map { try Validation.text($0, field: "phrase", maxLength: 500) }
        cleaned.answer = try draft.answer.map { try Validation.text($0, field: "answer", maxLength: 4000) }
        cleaned.owner = try draft.owner.map { try Validation.text($0, field: "owner", maxLength: 100, allowEmpty: true) }
        if let position = draft.position, position < 0 {
            throw SimpleDomainError(.invalidInput, code: "invalid_position", message: "position must be 0 or more.")
        }
        return cleaned
    }
}
