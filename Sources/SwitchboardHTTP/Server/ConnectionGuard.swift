import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1

/// How long a connection may take over each part of a request, and how many idle connections
/// one address may hold; a few slow or idle clients then cannot exhaust the server.
public struct ConnectionLimits: Sendable {
    /// From the first byte of a request head to the whole head.
    public var headTimeout: Duration
    /// From a request head to the end of its body.
    public var bodyTimeout: Duration
    /// How long a connection may wait with nothing sent: a new one (browsers open connections
    /// ahead of need) or a keep-alive one after its response.
    public var keepAliveTimeout: Duration
    /// Idle connections per client address; past it the address's longest-idle one is closed.
    public var maxIdlePerAddress: Int

    public init(
        headTimeout: Duration = .seconds(10),
        bodyTimeout: Duration = .seconds(30),
        keepAliveTimeout: Duration = .seconds(30),
        maxIdlePerAddress: Int = 64
    ) {
        self.headTimeout = headTimeout
        self.bodyTimeout = bodyTimeout
        self.keepAliveTimeout = keepAliveTimeout
        self.maxIdlePerAddress = maxIdlePerAddress
    }
}

/// HTTP/1.1 with WebSocket upgrade, guarded by `ConnectionGuardHandler` on every connection.
///
/// Hummingbird's upgrade pipeline leaves a connection open and silent when the first request
/// cannot be parsed (a control character in a header); the guard answers 400 and closes.
struct GuardedHTTPChannel: ServerChildChannel {
    typealias Value = HTTP1WebSocketUpgradeChannel.Value

    let inner: HTTP1WebSocketUpgradeChannel
    let limits: ConnectionLimits
    let idle: IdleConnections

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        inner.setup(channel: channel, logger: logger).flatMapThrowing { value in
            // Right after the HTTP decoder: it sees its errors and every request and response part;
            // the byte watcher in front tells it when a request has started to arrive.
            let decoder = try channel.pipeline.syncOperations.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try channel.pipeline.syncOperations.addHandler(
                ConnectionGuardHandler(limits: limits, idle: idle, logger: logger),
                position: .after(decoder)
            )
            try channel.pipeline.syncOperations.addHandler(ByteWatcher(), position: .first)
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}

/// Answers unparseable requests with 400 and closes, enforces `ConnectionLimits`' timeouts,
/// and keeps this connection's place in `IdleConnections` while it waits for a request.
final class ConnectionGuardHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let limits: ConnectionLimits
    private let idle: IdleConnections
    private let logger: Logger
    private var deadline: Scheduled<Void>?
    private var requestsInProgress = 0
    private var readingBody = false
    private var responseStarted = false
    private var address = "unknown"
    private var closing = false
    /// After a 101 the connection carries WebSocket frames, which this handler passes on untouched.
    private var upgraded = false
    /// No request in progress; `headStarted` once bytes of the next one arrived.
    private var waitingForRequest = true
    private var headStarted = false

