import Foundation

/// An agent's internal note on a conversation: the team's, never sent or shown to the customer.
public struct ConversationNote: Sendable, Equatable {
    public var id: UUID
    public var conversationID: UUID
    public var agentID: UUID
    public var agentName: String?
    public var body: String
    /// The agents the note mentions with "@Name"; each is told in their console.
    public var mentions: [UUID]
    public var createdAt: Date

    public init(id: UUID, conversationID: UUID, agentID: UUID, agentName: String?, body: String, mentions: [UUID], createdAt: Date) {
        self.id = id
        self.conversationID = conversationID
        self.agentID = agentID
        self.agentName = agentName
        self.body = body
        self.mentions = mentions
        self.createdAt = createdAt
    }
}

/// Who a note mentions: "@" followed by an agent's full display name, or by their first name when
/// no other agent shares it, as a whole word and in any case ("@carol", "@Carol Mendes,").
public enum NoteMentions {
    public static func agentIDs(in body: String, among agents: [AgentPresence]) -> [UUID] {
        let text = body.lowercased()
        let firstNames = Dictionary(grouping: agents, by: { firstName($0.displayName) })
        return agents.filter { agent in
            let full = agent.displayName.lowercased()
            if mentions(text, full) { return true }
            let first = firstName(agent.displayName)
            return first != full && firstNames[first]?.count == 1 && mentions(text, first)
        }.map(\.id)
    }

    static func firstName(_ name: String) -> String {
        String(name.lowercased().split(separator: " ").first ?? "")
    }

    /// "@name" at the start or after a space or punctuation, and not followed by a letter or digit.
    static func mentions(_ text: String, _ name: String) -> Bool {
        guard !name.isEmpty else { return false }
        var searchStart = text.startIndex
        while let range = text.range(of: "@" + name, range: searchStart..<text.endIndex) {
            let before = range.lowerBound == text.startIndex ? nil : text[text.index(before: range.lowerBound)]
            let after = range.upperBound == text.endIndex ? nil : text[range.upperBound]
            if before.map({ !$0.isLetter && !$0.isNumber }) ?? true, after.map({ !$0.isLetter && !$0.isNumber }) ?? true { return true }
            searchStart = range.upperBound
        }
        return false
    }
}

/// Internal notes: any agent of the organisation may add one to any of its conversations, open or
/// ended; "@Name" mentions notify the named agents.
public struct NoteService: Sendable {
    let conversations: any ConversationRepository
    let agents: any AgentDirectory

    public init(conversations: any ConversationRepository, agents: any AgentDirectory) {
        self.conversations = conversations
        self.agents = agents
    }

    public static let maxLength = 4000

    public func add(orgID: UUID, conversationID: UUID, agentID: UUID, body: String) async throws -> ConversationNote {
        let body = try Validation.text(body, field: "note", maxLength: Self.maxLength)
        let mentioned = NoteMentions.agentIDs(in: body, among: try await agents.agents(orgID: orgID)).filter { $0 != agentID }
        guard
            let note = try await conversations.addNote(
                orgID: orgID,
                conversationID: conversationID,
                agentID: agentID,
                body: body,
                mentions: mentioned
            )
        else { throw SimpleDomainError.conversationNotFound }
        return note
    }

    public func notes(orgID: UUID, conversationID: UUID) async throws -> [ConversationNote] {
        try await conversations.notes(orgID: orgID, conversationID: conversationID)
    }
}
