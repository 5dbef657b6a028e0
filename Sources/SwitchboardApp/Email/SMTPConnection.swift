import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// One TCP (or TLS) connection to an SMTP server: writes command lines, reads reply lines, and
/// upgrades to TLS in place for STARTTLS. Every read waits at most the timeout it is given; when
/// that passes the connection is closed and the read fails with `SMTPFailure.timedOut`.
final class SMTPConnection {
    private let channel: any Channel
    private var lines: AsyncThrowingStream<String, any Error>.AsyncIterator
    private let watchdog: Watchdog

    /// Longest reply line accepted (RFC 5321 allows 512 bytes).
    static let maxLine = 4_096

    private init(channel: any Channel, lines: AsyncThrowingStream<String, any Error>) {
        self.channel = channel
        self.lines = lines.makeAsyncIterator()
        self.watchdog = Watchdog(channel: channel)
    }

    /// Connects to `address`; `tls` wraps the connection from the first byte (implicit TLS).
    static func connect(
        to address: SocketAddress,
        tls: (context: NIOSSLContext, serverHostname: String?)?,
        timeout: Duration
    ) async throws -> SMTPConnection {
        let (stream, continuation) = AsyncThrowingStream<String, any Error>.makeStream()
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.milliseconds(Int64(timeout.milliseconds)))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let tls {
                            let handler = try NIOSSLClientHandler(context: tls.context, serverHostname: tls.serverHostname)
                            try channel.pipeline.syncOperations.addHandler(handler)
                        }
                        try channel.pipeline.syncOperations.addHandler(SMTPLineDecoder(continuation: continuation))
                    }
                }
                .connect(to: address).get()
        } catch {
            throw SMTPFailure.connection(
                "could not connect to \(address.ipAddress ?? "the server") port \(address.port ?? 0): \(Self.describe(error))"
            )
        }
        return SMTPConnection(channel: channel, lines: stream)
    }

    /// Sends one line (CRLF appended).
    func send(_ line: String) async throws {
        try await write(ByteBuffer(string: line + "\r\n"))
    }

    /// Sends raw bytes (the message data).
    func write(_ buffer: ByteBuffer) async throws {
        do {
            try await channel.writeAndFlush(buffer).get()
        } catch {
            throw await failure(afterWriting: error)
        }
    }

    /// A write fails with "I/O on closed channel" when the connection closed under it; when TLS
    /// closed it (a certificate not trusted, after STARTTLS) the reason waits at the end of the
    /// reply stream, and an administrator needs that reason, not the closed channel.
    private func failure(afterWriting error: any Error) async -> SMTPFailure {
        if !channel.isActive {
            watchdog.arm(.seconds(1))
            defer { watchdog.disarm() }
            do {
                while try await lines.next() != nil {}
            } catch let tls as NIOSSLError {
                return .tls("the TLS handshake failed: \(Self.describe(tls))")
            } catch {}
        }
        return .connection("the connection broke while sending: \(Self.describe(error))")
    }

    /// Reads one reply, all its lines (`250-…` continues, `250 …` ends it).
    func readReply(timeout: Duration) async throws -> SMTPReply {
        watchdog.arm(timeout)
        defer { watchdog.disarm() }
        var texts: [String] = []
        while true {
            let line: String?
            do {
                line = try await lines.next()
            } catch {
                if watchdog.fired { throw SMTPFailure.timedOut }
                throw SMTPFailure.connection("the connection broke: \(Self.describe(error))")
            }
            guard let line else {
                if watchdog.fired { throw SMTPFailure.timedOut }
                throw SMTPFailure.connection("the server closed the connection")
            }
            let characters = Array(line)
            guard characters.count >= 3, let code = Int(String(characters[0..<3])), (200...599).contains(code),
                characters.count == 3 || characters[3] == " " || characters[3] == "-"
            else {
                throw SMTPFailure.protocolError("the server sent a line that is no SMTP reply: \(SMTPReply.clean(line))")
            }
            texts.append(characters.count > 4 ? String(characters[4...]) : "")
            guard texts.count <= 100 else { throw SMTPFailure.protocolError("the server's reply has too many lines") }
            if characters.count == 3 || characters[3] == " " { return SMTPReply(code: code, lines: texts) }
        }
    }

    /// Puts TLS under the connection (after the server's `220` to STARTTLS).
    func startTLS(context: NIOSSLContext, serverHostname: String?) async throws {
        do {
            try await channel.eventLoop.submit { [channel] in
                let handler = try NIOSSLClientHandler(context: context, serverHostname: serverHostname)
                try channel.pipeline.syncOperations.addHandler(handler, position: .first)
            }.get()
        } catch {
            throw SMTPFailure.tls("could not start TLS: \(Self.describe(error))")
        }
    }

    func close() async {
        watchdog.disarm()
        try? await channel.close().get()
    }

    /// A short description of a connection or TLS error, never data sent or received.
    static func describe(_ error: any Error) -> String {
        if let tls = error as? NIOSSLError { return "TLS: \(String(describing: tls).prefix(160))" }
        if let io = error as? IOError { return String(cString: strerror(io.errnoCode)).lowercased() }
        if error is ChannelError { return "\(error)".prefix(160).description }
        return String(describing: error).prefix(160).description
    }
}

