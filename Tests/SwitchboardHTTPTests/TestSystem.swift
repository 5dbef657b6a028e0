import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HummingbirdWSTesting
import Logging
import NIOCore
import PostgresClient
import SwitchboardDomain
import SwitchboardStore
import TestSupport
import Testing
import WSClient

@testable import SwitchboardApp
@testable import SwitchboardHTTP

/// One organisation on the production object graph (`LiveSystem`) over a pool of its own: what
/// the widget, console and socket tests run against. Every test gets fresh organisations, so
/// tests share the process's migrated database without seeing each other.
struct TestSystem: Sendable {
    static let secret = "switchboard-integration-test-secret"
    static let allowedOrigin = "https://shop.example"
    /// The Origin the WebSocket test client sends on every handshake: it derives one from the
    /// URL (`ws://localhost`) and cannot leave it out, so the test organisations allow it too.
    static let socketClientOrigin = "ws://localhost"

    /// Limits no test reaches unless it means to; fresh buckets for every system.
    static var generousLimits: WidgetRateLimits {
        var configuration = WidgetRateLimits.Configuration()
        for limit in [
            \WidgetRateLimits.Configuration.startsPerVisitor, \.startsPerAddress, \.startsPerWidgetKey,
            \.messagesPerConversation, \.messagesPerAddress,
        ] {
            configuration[keyPath: limit] = RateLimit(perMinute: 1000)
        }
        return WidgetRateLimits(configuration)
    }

    let pool: PostgresPool
    let live: LiveSystem
    let organisation: Organisation
    let limits: WidgetRateLimits

    var orgID: UUID { organisation.id }
    var signer: TokenSigner { TokenSigner(secret: Self.secret) }

    /// Runs `body` on a fresh organisation; lets every AI answer finish before the pool closes.
    /// `database` replaces the shared one (webhook workers claim every organisation's deliveries in theirs).
    static func with<Result>(
        limits: WidgetRateLimits = generousLimits,
        webhooks: WebhookConfiguration = WebhookConfiguration(),
        email: EmailConfiguration = loopbackEmail,
        database: TestDatabaseURLs? = nil,
        poolLogs: LogCapture? = nil,
        _ body: (TestSystem) async throws -> Result
    ) async throws -> Result {
        let database = if let database { database } else { try await TestDatabase.shared() }
        return try await TestDatabase.withPool(database.app, size: 4, logs: poolLogs) { pool in
            let organisation = try await makeOrganisation(pool: pool, name: "Harbour Shop")
            return try await run(TestSystem(pool: pool, organisation: organisation, limits: limits, webhooks: webhooks, email: email), body)
        }
    }

    /// The same organisation served by a second instance: a pool, `LiveSystem` and hub of its own.
    func withSecondInstance<Result>(_ body: (TestSystem) async throws -> Result) async throws -> Result {
        try await TestDatabase.withPool(pool.configuration.connectionString, size: 4) { pool in
            try await Self.run(
                TestSystem(
                    pool: pool,
                    organisation: organisation,
                    limits: Self.generousLimits,
                    webhooks: live.webhooks.configuration,
                    email: live.email.configuration
                ),
                body
            )
        }
    }

    private init(pool: PostgresPool, organisation: Organisation, limits: WidgetRateLimits, webhooks: WebhookConfiguration, email: EmailConfiguration)
    {
        self.pool = pool
        self.organisation = organisation
        self.limits = limits
        self.live = LiveSystem(
            pool: pool,
            secret: Self.secret,
            sqlDirectory: TestDatabase.sqlDirectory,
            limits: limits,
            webhooks: webhooks,
            email: email,
            logger: TestDatabase.quietLogger
        )
    }

    private static func run<Result>(_ system: TestSystem, _ body: (TestSystem) async throws -> Result) async throws -> Result {
        do {
            let result = try await body(system)
            await system.live.answers.drain()
            await system.live.engines.shutdown()
            return result
        } catch {
            await system.live.answers.drain()
            await system.live.engines.shutdown()
            throw error
        }
    }

    /// The HTTP application exactly as `serve` builds it, except that idle connections are kept for
    /// 300 s: a live test client connects when its server starts and, in a full parallel run on a
    /// loaded machine, may first ask after the 30 s production keep-alive limit has closed it.
    func application(connections: ConnectionLimits = .patientTestClients) -> some ApplicationProtocol {
        buildApplication(
            configuration: ServerConfiguration(host: "127.0.0.1", port: 0, connections: connections),
            dependencies: live.dependencies,
            logger: TestDatabase.quietLogger
        )
    }

