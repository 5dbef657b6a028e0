import Foundation
import Hummingbird
import HummingbirdTesting
import HummingbirdWSTesting
import HummingbirdWebSocket
import SwitchboardDomain
import TestSupport
import Testing
import WSClient

@testable import SwitchboardHTTP

/// The WebSocket router of its own: sockets are its routes alone, and a socket handler takes an
/// authenticated caller, so an upgrade nothing authenticated never reaches it.
@Suite(.timeLimit(.minutes(2))) struct SocketRouterTests {
    /// Counts the handlers that ran.
    actor Probe {
        private(set) var count = 0
        func ran() { count += 1 }
    }

    /// Signs every upgrade in as one agent, standing in for `AgentAuthenticationMiddleware`.
    struct SignsInAnyone: RouterMiddleware {
        typealias Context = SocketRequestContext
        let agent: SignedInAgent

        func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
            var context = context
            context.agent = agent
            return try await next(request, context)
        }
    }

    @Test func anUpgradeNothingAuthenticatedNeverReachesItsHandler() async throws {
        let probe = Probe()
        let agent = SignedInAgent(orgID: UUID(), agentID: UUID(), role: .agent)
        let router = Router(context: SocketRequestContext.self)
        // Registered without any authentication: the typed caller still refuses.
        router.ws("bare", as: AgentSocketContext.self) { _, _, _ in await probe.ran() }
        router.ws("bare-customer", as: CustomerSocketContext.self) { _, _, _ in await probe.ran() }
        router.group("signed").add(middleware: SignsInAnyone(agent: agent))
            .ws("in", as: AgentSocketContext.self) { _, outbound, connection in
                await probe.ran()
                try await outbound.write(.text(connection.caller.agent.agentID.uuidString))
            }
        let app = Application(
            router: Router(),
            server: .http1WebSocketUpgrade(webSocketRouter: router),
            configuration: .init(address: .hostname("127.0.0.1", port: 0))
        )
        try await app.test(.live) { client in
            for path in ["/bare", "/bare-customer"] {
                await #expect(throws: WebSocketClientError.webSocketUpgradeFailed, "\(path)") {
                    try await client.ws(path, logger: TestDatabase.quietLogger) { _, _, _ in }
                }
            }
            #expect(await probe.count == 0)

            // Control: where a middleware signed the upgrade in, the handler runs with that caller.
            try await client.ws("/signed/in", logger: TestDatabase.quietLogger) { inbound, _, _ in
                let first = try await inbound.messages(maxSize: 1024).first { _ in true }
                #expect(first == .text(agent.agentID.uuidString))
            }
            #expect(await probe.count == 1)
        }
    }

    @Test func onlyTheSocketRouterKnowsTheSockets() async throws {
        try await TestSystem.with { system in
            let http = buildRouter(dependencies: system.live.dependencies).routes.map(\.path.description)
            #expect(!http.contains { $0.hasSuffix("/socket") }, "\(http.filter { $0.hasSuffix("/socket") })")
            let sockets = buildSocketRouter(dependencies: system.live.dependencies).routes
                .map { "\($0.method.rawValue) \($0.path.description)" }
            #expect(Set(sockets) == ["GET /widget/v1/socket", "GET /console/api/socket"])
            #expect(Set(SocketController.paths) == ["/widget/v1/socket", "/console/api/socket"])
        }
    }
}
