import Foundation
import Logging

/// Closes AI-only conversations nobody wrote in for the organisation's idle time (default 30 min).
public struct IdleConversationCloser: Sendable {
    private let organisations: any OrganisationRepository
    private let conversations: any ConversationRepository
    private let logger: Logger

    public init(organisations: any OrganisationRepository, conversations: any ConversationRepository, logger: Logger) {
        self.organisations = organisations
        self.conversations = conversations
        self.logger = logger
    }

    /// One sweep over every organisation; returns how many conversations it closed.
    @discardableResult
    public func sweep(now: Date = Date()) async throws -> Int {
        var closed = 0
        for organisation in try await organisations.all() {
            let minutes = try await organisations.settings(for: organisation.id).idleCloseMinutes
            let cutoff = now.addingTimeInterval(-Double(minutes) * 60)
            for id in try await conversations.idleAIConversations(orgID: organisation.id, inactiveSince: cutoff, limit: 500) {
                do {
                    _ = try await conversations.transition(orgID: organisation.id, conversationID: id) { current in
                        // Re-checked under the lock: a message may have arrived since the query.
                        guard (current.lastMessageAt ?? current.startedAt) < cutoff else {
                            throw SimpleDomainError(.conflict, code: "no_longer_idle", message: "The conversation is active again.")
                        }
                        let position = try ConversationLifecycle.apply(.closeIdle, to: current.position)
                        return TransitionPlan(
                            position: position,
                            effects: TransitionEffects(
                                systemMessage: "This chat was closed after \(minutes) minutes without messages. Write again any time."
                            )
                        )
                    }
                    closed += 1
                } catch let error as any DomainError {
                    logger.debug("idle close skipped", metadata: ["conversation_id": "\(id)", "reason": "\(error.code)"])
                }
            }
        }
        return closed
    }
}
