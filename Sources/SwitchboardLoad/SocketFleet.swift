import HummingbirdWSClient
import Logging
import Synchronization

/// Many WebSockets held open at once: opened a window at a time, each text frame handed to
/// `onText`, all closed together when the work that needs them is done.
///
/// For comparison it can hold plain keep-alive HTTP connections instead, each idle after one
/// GET: what a connection costs a server before any WebSocket is involved.
final class SocketFleet: Sendable {
    /// What each URL is opened as.
    enum Kind: Sendable {
        /// `ws://…` URLs; text frames go to the callback.
        case webSocket(onText: @Sendable (String) -> Void)
        /// `http://…` URLs: one GET, then the connection stays open and idle.
        case keepAliveHTTP
    }

    /// How the opening went.
    struct Opening: Sendable {
        var opened = 0
        var failed = 0
        var firstError: String?
    }

    let urls: [String]
    /// Sockets being opened at once; more would overflow the servers' accept backlog.
    let window: Int
    let kind: Kind
    private let closedEarlyCount = Mutex(0)

    init(urls: [String], window: Int, kind: Kind) {
        self.urls = urls
        self.window = max(1, window)
        self.kind = kind
    }

    convenience init(urls: [String], window: Int, onText: @escaping @Sendable (String) -> Void) {
        self.init(urls: urls, window: window, kind: .webSocket(onText: onText))
    }

    /// Sockets the server ended before the fleet closed them.
    var closedEarly: Int { closedEarlyCount.withLock { $0 } }

    /// Opens every socket, runs `whileOpen`, then closes them all (also when `whileOpen` throws).
    func run<Result: Sendable>(_ whileOpen: (Opening) async throws -> Result) async throws -> Result {
        let stop = StopSignal()
        let (events, reporter) = AsyncStream<OpenEvent>.makeStream()
        return try await withThrowingTaskGroup(of: Void.self) { group in
            var iterator = events.makeAsyncIterator()
            var opening = Opening()
            var inFlight = 0
            func settleOne() async {
                switch await iterator.next() {
                case .opened?: opening.opened += 1
                case .failed(let error)?:
                    opening.failed += 1
                    opening.firstError = opening.firstError ?? error
                case nil: break
                }
                inFlight -= 1
            }
            for url in urls {
                if inFlight >= window { await settleOne() }
                inFlight += 1
                let kind = self.kind
                group.addTask {
                    let once = OpenOnce(reporter)
                    do {
                        switch kind {
                        case .webSocket(let onText): try await Self.hold(url: url, once: once, stop: stop, onText: onText)
                        case .keepAliveHTTP: try await Self.holdHTTP(url: url, once: once, stop: stop)
                        }
                        once.report(.failed("the server closed the connection while it was opening"))
                        // The server ended the socket before we asked it to.
                        if !stop.hasFired { self.closedEarlyCount.withLock { $0 += 1 } }
                    } catch {
                        once.report(.failed(String(describing: error)))
                    }
                }
            }
            while inFlight > 0 { await settleOne() }
            do {
                let result = try await whileOpen(opening)
                stop.fire()
                try? await group.waitForAll()
                return result
            } catch {
                stop.fire()
                try? await group.waitForAll()
                throw error
            }
        }
    }

    private enum OpenEvent: Sendable {
        case opened
        case failed(String)
    }

    private static let logger: Logger = {
        var logger = Logger(label: "switchboard-load.socket")
        logger.logLevel = .critical
        return logger
    }()

    private static func hold(url: String, once: OpenOnce, stop: StopSignal, onText: @escaping @Sendable (String) -> Void) async throws {
        let configuration = WebSocketClientConfiguration(maxFrameSize: 1 << 16, closeTimeout: .seconds(5))
        try await WebSocketClient.connect(url: url, configuration: configuration, logger: logger) { inbound, outbound, _ in
            once.report(.opened)
            async let reading: Void = {
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    if case .text(let text) = message { onText(text) }
                }
            }()
            await stop.wait()
            try? await outbound.close(.normalClosure, reason: nil)
            try? await reading
        }
    }

    private static func holdHTTP(url: String, once: OpenOnce, stop: StopSignal) async throws {
        let server = try ServerAddress(url)
        let path = url.dropFirst("http://\(server.authority)".count)
        try await HTTPConnection.with(server) { connection in
            let response = try await connection.get(path.isEmpty ? "/" : String(path))
            guard response.isSuccess else { throw LoadError("GET \(path) answered \(response.status)") }
            once.report(.opened)
            await stop.wait()
        }
    }

    /// Reports a socket's opening exactly once: a failure after it opened is not a failed open.
    private final class OpenOnce: Sendable {
        private let reported = Mutex(false)
        private let continuation: AsyncStream<OpenEvent>.Continuation

        init(_ continuation: AsyncStream<OpenEvent>.Continuation) {
            self.continuation = continuation
        }

        func report(_ event: OpenEvent) {
            let first = reported.withLock { done in
                defer { done = true }
                return !done
            }
            if first { continuation.yield(event) }
        }
    }
}

/// Fires once; everything waiting on it resumes, and later waits return at once.
final class StopSignal: Sendable {
    private struct State {
        var fired = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    var hasFired: Bool { state.withLock { $0.fired } }

    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { state in
                if state.fired { return true }
                state.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    func fire() {
        let waiters = state.withLock { state in
            state.fired = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
