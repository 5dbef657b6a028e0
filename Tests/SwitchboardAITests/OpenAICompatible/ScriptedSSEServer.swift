import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// One step of a scripted response, performed on the wire in order.
enum ScriptStep: Sendable {
    /// The response head; chunked, `text/event-stream` unless `headers` say otherwise.
    case head(status: Int, headers: [(String, String)] = [])
    /// One flushed network write (one HTTP chunk), e.g. half of a JSON event.
    case send(String)
    case pause(Duration)
    /// The terminating chunk: the response ends cleanly.
    case end
    /// Closes the connection mid-body, as a crashing proxy would.
    case cut
    /// Sends nothing more until the client leaves or the server stops.
    case hang
}

/// A request as the server received it.
struct RecordedRequest: Sendable {
    var method: String
    var uri: String
    var headers: [(String, String)]
    var body: String
    var receivedAt: ContinuousClock.Instant

    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    /// The decoded JSON body.
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
    }
}

/// A real HTTP/1.1 server on loopback that answers each request with the next script (the last
/// one repeats), writing chunked SSE exactly as scripted: split events, delays, cuts, silence.
final class ScriptedSSEServer: Sendable {
    private struct State {
        var scripts: [[ScriptStep]]
        var served = 0
        var requests: [RecordedRequest] = []
        var clientsLeftMidResponse = 0
        var connections: [any Channel] = []
    }

    private let state: Mutex<State>
    private let serverChannel: Mutex<(any Channel)?> = Mutex(nil)

    var port: Int { serverChannel.withLock { $0?.localAddress?.port ?? 0 } }
    var baseURL: String { "http://127.0.0.1:\(port)/v1" }
    var requests: [RecordedRequest] { state.withLock { $0.requests } }
    /// Responses abandoned by the client before their script finished (a cancelled request).
    var clientsLeftMidResponse: Int { state.withLock { $0.clientsLeftMidResponse } }

    private init(scripts: [[ScriptStep]]) {
        state = Mutex(State(scripts: scripts))
    }

    static func start(_ scripts: [ScriptStep]...) async throws -> ScriptedSSEServer {
        let server = ScriptedSSEServer(scripts: scripts)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                server.state.withLock { $0.connections.append(channel) }
                return channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(RequestHandler(server: server))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        server.serverChannel.withLock { $0 = channel }
        return server
    }

    func stop() async {
        let connections = state.withLock { $0.connections }
        for connection in connections { try? await connection.close() }
        if let channel = serverChannel.withLock({ $0 }) { try? await channel.close() }
    }

    fileprivate func received(_ request: RecordedRequest) -> [ScriptStep] {
        state.withLock { state in
            state.requests.append(request)
            defer { state.served += 1 }
            return state.scripts.isEmpty ? [.head(status: 500), .end] : state.scripts[min(state.served, state.scripts.count - 1)]
        }
    }

    fileprivate func clientLeft() {
        state.withLock { $0.clientsLeftMidResponse += 1 }
    }

    /// Performs `steps` on `channel`; a write to a closed channel means the client left.
    fileprivate func perform(_ steps: [ScriptStep], on channel: any Channel) async {
        do {
            for step in steps {
                switch step {
                case .head(let status, let extra):
                    var headers = HTTPHeaders([("Content-Type", "text/event-stream"), ("Transfer-Encoding", "chunked")])
                    for (name, value) in extra { headers.replaceOrAdd(name: name, value: value) }
                    let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: status), headers: headers)
                    try await channel.writeAndFlush(HTTPServerResponsePart.head(head))
                case .send(let text):
                    try await channel.writeAndFlush(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(string: text))))
                case .pause(let duration):
                    try await waitWhileConnected(channel, for: duration)
                case .end:
                    try await channel.writeAndFlush(HTTPServerResponsePart.end(nil))
                case .cut:
                    try await channel.close()
                    return
                case .hang:
                    try await waitWhileConnected(channel, for: .seconds(60))
                }
            }
        } catch {
            clientLeft()
        }
    }

    private struct ClientGone: Error {}

    private func waitWhileConnected(_ channel: any Channel, for duration: Duration) async throws {
        let until = ContinuousClock.now + duration
        while ContinuousClock.now < until {
            guard channel.isActive else { throw ClientGone() }
            try await Task.sleep(for: min(.milliseconds(10), ContinuousClock.now.duration(to: until)))
        }
    }
}

/// Collects one request at a time and hands it to the server's script.
private final class RequestHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart

    private let server: ScriptedSSEServer
    private var head: HTTPRequestHead?
    private var body = ""

    init(server: ScriptedSSEServer) {
        self.server = server
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = ""
        case .body(let buffer):
            body += String(buffer: buffer)
        case .end:
            guard let head else { return }
            let request = RecordedRequest(
                method: head.method.rawValue,
                uri: head.uri,
                headers: head.headers.map { ($0.name, $0.value) },
                body: body,
                receivedAt: .now
            )
            let steps = server.received(request)
            let channel = context.channel
            let server = self.server
            Task { await server.perform(steps, on: channel) }
        }
    }
}

/// Builders for the events an OpenAI-compatible provider streams.
enum SSE {
    /// `data: {chunk with content}\n\n`.
    static func token(_ text: String) -> String {
        let chunk: [String: Any] = ["id": "c1", "object": "chat.completion.chunk", "choices": [["index": 0, "delta": ["content": text]]]]
        return "data: " + json(chunk) + "\n\n"
    }

    static func usage(prompt: Int, completion: Int) -> String {
        let chunk: [String: Any] = ["id": "c1", "choices": [], "usage": ["prompt_tokens": prompt, "completion_tokens": completion]]
        return "data: " + json(chunk) + "\n\n"
    }

    static let done = "data: [DONE]\n\n"
    static let errorEvent = "data: {\"error\":{\"message\":\"The server had an error while processing your request.\",\"type\":\"server_error\"}}\n\n"

    /// A complete 200 stream of `tokens`, optionally `pause`d before each, ending with usage and [DONE].
    static func answer(_ tokens: [String], pause: Duration? = nil, usage: (Int, Int)? = nil) -> [ScriptStep] {
        var steps: [ScriptStep] = [.head(status: 200)]
        for token in tokens {
            if let pause { steps.append(.pause(pause)) }
            steps.append(.send(Self.token(token)))
        }
        if let usage { steps.append(.send(Self.usage(prompt: usage.0, completion: usage.1))) }
        steps += [.send(done), .end]
        return steps
    }

    /// A plain error response with a JSON body.
    static func status(_ code: Int, headers: [(String, String)] = []) -> [ScriptStep] {
        [
            .head(status: code, headers: [("Content-Type", "application/json")] + headers),
            .send("{\"error\":{\"message\":\"status \(code)\"}}"), .end,
        ]
    }

    private static func json(_ object: [String: Any]) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }
}
