import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import ServiceLifecycle
import SwitchboardDomain

/// The two WebSockets: a customer's (one conversation) and an agent's (the organisation).
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
    /// The console's own origin for a request (`ConsoleSignIn.consoleOrigin(for:)`).
    let consoleOrigin: @Sendable (Request) -> String?

    public func addRoutes(to router: Router<SwitchboardRequestContext>) {
        router.ws("widget/v1/socket", shouldUpgrade: customerShouldUpgrade, onUpgrade: customerSocket)
        router.ws("console/api/socket", shouldUpgrade: agentShouldUpgrade, onUpgrade: agentSocket)
    }

    @Sendable func customerShouldUpgrade(request: Request, context: SwitchboardRequestContext) async throws -> RouterShouldUpgrade {
        let customer = try tokens.verify(request)
        try await OriginPolicy.check(request, orgID: customer.orgID, organisations: organisations)
        guard let conversation = try await conversations.find(orgID: customer.orgID, conversationID: customer.conversationID) else {
            throw APIError.unauthorized
        }
        try tokens.checkReadable(conversation)
        return .upgrade([:])
    }

    @Sendable func customerSocket(
        inbound: WebSocketInboundStream,
        outbound: WebSocketOutboundWriter,
        context: WebSocketRouterContext<SwitchboardRequestContext>
    ) async throws {
        guard let customer = try? tokens.verify(context.request) else { return }
        let after = context.request.uri.queryParameters["after"].flatMap { Int64($0) } ?? 0
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
        try await pump(subscription.frames, inbound: inbound, outbound: outbound) { _ in
            try? await realtime.publish(
                RealtimeEvent(kind: .typing, orgID: customer.orgID, conversationID: customer.conversationID, author: .customer)
            )

        }
    }

    @Sendable func agentShouldUpgrade(request: Request, context: SwitchboardRequestContext) async throws -> RouterShouldUpgrade {
        guard let agent = context.agent else { throw APIError.unauthorized }
        // WebSocket handshakes are not bound by CORS: a cookie-authenticated socket must come
        // from a page of the console itself: same scheme, host and port.
        if agent.sessionID != nil {
            guard let origin = request.headers[.origin].flatMap(WebOrigin.normalise),
                origin == consoleOrigin(request)
            else { throw OriginPolicy.refused }
        }
        return .upgrade([:])
    }

    @Sendable func agentSocket(
        inbound: WebSocketInboundStream,
        outbound: WebSocketOutboundWriter,
        context: WebSocketRouterContext<SwitchboardRequestContext>
    ) async throws {
        guard let agent = context.requestContext.agent else { return }
        let subscription = await hub.subscribeAgent(orgID: agent.orgID, agentID: agent.agentID, sessionID: agent.sessionID)
        defer { Task { await hub.unsubscribeAgent(id: subscription.id, orgID: agent.orgID) } }
        await agentConnected(agent)
        try await pump(subscription.frames, inbound: inbound, outbound: outbound) { notice in
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
                for try await message in inbound.messages(maxSize: 4096) {
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
