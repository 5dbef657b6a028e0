import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import ServiceLifecycle
import SwitchboardDomain

/// The two WebSockets, on the WebSocket router: a customer's (one conversation) and an agent's
/// (the organisation). Each route's middleware authenticates the upgrade and its handler takes
/// the caller as a typed context (`CustomerSocketContext`, `AgentSocketContext`), so no socket
/// runs unauthenticated.
///
/// Sockets carry server-to-client events; clients only send typing notices. Both end cleanly
/// on graceful shutdown.
public struct SocketController: Sendable {
    let hub: RealtimeHub
    let conversations: any ConversationRepository
    let tokens: CustomerTokens
    let organisations: any OrganisationRepository
    let realtime: any RealtimePublisher
    /// Called when an agent's socket opens, so presence flips to online at once.
    let agentConnected: @Sendable (SignedInAgent) async -> Void
    /// Records that a customer has the widget open, and when they closed it.
    let customerPresence: any CustomerPresenceRepository
    /// Signs the console's socket in, exactly as it signs in the console's HTTP requests.
    let agentAuthentication: AgentAuthenticationMiddleware<SocketRequestContext>
    /// The console's own origin for a request (`ConsoleSignIn.consoleOrigin(for:)`).
    let consoleOrigin: @Sendable (Request) -> String?

    /// The sockets' addresses, which the WebSocket router alone answers.
    static let paths = ["/widget/v1/socket", "/console/api/socket"]

    public func addRoutes(to router: Router<SocketRequestContext>) {
        router.group("widget/v1")
            .add(middleware: CustomerSocketAuthenticationMiddleware(tokens: tokens, organisations: organisations, conversations: conversations))
            .ws("socket", as: CustomerSocketContext.self, onUpgrade: customerSocket)
        router.group("console/api")
            .add(middleware: agentAuthentication)
            .add(middleware: ConsoleSocketOriginMiddleware(consoleOrigin: consoleOrigin))
            .ws("socket", as: AgentSocketContext.self, onUpgrade: agentSocket)
    }

    @Sendable func customerSocket(
        inbound: WebSocketInboundStream,
        outbound: WebSocketOutboundWriter,
        connection: SocketConnection<CustomerSocketContext>
    ) async throws {
        let customer = connection.caller.customer
        let after = connection.request.uri.queryParameters["after"].flatMap { Int64($0) } ?? 0
        let subscription = await hub.subscribeCustomer(orgID: customer.orgID, conversationID: customer.conversationID, afterSeq: max(0, after))
        // Presence is best effort: a failed write only means a reply may be emailed (or not) needlessly.
        try? await customerPresence.seen(orgID: customer.orgID, conversationIDs: [customer.conversationID])
        defer {
            Task { [hub, customerPresence] in
                if await hub.unsubscribeCustomer(id: subscription.id, conversationID: customer.conversationID) {
                    try? await customerPresence.left(orgID: customer.orgID, conversationID: customer.conversationID)
                }
            }
        }
        try await pump(subscription.frames, inbound: inbound, outbound: outbound, maxSize: connection.caller.maxInboundMessageSize) { _ in
            try? await realtime.publish(
                RealtimeEvent(kind: .typing, orgID: customer.orgID, conversationID: customer.conversationID, author: .customer)
            )
        }
    }

    @Sendable func agentSocket(
        inbound: WebSocketInboundStream,
        outbound: WebSocketOutboundWriter,
        connection: SocketConnection<AgentSocketContext>
    ) async throws {
        let agent = connection.caller.agent
        let subscription = await hub.subscribeAgent(orgID: agent.orgID, agentID: agent.agentID, sessionID: agent.sessionID)
        defer { Task { await hub.unsubscribeAgent(id: subscription.id, orgID: agent.orgID) } }
        await agentConnected(agent)
        try await pump(subscription.frames, inbound: inbound, outbound: outbound, maxSize: connection.caller.maxInboundMessageSize) { notice in
            // The customer sees "<name> is typing…" only in conversations this agent owns.
            guard let id = notice.conversationId,
                let summary = try? await conversations.find(orgID: agent.orgID, conversationID: id),
                summary.ownerAgentID == agent.agentID
            else { return }
            try? await realtime.publish(RealtimeEvent(kind: .typing, orgID: agent.orgID, conversationID: id, author: .agent))
        }
    }

    /// Writes frames until the client leaves or the server shuts down; reads typing notices.
    private func pump(
        _ frames: RealtimeHub.Frames,
        inbound: WebSocketInboundStream,
        outbound: WebSocketOutboundWriter,
        maxSize: Int,
        onTyping: @escaping @Sendable (TypingNotice) async -> Void
    ) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await frame in frames {
                    try await outbound.write(.text(frame))
                }
            }
            group.addTask {
                var lastTyping = ContinuousClock.now - .seconds(10)
                for try await message in inbound.messages(maxSize: maxSize) {
                    guard case .text(let text) = message,
                        let notice = try? JSONDecoder().decode(TypingNotice.self, from: Data(text.utf8)),
                        notice.type == "typing"
                    else { continue }
                    // At most one typing notice every two seconds per socket.
                    guard ContinuousClock.now - lastTyping > .seconds(2) else { continue }
                    lastTyping = ContinuousClock.now
                    await onTyping(notice)
                }
            }
            // Ends the socket cleanly when the server shuts down.
            group.addTask { try await gracefulShutdown() }
            try await group.next()
            group.cancelAll()
        }
    }
}

/// What clients send on a socket: `{"type": "typing"}`, agents with the conversation's id.
struct TypingNotice: Decodable, Sendable {
    let type: String
    let conversationId: UUID?
}
