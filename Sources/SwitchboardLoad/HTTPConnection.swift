import NIOCore
import NIOHTTP1
import NIOPosix

/// One keep-alive HTTP/1.1 connection to a Switchboard instance, used by one task at a time.
///
/// The load tool needs only a few JSON POSTs per message, so a plain NIO channel is cheaper
/// than a general client: no pool, no redirects, no TLS (loopback only).
struct HTTPConnection {
    /// A response: status code and the whole body.
    struct Response {
        let status: Int
        let body: ByteBuffer

        var isSuccess: Bool { (200..<300).contains(status) }
        var text: String { String(buffer: body) }
    }

    private var responses: NIOAsyncChannelInboundStream<HTTPClientResponsePart>.AsyncIterator
    private let writer: NIOAsyncChannelOutboundWriter<HTTPClientRequestPart>
    private let authority: String

    /// Runs `body` with a connection to `server` (an `http://127.0.0.1:PORT` address), then closes it.
    static func with<Result>(
        _ server: ServerAddress,
        _ body: (inout HTTPConnection) async throws -> Result
    ) async throws -> Result {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connect(host: server.host, port: server.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var connection = HTTPConnection(
                responses: inbound.makeAsyncIterator(),
                writer: outbound,
                authority: server.authority
            )
            return try await body(&connection)
        }
    }

    private init(
        responses: NIOAsyncChannelInboundStream<HTTPClientResponsePart>.AsyncIterator,
        writer: NIOAsyncChannelOutboundWriter<HTTPClientRequestPart>,
        authority: String
    ) {
        self.responses = responses
        self.writer = writer
        self.authority = authority
    }

    /// POSTs a JSON body and waits for the whole response.
    mutating func post(_ path: String, json: String, bearer: String? = nil) async throws -> Response {
        var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: path)
        head.headers.add(name: "Host", value: authority)
        head.headers.add(name: "Content-Type", value: "application/json")
        head.headers.add(name: "Content-Length", value: String(json.utf8.count))
        if let bearer { head.headers.add(name: "Authorization", value: "Bearer \(bearer)") }
        try await writer.write(contentsOf: [
            .head(head), .body(.byteBuffer(ByteBuffer(string: json))), .end(nil),
        ])
        return try await readResponse()
    }

    /// GETs `path` and waits for the whole response.
    mutating func get(_ path: String) async throws -> Response {
        var head = HTTPRequestHead(version: .http1_1, method: .GET, uri: path)
        head.headers.add(name: "Host", value: authority)
        try await writer.write(contentsOf: [.head(head), .end(nil)])
        return try await readResponse()
    }

    private mutating func readResponse() async throws -> Response {
        var status: Int?
        var body = ByteBuffer()
        while let part = try await responses.next() {
            switch part {
            case .head(let head):
                status = Int(head.status.code)
            case .body(var chunk):
                body.writeBuffer(&chunk)
            case .end:
                guard let status else { throw LoadError("the server sent a response without a status line") }
                return Response(status: status, body: body)
            }
        }
        throw LoadError("the server closed the connection before answering")
    }
}

/// A server to load: `http://127.0.0.1:PORT`. Only loopback addresses are accepted.
struct ServerAddress: Sendable, CustomStringConvertible {
    let host: String
    let port: Int

    init(_ text: String) throws {
        guard text.hasPrefix("http://") else { throw LoadError("--server must look like http://127.0.0.1:8080, not \(text)") }
        let rest = text.dropFirst("http://".count).split(separator: "/", maxSplits: 1).first ?? ""
        let parts = rest.split(separator: ":")
        guard parts.count == 2, let port = Int(parts[1]), (1...65535).contains(port) else {
            throw LoadError("--server needs an explicit port, e.g. http://127.0.0.1:8080 (got \(text))")
        }
        let host = String(parts[0])
        // The tool sends thousands of requests a second: never point it at another machine.
        guard host == "127.0.0.1" || host == "localhost" else {
            throw LoadError("--server must be a loopback address (127.0.0.1), not \(host)")
        }
        self.host = "127.0.0.1"
        self.port = port
    }

    var authority: String { "\(host):\(port)" }
    var description: String { "http://\(authority)" }

    /// The WebSocket URL of `path` (which carries its own query string).
    func webSocketURL(_ path: String) -> String { "ws://\(authority)\(path)" }
}

/// A failure the tool reports in plain words.
struct LoadError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
