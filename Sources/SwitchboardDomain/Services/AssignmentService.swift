import Foundation
import Logging

/// Whether chats waiting for a human are assigned automatically, and how many live chats an agent takes at most.
public struct AssignmentSettings: Sendable, Equatable, Codable {
    public var enabled: Bool
    public var maxChatsPerAgent: Int

    public init(enabled: Bool = false, maxChatsPerAgent: Int = 3) {
        self.enabled = enabled
        self.maxChatsPerAgent = maxChatsPerAgent
    }

    public static let maxChatsRange = 1...50
}

/// An online agent and the live chats they own now.
public struct AgentLoad: Sendable, Equatable {
    public var agentID: UUID
    public var liveChats: Int

    public init(agentID: UUID, liveChats: Int) {
        self.agentID = agentID
        self.liveChats = liveChats
    }
}

/// Where assignment reads and keeps what it needs, within one organisation.
public protocol AssignmentRepository: Sendable {
    func settings(orgID: UUID) async throws -> AssignmentSettings
    /// Saves the settings and their audit entry in one transaction.
    func save(orgID: UUID, settings: AssignmentSettings, audit: AuditRecord) async throws
    /// Online, enabled agents with their live chats, the least busy first and, among equals, the
    /// one whose last take-over is oldest (round robin).
    func onlineAgents(orgID: UUID) async throws -> [AgentLoad]
    /// Chats waiting in `needs`, longest waiting first — none when assignment is off.
    func waitingChats(orgID: UUID, limit: Int) async throws -> [UUID]
    /// Every organisation's id (the sweep asks each whether it has chats waiting).
    func organisationIDs() async throws -> [UUID]
}

/// Round-robin assignment: each sweep gives every waiting chat, longest waiting first, to the
/// online agent with the fewest live chats under the cap, as a take-over ("Carol joined").
public struct AssignmentService: Sendable {
    let assignments: any AssignmentRepository
    let handoff: HandoffService
    let logger: Logger

    public init(assignments: any AssignmentRepository, handoff: HandoffService, logger: Logger) {
        self.assignments = assignments
        self.handoff = handoff
        self.logger = logger
    }

    public func settings(orgID: UUID) async throws -> AssignmentSettings {
        try await assignments.settings(orgID: orgID)
    }

    /// Supervisors and admins change it; the change is audited.
    public func update(orgID: UUID, settings: AssignmentSettings, by agentID: UUID, role: AgentRole) async throws -> AssignmentSettings {
        guard role >= .supervisor else {
            throw SimpleDomainError(.forbidden, code: "forbidden", message: "This needs the supervisor role or higher.")
        }
        guard AssignmentSettings.maxChatsRange.contains(settings.maxChatsPerAgent) else {
            throw SimpleDomainError(
                .invalidInput,
                code: "invalid_max_chats_per_agent",
                message:
                    "maxChatsPerAgent must be from \(AssignmentSettings.maxChatsRange.lowerBound) to \(AssignmentSettings.maxChatsRange.upperBound)."
            )
        }
        let before = try await assignments.settings(orgID: orgID)
        struct Change: Encodable {
            let before: AssignmentSettings
            let after: AssignmentSettings
        }
        try await assignments.save(
            orgID: orgID,
            settings: settings,
            audit: AuditRecord(
                agentID: agentID,
                action: "assignment.updated",
                targetKind: "assignment_settings",
                targetID: nil,
                detailsJSON: AuditRecord.details(Change(before: before, after: settings))
            )
        )
        return settings
    }

    /// One round over every organisation with assignment on; returns how many chats it assigned.
    @discardableResult
    public func sweep() async throws -> Int {
        var assigned = 0
        for orgID in try await assignments.organisationIDs() {
            assigned += try await assignWaiting(orgID: orgID)
        }
        return assigned
    }

    /// Gives the organisation's waiting chats to agents with room, longest waiting first.
    public func assignWaiting(orgID: UUID) async throws -> Int {
        let waiting = try await assignments.waitingChats(orgID: orgID, limit: 50)
        guard !waiting.isEmpty else { return 0 }
        let cap = try await assignments.settings(orgID: orgID).maxChatsPerAgent
        var agents = try await assignments.onlineAgents(orgID: orgID)
        var assigned = 0
        for conversationID in waiting {
            // The least busy agent with room; the repository's order breaks ties by the oldest last take-over.
            guard let index = agents.indices.filter({ agents[$0].liveChats < cap }).min(by: { agents[$0].liveChats < agents[$1].liveChats })
            else { break }
            do {
                _ = try await handoff.takeOver(orgID: orgID, conversationID: conversationID, agentID: agents[index].agentID, expectedOwner: nil)
                assigned += 1
                agents[index].liveChats += 1
                // Round robin among equals: the agent just given a chat goes to the back.
                agents.append(agents.remove(at: index))
            } catch let error as any DomainError {
                // Someone took it, or the customer left, since the query: the next chat.
                logger.debug("assignment skipped", metadata: ["conversation_id": "\(conversationID)", "reason": "\(error.code)"])
            }
        }
        return assigned
    }
}