    /// Runs `body` while this instance's realtime relay listens for NOTIFY, as `serve` runs it.
    /// `applicationName` names the relay's LISTEN connection so a test can find (and kill) it.
    func withRelay<Result>(applicationName: String? = nil, _ body: () async throws -> Result) async throws -> Result {
        var configuration = pool.configuration
        if let applicationName { configuration.applicationName = applicationName }
        let relay = RealtimeRelay(
            configuration: configuration,
            hub: live.hub,
            settings: live.settingsCache,
            answers: live.answers,
            logger: TestDatabase.quietLogger
        )
        let task = Task { try await relay.run() }
        do {
            let result = try await body()
            task.cancel()
            _ = try? await task.value
            return result
        } catch {
            task.cancel()
            _ = try? await task.value
            throw error
        }
    }

    // MARK: Organisations, agents, articles

    /// Another organisation in the same database, allowing the same widget origins.
    func makeOrganisation(
        name: String = "Other Shop",
        allowedOrigins: [String] = [allowedOrigin, socketClientOrigin]
    ) async throws -> Organisation {
        try await Self.makeOrganisation(pool: pool, name: name, allowedOrigins: allowedOrigins)
    }

    private static func makeOrganisation(
        pool: PostgresPool,
        name: String,
        allowedOrigins: [String] = [allowedOrigin, socketClientOrigin]
    ) async throws -> Organisation {
        let suffix = String(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12)).lowercased()
        return try await PostgresOrganisationRepository(pool: pool).create(
            slug: "t-\(suffix)",
            name: name,
            isDemo: false,
            settings: OrganisationSettings(widgetAllowedOrigins: allowedOrigins)
        )
    }

    /// A signed-in agent of the organisation (this one unless `orgID` says otherwise).
    struct Agent: Sendable {
        let id: UUID
        let orgID: UUID
        let name: String
        let token: String
    }

    /// Creates an agent; online means a presence heartbeat now, offline means none at all.
    func agent(_ name: String, in orgID: UUID? = nil, online: Bool = true) async throws -> Agent {
        let orgID = orgID ?? self.orgID
        let id = try await live.agentDirectory.upsert(
            orgID: orgID,
            issuer: "https://idp.test",
            subject: UUID().uuidString,
            email: nil,
            name: name,
            role: .agent
        )
        if online { try await live.agentDirectory.heartbeat(orgID: orgID, agentIDs: [id]) }
        return Agent(id: id, orgID: orgID, name: name, token: try agentToken(orgID: orgID, agentID: id))
    }

    func agentToken(orgID: UUID, agentID: UUID, expiresAt: Date = Date().addingTimeInterval(3600)) throws -> String {
        try signer.sign(AgentIdentity(orgID: orgID, agentID: agentID, expiresAt: expiresAt))
    }

    /// A knowledge-base article, inserted the way the server writes (inside the tenant transaction).
    @discardableResult
    func article(title: String, body: String, section: String? = nil) async throws -> UUID {
        try await pool.withTenant(orgID) { session in
            let row = try await session.query(
                "INSERT INTO kb_articles (org_id, title, body, section) VALUES ($1, $2, $3, $4) RETURNING article_id",
                [orgID, title, body, section]
            ).singleRow()
            return try #require(row).decode("article_id", as: UUID.self)
        }
    }

    /// The conversation as the store has it now.
    func conversation(_ id: UUID) async throws -> ConversationSummary {
        try #require(try await live.dependencies.conversations.find(orgID: orgID, conversationID: id))
    }
}

// MARK: Requests

extension TestClientProtocol {
    /// A request as a widget page or console would send it.
    func request(
        _ method: HTTPRequest.Method,
        _ uri: String,
        json: String? = nil,
        token: String? = nil,
        origin: String? = TestSystem.allowedOrigin
    ) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if json != nil { headers[.contentType] = "application/json" }
        if let token { headers[.authorization] = "Bearer \(token)" }
        if let origin { headers[.origin] = origin }
        return try await executeRequest(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }

    /// Starts a chat from the allowed origin with the organisation's widget key (as a browser with `visitorId`).
    func startChat(_ organisation: Organisation, visitorId: String? = nil) async throws -> StartedChat {
        let response = try await tryToStartChat(organisation, visitorId: visitorId)
        try #require(response.status == .created, "starting a chat: \(String(buffer: response.body))")
        return try decodeWire(StartedChat.self, from: response.body)
    }

    /// Asks to start a chat, whatever the answer.
    func tryToStartChat(_ organisation: Organisation, visitorId: String? = nil) async throws -> TestResponse {
        try await request(
            .post,
            "/widget/v1/conversations",
            json: jsonText(["widgetKey": organisation.widgetKey, "pageUrl": "https://shop.example/cart", "visitorId": visitorId])
        )
    }

    /// The customer sends a message.
    func say(_ text: String, in chat: StartedChat, clientMessageId: String? = nil) async throws -> TestResponse {
        try await request(
            .post,
            "/widget/v1/conversations/\(chat.conversationId)/messages",
            json: jsonText(["body": text, "clientMessageId": clientMessageId]),
            token: chat.customerToken
        )
    }

