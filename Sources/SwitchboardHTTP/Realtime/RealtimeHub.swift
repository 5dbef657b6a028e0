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
        /// The console session the socket was opened with; nil for a bearer token.
        let sessionID: UUID?
        let continuation: Frames.Continuation
    }

    private let conversations: any ConversationRepository
    private let logger: Logger
    private var customers: [UUID: [UUID: Customer]] = [:]
    private var agents: [UUID: [UUID: Agent]] = [:]
    /// Notifications waiting for the next delivery batch.
    private var pending: [RealtimeEvent] = []
    private var delivering = false

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

    /// Ends a customer socket's subscription; true when it was the conversation's last one here.
    @discardableResult
    public func unsubscribeCustomer(id: UUID, conversationID: UUID) -> Bool {
        customers[conversationID]?[id]?.continuation.finish()
        customers[conversationID]?[id] = nil
        guard customers[conversationID]?.isEmpty ?? true else { return false }
        customers[conversationID] = nil
        return true
    }

    /// Conversations whose customer has a socket open on this instance, by organisation.
    public func connectedCustomers() -> [UUID: [UUID]] {
        var result: [UUID: [UUID]] = [:]
        for (conversationID, subscribers) in customers {
            if let orgID = subscribers.values.first?.orgID { result[orgID, default: []].append(conversationID) }
        }
        return result
    }

    /// Subscribes an agent socket to everything in the agent's organisation.
    public func subscribeAgent(orgID: UUID, agentID: UUID, sessionID: UUID? = nil) -> (id: UUID, frames: Frames) {
        let id = UUID()
        let (frames, continuation) = Frames.makeStream(bufferingPolicy: .bufferingNewest(5000))
        agents[orgID, default: [:]][id] = Agent(agentID: agentID, sessionID: sessionID, continuation: continuation)
        return (id, frames)
    }

    /// Ends the agent sockets a sign-out names: the session's, or all of the agent's when it
    /// names no session (disabled). Their frame streams finish, so the sockets close.
    public func signOut(_ notice: SignOutNotice) {
        guard let subscribers = agents[notice.orgID] else { return }
        for (id, agent) in subscribers
        where agent.agentID == notice.agentID && (notice.sessionID == nil || agent.sessionID == notice.sessionID) {
            agent.continuation.finish()
            agents[notice.orgID]?[id] = nil
        }
        if agents[notice.orgID]?.isEmpty == true { agents[notice.orgID] = nil }
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

    /// Takes one notification from PostgreSQL. Notifications that arrive while a batch is being
    /// delivered wait for the next batch, so a burst costs a few reads per organisation rather
    /// than one or two per message.
    public func receive(_ event: RealtimeEvent) {
        pending.append(event)
        guard !delivering else { return }
        delivering = true
        Task { await self.deliverPending() }
    }

    /// Delivers everything received so far (also what arrives meanwhile); for tests and shutdown.
    public func deliverPending() async {
        while !pending.isEmpty {
            let batch = pending
            pending.removeAll()
            for (orgID, events) in Dictionary(grouping: batch, by: \.orgID) {
                await deliver(events, orgID: orgID)
            }
        }
        delivering = false
    }

    private func deliver(_ events: [RealtimeEvent], orgID: UUID) async {
        do {
            for event in events where event.kind == .typing { relayTyping(event) }
            for event in events where event.kind == .draft { relayDraft(event) }
            // Notes go to the organisation's consoles only; no customer path reads them.
            let noteIDs = events.filter { $0.kind == .note }.compactMap(\.noteID)
            if agents[orgID] != nil, !noteIDs.isEmpty {
                for note in try await conversations.notes(orgID: orgID, ids: noteIDs) { sendToAgents(orgID: orgID, .note(NotePayload(note))) }
            }

            let messageEvents = events.filter { $0.kind == .message }
            let customerConversations = Set(messageEvents.map(\.conversationID)).filter { customers[$0] != nil }
            if !customerConversations.isEmpty {
                await catchUp(orgID: orgID, conversationIDs: customerConversations)
            }
            if agents[orgID] != nil, !messageEvents.isEmpty {
                let keys = messageEvents.compactMap { event in event.seq.map { (conversationID: event.conversationID, seq: $0) } }
                for message in try await conversations.messages(orgID: orgID, keys: keys) {
                    sendToAgents(orgID: orgID, .message(conversationID: message.conversationID, MessagePayload(message)))
                }
            }

            let changed = Set(events.filter { $0.kind == .created || $0.kind == .state }.map(\.conversationID))
                .filter { customers[$0] != nil || agents[orgID] != nil }
            guard !changed.isEmpty else { return }
            for summary in try await conversations.find(orgID: orgID, conversationIDs: Array(changed)) {
                let frame = SocketEvent.state(conversationID: summary.id, mode: summary.mode, agentName: summary.ownerName).json
                for customer in customers[summary.id]?.values ?? [:].values { customer.continuation.yield(frame) }
                sendToAgents(orgID: orgID, .conversation(ConversationPayload(summary)))
            }
        } catch {
            logger.warning("realtime delivery failed", metadata: ["error": "\(error)", "org_id": "\(orgID)"])
        }
    }

    private func relayTyping(_ event: RealtimeEvent) {
        guard let author = event.author else { return }
        let frame = SocketEvent.typing(conversationID: event.conversationID, author: author)
        if author == .customer {
            sendToAgents(orgID: event.orgID, frame)
        } else {
            for customer in customers[event.conversationID]?.values ?? [:].values { customer.continuation.yield(frame.json) }
        }
    }

    /// The AI's answer so far goes to the customer and to the organisation's consoles.
    private func relayDraft(_ event: RealtimeEvent) {
        let frame = SocketEvent.draft(conversationID: event.conversationID, text: event.text ?? "")
        for customer in customers[event.conversationID]?.values ?? [:].values { customer.continuation.yield(frame.json) }
        sendToAgents(orgID: event.orgID, frame)
    }

    /// The listener was away: notifications may be lost. Customers are caught up from the
    /// database; consoles are told to reload.
    public func listenerReconnected() async {
        var byOrganisation: [UUID: Set<UUID>] = [:]
        for (conversationID, subscribers) in customers {
            guard let orgID = subscribers.values.first?.orgID else { continue }
            byOrganisation[orgID, default: []].insert(conversationID)
        }
        for (orgID, conversationIDs) in byOrganisation {
            await catchUp(orgID: orgID, conversationIDs: conversationIDs)
        }
        for subscribers in agents.values {
            for agent in subscribers.values { agent.continuation.yield(SocketEvent.resync.json) }
        }
    }

    /// Sends each customer subscriber of these conversations the messages it has not seen,
    /// read in one query from the oldest cursor of each conversation.
    private func catchUp(orgID: UUID, conversationIDs: Set<UUID>) async {
        var cursors: [UUID: Int64] = [:]
        for id in conversationIDs {
            if let oldest = customers[id]?.values.map(\.lastSeq).min() { cursors[id] = oldest }
        }
        guard !cursors.isEmpty else { return }
        let messages: [ChatMessage]
        do {
            messages = try await conversations.messages(orgID: orgID, after: cursors, limit: 5000)
        } catch {
            logger.warning("could not read messages for delivery", metadata: ["error": "\(error)"])
            return
        }
        // Re-read subscribers: others may have joined, left or been served while we waited.
        for (conversationID, stored) in Dictionary(grouping: messages, by: \.conversationID) {
            guard var subscribers = customers[conversationID] else { continue }
            for (id, var subscriber) in subscribers {
                for message in stored where message.seq > subscriber.lastSeq {
                    subscriber.continuation.yield(SocketEvent.message(conversationID: conversationID, MessagePayload(message)).json)
                    subscriber.lastSeq = message.seq
                }
                subscribers[id] = subscriber
            }
            customers[conversationID] = subscribers
        }
    }

    private func catchUp(orgID: UUID, conversationID: UUID) async {
        await catchUp(orgID: orgID, conversationIDs: [conversationID])
    }

    private func sendToAgents(orgID: UUID, _ event: SocketEvent) {
        guard let subscribers = agents[orgID] else { return }
        let frame = event.json
        for agent in subscribers.values { agent.continuation.yield(frame) }
    }
}
