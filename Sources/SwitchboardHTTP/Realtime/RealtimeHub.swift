import Foundation
import Logging
import SwitchboardDomain

/// Delivers committed changes to the sockets connected to this instance.
///
/// Customers get their conversation's messages in sequence order, each exactly once: every
/// subscriber remembers the last sequence number it was sent, and delivery always reads
/// "everything after it" from the database, so gaps (a missed notification, a reconnect)
/// fill themselves. Agents get their organisation's conversations and messages.
public actor RealtimeHub {
    /// A socket's outgoing frames; buffered up to a limit so a slow client cannot exhaust memory.
    public typealias Frames = AsyncStream<String>

    private struct Customer {
        let orgID: UUID
        let continuation: Frames.Continuation
        var lastSeq: Int64
    }

    private struct Agent {
        let agentID: UUID
        let continuation: Frames.Continuation
    }

    private let conversations: any ConversationRepository
    private let logger: Logger
    private var customers: [UUID: [UUID: Customer]] = [:]
    private var agents: [UUID: [UUID: Agent]] = [:]

    public init(conversations: any ConversationRepository, logger: Logger) {
        self.conversations = conversations
        self.logger = logger
    }

    /// Subscribes a customer socket; it first receives every message after `afterSeq`.
    public func subscribeCustomer(orgID: UUID, conversationID: UUID, afterSeq: Int64) async -> (id: UUID, frames: Frames) {
        let id = UUID()
        let (frames, continuation) = Frames.makeStream(bufferingPolicy: .bufferingNewest(1000))
        customers[conversationID, default: [:]][id] = Customer(orgID: orgID, continuation: continuation, lastSeq: afterSeq)
        await catchUp(orgID: orgID, conversationID: conversationID)
        return (id, frames)
    }

    public func unsubscribeCustomer(id: UUID, conversationID: UUID) {
        customers[conversationID]?[id]?.continuation.finish()
        customers[conversationID]?[id] = nil
        if customers[conversationID]?.isEmpty == true { customers[conversationID] = nil }
    }

    /// Subscribes an agent socket to everything in the agent's organisation.
    public func subscribeAgent(orgID: UUID, agentID: UUID) -> (id: UUID, frames: Frames) {
        let id = UUID()
        let (frames, continuation) = Frames.makeStream(bufferingPolicy: .bufferingNewest(5000))
        agents[orgID, default: [:]][id] = Agent(agentID: agentID, continuation: continuation)
        return (id, frames)
    }

    public func unsubscribeAgent(id: UUID, orgID: UUID) {
        agents[orgID]?[id]?.continuation.finish()
        agents[orgID]?[id] = nil
        if agents[orgID]?.isEmpty == true { agents[orgID] = nil }
    }

    /// Agents with an open socket on this instance, by organisation (for presence heartbeats).
    public func connectedAgents() -> [UUID: [UUID]] {
        agents.mapValues { Array(Set($0.values.map(\.agentID))) }
    }

    /// Counts of open sockets, for metrics and tests.
    public func socketCounts() -> (customers: Int, agents: Int) {
        (customers.values.reduce(0) { $0 + $1.count }, agents.values.reduce(0) { $0 + $1.count })
    }

    /// Handles one notification from PostgreSQL.
    public func receive(_ event: RealtimeEvent) async {
        do {
            switch event.kind {
            case .message:
                if customers[event.conversationID] != nil {
                    await catchUp(orgID: event.orgID, conversationID: event.conversationID)
                }
                if agents[event.orgID] != nil, let seq = event.seq,
                   let message = try await conversations.messages(
                       orgID: event.orgID, conversationID: event.conversationID, afterSeq: seq - 1, limit: 1).first {
                    sendToAgents(orgID: event.orgID, .message(conversationID: event.conversationID, MessagePayload(message)))
                }
            case .created, .state:
                guard customers[event.conversationID] != nil || agents[event.orgID] != nil,
                      let summary = try await conversations.find(orgID: event.orgID, conversationID: event.conversationID)
                else { return }
                let frame = SocketEvent.state(conversationID: summary.id, mode: summary.mode, agentName: summary.ownerName).json
                for customer in customers[event.conversationID]?.values ?? [:].values { customer.continuation.yield(frame) }
                sendToAgents(orgID: event.orgID, .conversation(ConversationPayload(summary)))
            case .typing:
                guard let author = event.author else { return }
                let frame = SocketEvent.typing(conversationID: event.conversationID, author: author)
                if author == .customer {
                    sendToAgents(orgID: event.orgID, frame)
                } else {
                    for customer in customers[event.conversationID]?.values ?? [:].values { customer.continuation.yield(frame.json) }
                }
            }
        } catch {
            logger.warning("realtime delivery failed", metadata: ["error": "\(error)", "conversation_id": "\(event.conversationID)"])
        }
    }

    /// The listener was away: notifications may be lost. Customers are caught up from the
    /// database; consoles are told to reload.
    public func listenerReconnected() async {
        for (conversationID, subscribers) in customers {
            guard let orgID = subscribers.values.first?.orgID else { continue }
            await catchUp(orgID: orgID, conversationID: conversationID)
        }
        for subscribers in agents.values {
            for agent in subscribers.values { agent.continuation.yield(SocketEvent.resync.json) }
        }
    }

    /// Sends each customer subscriber of the conversation the messages it has not seen.
    private func catchUp(orgID: UUID, conversationID: UUID) async {
        guard let oldest = customers[conversationID]?.values.map(\.lastSeq).min() else { return }
        let messages: [ChatMessage]
        do {
            messages = try await conversations.messages(orgID: orgID, conversationID: conversationID, afterSeq: oldest, limit: 1000)
        } catch {
            logger.warning("could not read messages for delivery", metadata: ["error": "\(error)"])
            return
        }
        // Re-read subscribers: others may have joined, left or been served while we waited.
        guard var subscribers = customers[conversationID] else { return }
        for (id, var subscriber) in subscribers {
            for message in messages where message.seq > subscriber.lastSeq {
                subscriber.continuation.yield(SocketEvent.message(conversationID: conversationID, MessagePayload(message)).json)
                subscriber.lastSeq = message.seq
            }
            subscribers[id] = subscriber
        }
        customers[conversationID] = subscribers
    }

    private func sendToAgents(orgID: UUID, _ event: SocketEvent) {
        guard let subscribers = agents[orgID] else { return }
        let frame = event.json
        for agent in subscribers.values { agent.continuation.yield(frame) }
    }
}
