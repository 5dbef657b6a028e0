import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOPosix
import SwitchboardDomain
import TestSupport
import Testing
import WSClient

@testable import SwitchboardHTTP

/// A console sign-in as a browser holds it: the cookie value and the CSRF token.
struct ConsoleBrowser: Sendable {
    let cookie: String
    let csrfToken: String
    let sessionID: UUID
}

extension TestSystem {
    var signIn: ConsoleSignIn { live.dependencies.signIn }

    /// Opens a console session for the agent, exactly as the sign-in callback does.
    func browserSession(for agent: Agent) async throws -> ConsoleBrowser {
        let token = SessionCookie.randomToken()
        let session = try await signIn.sessions.create(
            orgID: agent.orgID,
            agentID: agent.id,
            tokenHash: SessionCookie.hash(token),
            csrfToken: SessionCookie.randomToken(),
            userAgent: "tests",
            policy: signIn.policy
        )
        return ConsoleBrowser(cookie: token, csrfToken: session.csrfToken, sessionID: session.id)
    }

    /// Audit entries of this organisation, newest first, as (action, actor kind).
    func auditActions() async throws -> [String] {
        try await pool.withTenant(orgID) { session in
            try await session.query("SELECT action FROM audit_log WHERE org_id = $1 ORDER BY audit_id DESC", [orgID])
                .map { try $0.decode("action", as: String.self) }
        }
    }
}

extension TestClientProtocol {
    /// A request a console page makes with its session cookie (and, when given, the CSRF header).
    func browser(
        _ method: HTTPRequest.Method,
        _ uri: String,
        as browser: ConsoleBrowser,
        csrf: String? = nil,
        json: String? = nil
    ) async throws -> TestResponse {
        var headers: HTTPFields = [.cookie: "\(SessionCookie.name)=\(browser.cookie)"]
        if json != nil { headers[.contentType] = "application/json" }
        if let csrf { headers[.init("X-CSRF-Token")!] = csrf }
        return try await executeRequest(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }
}

/// A console WebSocket opened with the session cookie, as the browser opens it; records
/// when the server ends it.
struct CookieSocket: Sendable {
    private let state = SocketState()

    /// Opens the socket as the console's page on `http://localhost:<port>` would: the session
    /// cookie and exactly one Origin. (The WebSocket client library always adds an Origin of
    /// its own, `ws://localhost`, which no browser sends, so the handshake is written by hand.)
    init(port: Int, browser: ConsoleBrowser, origin: String? = nil) {
        let origin = origin ?? "http://localhost:\(port)"
        let state = self.state
        let handshake = [
            "GET /console/api/socket HTTP/1.1", "Host: localhost:\(port)", "Upgrade: websocket", "Connection: Upgrade",
            "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", origin.isEmpty ? nil : "Origin: \(origin)",
            "Cookie: \(SessionCookie.name)=\(browser.cookie)", "", "",
        ].compactMap { $0 }.joined(separator: "\r\n")
        Task {
            do {
                let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                    .connect(host: "127.0.0.1", port: port) { channel in
                        channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
                    }
                try await channel.executeThenClose { inbound, outbound in
                    try await outbound.write(ByteBuffer(string: handshake))
                    var head = ""
                    for try await chunk in inbound {
                        if await state.isOpen { continue }
                        head += String(buffer: chunk)
                        if head.hasPrefix("HTTP/1.1 101") { await state.opened() } else if head.contains("\r\n\r\n") { break }
                    }
                }
            } catch {}
            await state.ended()
        }
    }

    /// True once the server has accepted the socket, waiting up to `timeout`.
    func isOpen(within timeout: Duration = .seconds(5)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if await state.isOpen { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return await state.isOpen
    }

    /// True once the socket has ended, waiting up to `timeout`.
    func hasEnded(within timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if await state.hasEnded { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return await state.hasEnded
    }
}

actor SocketState {
    private(set) var isOpen = false
    private(set) var hasEnded = false
    func opened() { isOpen = true }
    func ended() { hasEnded = true }
}
