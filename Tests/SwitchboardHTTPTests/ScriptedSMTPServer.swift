import Foundation
import Glibc
import SwitchboardDomain
import Synchronization

@testable import SwitchboardApp

/// A small SMTP server on loopback that the tests script: what it announces after EHLO, and how
/// it answers each command (a reply per command name, chosen per connection). It records every
/// command line and every message it accepted (dot-stuffing undone), so tests see exactly what
/// the client sent. One connection at a time, on a thread of its own (Linux sockets).
final class ScriptedSMTPServer: Sendable {
    /// The reply to a command, or nil for the default; `connection` counts from 1.
    typealias Script = @Sendable (_ command: String, _ connection: Int) -> String?

    struct State {
        var commands: [String] = []
        var messages: [String] = []
        var connections = 0
        var stopped = false
    }

    let port: Int
    private let listener: Int32
    private let ehlo: [String]
    private let script: Script
    private let state = Mutex(State())
    /// Seconds to wait before the greeting (to test timeouts).
    private let greetingDelay: Double

    init(
        ehlo: [String] = ["250-smtp.test greets you", "250-AUTH PLAIN LOGIN", "250 SIZE 10240000"],
        greetingDelay: Double = 0,
        script: @escaping Script = { _, _ in nil }
    ) throws {
        self.ehlo = ehlo
        self.script = script
        self.greetingDelay = greetingDelay
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    /// Stops accepting; the thread ends and closes the socket itself, so its descriptor cannot
    /// be reused by another test's server while this thread still accepts on it.
    func stop() {
        state.withLock { $0.stopped = true }
        shutdown(listener, Int32(SHUT_RDWR))
    }

    var commands: [String] { state.withLock { $0.commands } }
    var messages: [String] { state.withLock { $0.messages } }
    var connections: Int { state.withLock { $0.connections } }

    private func acceptLoop() {
        defer { close(listener) }
        while !state.withLock({ $0.stopped }) {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            let number = state.withLock {
                $0.connections += 1
                return $0.connections
            }
            serve(client, connection: number)
            close(client)
        }
    }

    private func serve(_ client: Int32, connection: Int) {
        var buffer: [UInt8] = []
        func reply(_ text: String) {
            let bytes = Array((text + "\r\n").utf8)
            // MSG_NOSIGNAL: a client that hung up must not end the test process with SIGPIPE.
            _ = bytes.withUnsafeBytes { Glibc.send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        }
        func readLine() -> String? {
            while true {
                if let newline = buffer.firstIndex(of: 10) {
                    var line = Array(buffer[..<newline])
                    buffer.removeSubrange(...newline)
                    if line.last == 13 { line.removeLast() }
                    return String(decoding: line, as: UTF8.self)
                }
                var chunk = [UInt8](repeating: 0, count: 4096)
                let count = chunk.withUnsafeMutableBytes { read(client, $0.baseAddress, 4096) }
                guard count > 0 else { return nil }
                buffer += chunk[..<count]
            }
        }
        if greetingDelay > 0 { Thread.sleep(forTimeInterval: greetingDelay) }
        reply(script("GREETING", connection) ?? "220 smtp.test ESMTP ready")
        while let line = readLine() {
            state.withLock { $0.commands.append(line) }
            let verb = line.split(separator: " ", maxSplits: 1).first.map { String($0).uppercased() } ?? ""
            let name = verb == "MAIL" || verb == "RCPT" ? String(line.prefix(4)).uppercased() : verb
            if let scripted = script(name, connection) {
                reply(scripted)
                if scripted.hasPrefix("221") || scripted.hasPrefix("421") { return }
                continue
            }
            switch name {
            case "EHLO": ehlo.forEach(reply)
            case "HELO": reply("250 smtp.test")
            case "AUTH" where line.uppercased() == "AUTH LOGIN":
                reply("334 VXNlcm5hbWU6")
                guard let user = readLine() else { return }
                reply("334 UGFzc3dvcmQ6")
                guard let password = readLine() else { return }
                state.withLock { $0.commands += ["LOGIN-USER \(user)", "LOGIN-PASSWORD \(password)"] }
                reply(script("AUTH-RESULT", connection) ?? "235 2.7.0 Authentication successful")
            case "AUTH": reply(script("AUTH-RESULT", connection) ?? "235 2.7.0 Authentication successful")
            case "DATA":
                reply("354 End data with <CR><LF>.<CR><LF>")
                var lines: [String] = []
                while let dataLine = readLine(), dataLine != "." {
                    lines.append(dataLine.hasPrefix(".") ? String(dataLine.dropFirst()) : dataLine)
                }
                state.withLock { $0.messages.append(lines.joined(separator: "\r\n")) }
                reply(script("END-OF-DATA", connection) ?? "250 2.0.0 Ok: queued")
            case "QUIT":
                reply("221 2.0.0 Bye")
                return
            default: reply("250 2.1.0 Ok")
            }
        }
    }
}

extension TestSystem {
    /// Email to SMTP servers the tests start on loopback, retried after a tenth of a second.
    static var loopbackEmail: EmailConfiguration {
        EmailConfiguration(
            targets: WebhookTargetRules(allowAllPrivate: true),
            retries: WebhookRetrySchedule(base: .milliseconds(100), cap: .seconds(1), maxAttempts: 3),
            pollInterval: .milliseconds(200)
        )
    }
}