/// One reply: its code and the text of each line.
struct SMTPReply: Sendable, Equatable {
    let code: Int
    let lines: [String]

    /// The reply as an error shows it: code and first lines, printable characters only.
    var summary: String {
        "\(code) " + Self.clean(lines.prefix(3).joined(separator: " "))
    }

    static func clean(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.value >= 0x20 && $0.value < 0x7F }.prefix(200)))
    }
}

/// Splits the server's bytes into lines (CRLF or LF) for the client's reader.
final class SMTPLineDecoder: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let continuation: AsyncThrowingStream<String, any Error>.Continuation
    private var pending: [UInt8] = []

    init(continuation: AsyncThrowingStream<String, any Error>.Continuation) {
        self.continuation = continuation
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        pending.append(contentsOf: buffer.readBytes(length: buffer.readableBytes) ?? [])
        while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
            var line = Array(pending[..<newline])
            pending.removeSubrange(...newline)
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            continuation.yield(String(decoding: line, as: UTF8.self))
        }
        if pending.count > SMTPConnection.maxLine {
            continuation.finish(throwing: SMTPFailure.protocolError("the server sent a line longer than \(SMTPConnection.maxLine) bytes"))
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        continuation.finish()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        continuation.finish(throwing: error)
        context.close(promise: nil)
    }
}

/// Closes the connection when a read takes longer than its timeout.
final class Watchdog: Sendable {
    private let channel: any Channel
    private let state = Mutex<(task: Task<Void, Never>?, fired: Bool)>((nil, false))

    init(channel: any Channel) {
        self.channel = channel
    }

    var fired: Bool { state.withLock { $0.fired } }

    func arm(_ timeout: Duration) {
        let task = Task { [self] in
            try? await Task.sleep(for: timeout)
            guard !Task.isCancelled else { return }
            state.withLock { $0.fired = true }
            channel.close(promise: nil)
        }
        state.withLock {
            $0.task?.cancel()
            $0.task = task
        }
    }

    func disarm() {
        state.withLock {
            $0.task?.cancel()
            $0.task = nil
        }
    }
}

/// What went wrong in an SMTP session; `transient` failures are retried.
enum SMTPFailure: Error, Equatable {
    /// No connection, or it broke.
    case connection(String)
    case timedOut
    case tls(String)
    /// The server answered outside the protocol.
    case protocolError(String)
    /// The server refused a command with this reply.
    case refused(command: String, reply: SMTPReply)
    /// The server lacks something the settings require (STARTTLS, an AUTH mechanism).
    case unsupported(String)

    var transient: Bool {
        switch self {
        case .connection, .timedOut, .tls, .protocolError: true
        case .refused(_, let reply): (400..<500).contains(reply.code)
        case .unsupported: false
        }
    }

    var reason: String {
        switch self {
        case .connection(let text), .tls(let text), .protocolError(let text), .unsupported(let text): text
        case .timedOut: "the SMTP server did not answer in time"
        case .refused(let command, let reply): "the SMTP server refused \(command): \(reply.summary)"
        }
    }
}

extension Duration {
    /// Whole milliseconds.
    var milliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}