    init(limits: ConnectionLimits, idle: IdleConnections, logger: Logger) {
        self.limits = limits
        self.idle = idle
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        address = context.channel.remoteAddress?.ipAddress ?? "unknown"
        becomeIdle(context: context)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        // Graceful shutdown: a connection with no request in progress closes now, so the server
        // does not wait out its timers (Hummingbird's own handler only joins after a first head).
        if event is ChannelShouldQuiesceEvent, !upgraded, waitingForRequest {
            context.close(promise: nil)
            return
        }
        // The first bytes of a request while idle: from now on the head has `headTimeout`.
        if event is ByteWatcher.BytesArrived {
            if !upgraded && waitingForRequest && !headStarted {
                headStarted = true
                idle.remove(address: address, channel: context.channel)
                arm(context: context, timeout: limits.headTimeout, reason: "request head")
            }
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        idle.remove(address: address, channel: context.channel)
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        idle.remove(address: address, channel: context.channel)
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !upgraded else {
            context.fireChannelRead(data)
            return
        }
        switch unwrapInboundIn(data) {
        case .head:
            requestsInProgress += 1
            readingBody = true
            responseStarted = false
            waitingForRequest = false
            headStarted = false
            idle.remove(address: address, channel: context.channel)
            arm(context: context, timeout: limits.bodyTimeout, reason: "request body")
        case .body:
            break
        case .end:
            readingBody = false
            deadline?.cancel()
            deadline = nil
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard !upgraded else {
            context.write(data, promise: promise)
            return
        }
        switch unwrapOutboundIn(data) {
        case .head(let head):
            responseStarted = true
            if head.status == .switchingProtocols {
                // A WebSocket from here on: it has its own pings and close handshake.
                upgraded = true
                deadline?.cancel()
                deadline = nil
                idle.remove(address: address, channel: context.channel)
            }
        case .body:
            break
        case .end:
            requestsInProgress = max(0, requestsInProgress - 1)
            if requestsInProgress == 0 && !readingBody {
                context.write(data, promise: promise)
                becomeIdle(context: context)
                return
            }
        }
        context.write(data, promise: promise)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard !upgraded, error is HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        logger.info("malformed request refused", metadata: ["error": "\(error)", "client": "\(address)"])
        refuse(context: context, status: .badRequest)
    }

    /// Waiting for a request: counted against the address's idle connections and timed.
    private func becomeIdle(context: ChannelHandlerContext) {
        waitingForRequest = true
        headStarted = false
        arm(context: context, timeout: limits.keepAliveTimeout, reason: "a request")
        for evicted in idle.add(address: address, channel: context.channel, limit: limits.maxIdlePerAddress) {
            evicted.close(promise: nil)
        }
    }

    private func arm(context: ChannelHandlerContext, timeout: Duration, reason: String) {
        deadline?.cancel()
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        deadline = context.eventLoop.scheduleTask(in: TimeAmount(timeout)) {
            let (handler, context) = loopBound.value
            handler.deadline = nil
            handler.logger.debug("connection timed out", metadata: ["waiting_for": "\(reason)", "client": "\(handler.address)"])
            // 408 while a request body is awaited and nothing of a response has been written;
            // an idle or half-answered connection is simply closed.
            if handler.readingBody && !handler.responseStarted {
                handler.refuse(context: context, status: .requestTimeout)
            } else {
                context.close(promise: nil)
            }
        }
    }

    /// Writes a bodiless error response that closes the connection, then closes it.
    private func refuse(context: ChannelHandlerContext, status: HTTPResponseStatus) {
        guard !closing else { return }
        closing = true
        deadline?.cancel()
        var headers = HTTPHeaders()
        headers.add(name: "Connection", value: "close")
        headers.add(name: "Content-Length", value: "0")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in context.close(promise: nil) }
    }
}

/// Sits in front of the HTTP decoder and tells `ConnectionGuardHandler` when bytes arrive, so an
/// idle connection and a request head that is arriving slowly get different deadlines.
final class ByteWatcher: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    /// Bytes arrived from the client.
    struct BytesArrived {}

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireUserInboundEventTriggered(BytesArrived())
        context.fireChannelRead(data)
    }
}

/// Idle connections by client address, longest-idle first; shared by every connection.
final class IdleConnections: Sendable {
    private let state = NIOLockedValueBox([String: [any Channel]]())

    /// Records `channel` as idle and returns the address's longest-idle connections past `limit`.
    func add(address: String, channel: any Channel, limit: Int) -> [any Channel] {
        state.withLockedValue { byAddress in
            var channels = byAddress[address, default: []].filter { $0 !== channel }
            channels.append(channel)
            let evicted = channels.count > limit ? Array(channels.prefix(channels.count - limit)) : []
            channels.removeFirst(evicted.count)
            byAddress[address] = channels
            return evicted
        }
    }

    func remove(address: String, channel: any Channel) {
        state.withLockedValue { byAddress in
            guard var channels = byAddress[address] else { return }
            channels.removeAll { $0 === channel }
            byAddress[address] = channels.isEmpty ? nil : channels
        }
    }

    /// How many idle connections `address` holds now.
    func count(address: String) -> Int {
        state.withLockedValue { $0[address]?.count ?? 0 }
    }
}
