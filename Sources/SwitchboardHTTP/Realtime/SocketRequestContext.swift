import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import SwitchboardDomain

/// The context of a WebSocket upgrade request on the WebSocket router: what the HTTP context
/// carries that sockets need (request id, client address behind trusted proxies, the identity
/// the authentication middleware found) and the slot the matched route's handler goes in.
///
/// The connection limits (`ConnectionLimits`) are enforced below both routers, on the channel;
/// per socket, inbound messages are limited to `maxInboundMessageSize`.
public struct SocketRequestContext: AgentAuthenticatingContext, WebSocketRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let webSocket: WebSocketHandlerReference<Self>
    public var requestID: String
    public var agent: SignedInAgent?
    public var session: WebSession?
    public var authenticationRefusal: APIError?
    /// Set by `CustomerSocketAuthenticationMiddleware`: the customer of the conversation the
    /// token names, token verified, origin allowed, conversation still readable.
    public var customer: CustomerIdentity?
    public let remoteAddress: SocketAddress?
    public var forwardedClientIP: String?

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.webSocket = .init()
        self.remoteAddress = source.channel.remoteAddress
        self.requestID = ""
        self.requestID = self.logger[metadataKey: "hb.request.id"]?.description ?? ""
    }

    /// A plain GET of a socket's address (no upgrade headers) that the HTTP server received:
    /// the WebSocket router answers it, saying why an upgrade would be refused.
    init(plainRequest context: SwitchboardRequestContext) {
        self.coreContext = context.coreContext
        self.webSocket = .init()
        self.remoteAddress = context.remoteAddress
        self.requestID = context.requestID
    }

    /// Clients only send typing notices; anything longer is not read.
    public var maxInboundMessageSize: Int { 4096 }
}

/// A socket opened by the customer of one conversation: a socket handler taking it cannot run
/// unless `CustomerSocketAuthenticationMiddleware` admitted the upgrade.
public struct CustomerSocketContext: ChildRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let customer: CustomerIdentity
    public let requestID: String
    public let clientIP: String
    public let maxInboundMessageSize: Int

    public init(context: SocketRequestContext) throws {
        // The middleware refuses first; a route registered without it fails closed.
        guard let customer = context.customer else { throw APIError.unauthorized }
        self.coreContext = context.coreContext
        self.customer = customer
        self.requestID = context.requestID
        self.clientIP = context.clientIP
        self.maxInboundMessageSize = context.maxInboundMessageSize
    }
}

/// A socket opened by a signed-in agent: a socket handler taking it cannot run unless
/// `AgentAuthenticationMiddleware` signed the upgrade in (and, for a session cookie,
/// `ConsoleSocketOriginMiddleware` saw the console's own origin).
public struct AgentSocketContext: ChildRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let agent: SignedInAgent
    public let requestID: String
    public let maxInboundMessageSize: Int

    public init(context: SocketRequestContext) throws {
        guard let agent = context.agent else { throw context.authenticationRefusal ?? APIError.unauthorized }
        self.coreContext = context.coreContext
        self.agent = agent
        self.requestID = context.requestID
        self.maxInboundMessageSize = context.maxInboundMessageSize
    }
}

/// What a socket handler gets: the upgrade request and the caller it was admitted as.
public struct SocketConnection<Caller: ChildRequestContext>: WebSocketContext where Caller.ParentContext == SocketRequestContext {
    /// The upgrade request (its query names, say, the last sequence the client saw).
    public let request: Request
    public let caller: Caller
    public var logger: Logger { caller.logger }
}

extension RouterMethods where Context == SocketRequestContext {
    /// A WebSocket route whose handler runs only for a `Caller` the route's middleware admitted:
    /// the upgrade is refused (and the handler never called) when `Caller(context:)` throws.
    @discardableResult
    public func ws<Caller: ChildRequestContext>(
        _ path: RouterPath,
        as caller: Caller.Type,
        onUpgrade handler: @escaping @Sendable (WebSocketInboundStream, WebSocketOutboundWriter, SocketConnection<Caller>) async throws -> Void
    ) -> Self where Caller.ParentContext == SocketRequestContext {
        ws(path) { _, context in
            _ = try Caller(context: context)
            return .upgrade([:])
        } onUpgrade: { inbound, outbound, context in
            // The context that passed `shouldUpgrade` above; checked again so no path skips it.
            let caller = try Caller(context: context.requestContext)
            try await handler(inbound, outbound, SocketConnection(request: context.request, caller: caller))
        }
    }
}

/// Verifies the customer token of a widget socket: a valid, unexpired token (else 401), sent from
/// an origin the organisation allows (else 403), for a conversation that exists and is still
/// readable (else 401). The same checks as `CustomerAuthenticationMiddleware`, where the token
/// rather than the path names the conversation.
struct CustomerSocketAuthenticationMiddleware: RouterMiddleware {
    typealias Context = SocketRequestContext
    let tokens: CustomerTokens
    let organisations: any OrganisationRepository
    let conversations: any ConversationRepository

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let customer = try tokens.verify(request)
        try await OriginPolicy.check(request, orgID: customer.orgID, organisations: organisations)
        guard let conversation = try await conversations.find(orgID: customer.orgID, conversationID: customer.conversationID) else {
            throw APIError.unauthorized
        }
        try tokens.checkReadable(conversation)
        var context = context
        context.customer = customer
        context.logger[metadataKey: "org_id"] = .string(customer.orgID.uuidString.lowercased())
        return try await next(request, context)
    }
}

/// WebSocket handshakes are not bound by CORS: a cookie-authenticated console socket must come
/// from a page of the console itself (same scheme, host and port), else 403. Bearer tokens are
/// never sent by a browser on its own and need no such proof.
struct ConsoleSocketOriginMiddleware: RouterMiddleware {
    typealias Context = SocketRequestContext
    /// The console's own origin for a request (`ConsoleSignIn.consoleOrigin(for:)`).
    let consoleOrigin: @Sendable (Request) -> String?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let agent = context.agent, agent.sessionID != nil {
            guard let origin = request.headers[.origin].flatMap(WebOrigin.normalise),
                origin == consoleOrigin(request)
            else { throw OriginPolicy.refused }
        }
        return try await next(request, context)
    }
}
