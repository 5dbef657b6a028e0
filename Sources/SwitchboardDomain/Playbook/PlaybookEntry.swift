import Foundation

/// One quick-reference line of the Customer Service Playbook.
public struct PlaybookEntry: Sendable, Equatable {
    public var id: UUID
    public var section: String
    public var phrase: String
    public var answer: String
    /// Who handles the topic, in the team's words ("Sales", "Support Team", "Agent").
    public var owner: String?
    public var position: Int

    public init(id: UUID, section: String, phrase: String, answer: String, owner: String?, position: Int) {
        self.id = id
        self.section = section
        self.phrase = phrase
        self.answer = answer
        self.owner = owner
        self.position = position
    }
}

/// A playbook section and its entries, in position order.
public struct PlaybookSection: Sendable, Equatable {
    public var name: String
    public var entries: [PlaybookEntry]

    public init(name: String, entries: [PlaybookEntry]) {
        self.name = name
        self.entries = entries
    }
}

/// Fields of a new or edited entry; nil fields of an edit stay as they are.
public struct PlaybookDraft: Sendable, Equatable {
    public var section: String?
    public var phrase: String?
    public var answer: String?
    public var owner: String?
    public var position: Int?

    public init(section: String? = nil, phrase: String? = nil, answer: String? = nil, owner: String? = nil, position: Int? = nil) {
        self.section = section
        self.phrase = phrase
        self.answer = answer
        self.owner = owner
        self.position = position
    }
}

/// The playbook, always within one organisation.
public protocol PlaybookRepository: Sendable {
    /// Entries whose phrase, answer or section contains `phrase` (case-insensitive; every entry
    /// when nil), ordered by section, position and phrase.
    func search(orgID: UUID, phrase: String?) async throws -> [PlaybookEntry]
    /// Adds an entry; without a position it goes to the end of its section.
    func create(
        orgID: UUID,
        section: String,
        phrase: String,
        answer: String,
        owner: String?,
        position: Int?,
        by agentID: UUID
    ) async throws -> PlaybookEntry

    /// nil when there is no such entry.
    func update(orgID: UUID, entryID: UUID, draft: PlaybookDraft, by agentID: UUID) async throws -> PlaybookEntry?
    /// False when there is no such entry.
    func delete(orgID: UUID, entryID: UUID) async throws -> Bool
}