    /// The customer's view of the chat.
    func widgetTranscript(_ chat: StartedChat, after: Int64 = 0) async throws -> WidgetTranscript {
        let response = try await request(
            .get,
            "/widget/v1/conversations/\(chat.conversationId)/messages?after=\(after)",
            token: chat.customerToken
        )
        try #require(response.status == .ok, "reading the chat: \(String(buffer: response.body))")
        return try decodeWire(WidgetTranscript.self, from: response.body)
    }
}

// MARK: Sockets

/// A WebSocket the test holds open, recording every frame the server sends.
struct TestSocket: Sendable {
    private let inbox: FrameInbox
    private let hangUp: AsyncStream<Void>.Continuation
    private let connection: Task<Void, any Error>

    /// Connects to `path` on a live server (Origin `TestSystem.socketClientOrigin`).
    init(port: Int, path: String) {
        let (stop, hangUp) = AsyncStream<Void>.makeStream()
        let inbox = FrameInbox()
        self.inbox = inbox
        self.hangUp = hangUp
        self.connection = Task {
            do {
                _ = try await WebSocketClient.connect(
                    url: "ws://localhost:\(port)\(path)",
                    configuration: .init(maxFrameSize: 1 << 20),
                    logger: TestDatabase.quietLogger
                ) { inbound, _, _ in
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            for try await message in inbound.messages(maxSize: 1 << 20) {
                                if case .text(let text) = message { await inbox.append(text) }
                            }
                        }
                        group.addTask { for await _ in stop {} }
                        try await group.next()
                        group.cancelAll()
                    }
                }
            } catch {
                Issue.record("socket \(path) failed: \(error)")
                throw error
            }
        }
    }

    /// Closes the socket from the client side and waits until it is closed.
    func close() async {
        hangUp.finish()
        _ = try? await connection.value
    }

    /// Every frame received so far, in order.
    func frames() async -> [SocketFrame] { await inbox.frames }

    /// The first frame matching `predicate`, waiting up to `timeout` for it.
    @discardableResult
    func frame(
        within timeout: Duration = .seconds(10),
        sourceLocation: SourceLocation = #_sourceLocation,
        where predicate: @Sendable (SocketFrame) -> Bool
    ) async throws -> SocketFrame {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let frame = await inbox.frames.first(where: predicate) { return frame }
            try await Task.sleep(for: .milliseconds(20))
        }
        let seen = await inbox.frames.map { "\($0.type) \($0.message?.body ?? $0.mode?.rawValue ?? "")" }
        Issue.record("no matching frame within \(timeout); received: \(seen)", sourceLocation: sourceLocation)
        throw CancellationError()
    }

    /// Message frames, in the order received.
    func messages() async -> [MessagePayload] { await inbox.frames.compactMap(\.message) }
}

/// Frames a socket received; undecodable frames are recorded as test issues.
actor FrameInbox {
    private(set) var frames: [SocketFrame] = []

    func append(_ text: String) {
        do {
            frames.append(try decodeWire(SocketFrame.self, from: ByteBuffer(string: text)))
        } catch {
            Issue.record("undecodable socket frame: \(text)")
        }
    }
}

extension TestSystem {
    /// Waits until this instance's hub holds `customers` customer and `agents` agent sockets.
    func waitForSockets(customers: Int, agents: Int, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            let counts = await live.hub.socketCounts()
            if counts.customers == customers && counts.agents == agents { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        let counts = await live.hub.socketCounts()
        Issue.record("hub has \(counts) sockets, expected \(customers) customers and \(agents) agents", sourceLocation: sourceLocation)
        throw CancellationError()
    }

    /// Publishes typing notices until `socket` receives one: proves the relay is listening
    /// (a NOTIFY sent before LISTEN is lost, and agents only hear of messages through it).
    func waitUntilRelayReaches(_ socket: TestSocket, conversationID: UUID, typist: MessageAuthor) async throws {
        for _ in 0..<200 {
            try await live.dependencies.realtime.publish(
                RealtimeEvent(kind: .typing, orgID: orgID, conversationID: conversationID, author: typist)
            )
            let frames = await socket.frames()
            if frames.contains(where: { $0.type == "typing" && $0.conversationId == conversationID }) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("the realtime relay never delivered a typing notice")
        throw CancellationError()
    }
}

/// How a test reaches the application: in process through the router, or over a live HTTP
/// server on loopback (the real HTTP/1 parser, body limits and connection handling). Security-
/// and input-sensitive suites run both ways.
enum Transport: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case router, live

    var setup: TestingSetup {
        switch self {
        case .router: .router
        case .live: .live
        }
    }

    var testDescription: String { rawValue }
}

extension ConnectionLimits {
    /// The production limits with a 300 s keep-alive, for live test clients that connect early and wait.
    static var patientTestClients: ConnectionLimits { ConnectionLimits(keepAliveTimeout: .seconds(300)) }
}
