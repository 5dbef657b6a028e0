import Foundation
import Logging
import PostgresClient
import SwitchboardDomain
import SwitchboardStore
import Synchronization
import TestSupport

@testable import SwitchboardAI

/// Every realtime event the answering service published, in order (the NOTIFY channel itself is
/// tested with the relay in the HTTP tests).
final class RecordingPublisher: RealtimePublisher, Sendable {
    private let events = Mutex<[RealtimeEvent]>([])

    func publish(_ event: RealtimeEvent) async throws {
        events.withLock { $0.append(event) }
    }

    var all: [RealtimeEvent] { events.withLock { $0 } }
    /// The drafts' texts, in order ("" for a removal).
    var drafts: [String] { all.filter { $0.kind == .draft }.map { $0.text ?? "" } }
}

/// Seals by marking: the sealing itself is `ProviderKeyBox`'s (tested in the HTTP tests).
struct MarkingSealer: ProviderKeySealer {
    func seal(_ key: String) throws -> Data { Data(("sealed:" + key).utf8) }
    func open(_ sealed: Data) -> String? {
        let text = String(decoding: sealed, as: UTF8.self)
        return text.hasPrefix("sealed:") ? String(text.dropFirst(7)) : nil
    }
}

/// One organisation in the shared database with a refunds article, its engine settings pointing
/// at a scripted provider, and the product's answering service over the real store.
struct ProductFixture: Sendable {
    static let question = "How long does a refund take to reach my card?"
    let orgID: UUID
    let articleID: UUID
    let pool: PostgresPool
    let conversations: PostgresConversationRepository
    let handoff: HandoffService
    let agents: PostgresAgentDirectory
    let engines: OrganisationEngines
    let realtime: RecordingPublisher
    let answering: AnsweringService
    let settings: AnswerEngineSettingsService

    static func with<Result>(server: ScriptedSSEServer, _ body: (ProductFixture) async throws -> Result) async throws -> Result {
        let urls = try await TestDatabase.shared()
        return try await TestDatabase.withPool(urls.app, size: 4) { pool in
            let fixture = try await ProductFixture(pool: pool, server: server)
            do {
                let result = try await body(fixture)
                await fixture.engines.shutdown()
                return result
            } catch {
                await fixture.engines.shutdown()
                throw error
            }
        }
    }

    private init(pool: PostgresPool, server: ScriptedSSEServer) async throws {
        let suffix = String(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12)).lowercased()
        let organisation = try await PostgresOrganisationRepository(pool: pool).create(
            slug: "ai-\(suffix)",
            name: "Provider test",
            isDemo: false,
            settings: OrganisationSettings()
        )
        orgID = organisation.id
        articleID = try await pool.withTenant(organisation.id) { session in
            let row = try await session.query(
                """
                INSERT INTO kb_articles (org_id, title, body, url) VALUES ($1, 'Refunds',
                  'A refund reaches the card you paid with within 5 working days of the return arriving at our warehouse.',
                  'https://help.example/refunds') RETURNING article_id
                """,
                [organisation.id]
            ).singleRow()
            return try row!.decode("article_id", as: UUID.self)
        }
        self.pool = pool
        conversations = PostgresConversationRepository(pool: pool)
        agents = PostgresAgentDirectory(pool: pool)
        handoff = HandoffService(conversations: conversations, agents: agents)
        let repository = PostgresAnswerEngineSettings(pool: pool)
        settings = AnswerEngineSettingsService(settings: repository, sealer: MarkingSealer())
        engines = OrganisationEngines(
            settings: repository,
            sealer: MarkingSealer(),
            knowledge: IndexedKnowledgeSearch(source: PostgresKnowledgeSnapshots(pool: pool)),
            logger: TestDatabase.quietLogger
        )
        realtime = RecordingPublisher()
        answering = AnsweringService(
            engines: engines,
            conversations: conversations,
            organisations: PostgresOrganisationRepository(pool: pool),
            realtime: realtime,
            draftInterval: .zero,
            logger: TestDatabase.quietLogger
        )
        _ = try await settings.update(
            orgID: orgID,
            by: .system,
            change: AnswerEngineSettingsChange(
                enabled: true,
                baseURL: server.baseURL,
                model: "test-model",
                apiKey: EngineHarness.apiKey,
                connectTimeoutMilliseconds: 500,
                // The product's defaults: a loaded test machine must not turn a streamed answer into a fallback.
                firstTokenTimeoutMilliseconds: 5000,
                totalTimeoutMilliseconds: 10000,
                maxTokens: 200
            )
        )
    }

    /// A conversation with the AI in which the customer asked `question` (stored as the server stores it).
    func conversationAsking(_ question: String = question) async throws -> UUID {
        let conversation = try await conversations.start(
            orgID: orgID,
            pageURL: nil,
            contextJSON: "{}",
            position: LifecyclePosition(mode: .ai)
        )
        _ = try await conversations.append(
            orgID: orgID,
            conversationID: conversation.id,
            message: NewMessage(author: .customer, body: question),
            requiredModes: [.ai],
            requiredOwner: nil
        )
        return conversation.id
    }

    func messages(_ conversationID: UUID) async throws -> [ChatMessage] {
        try await conversations.messages(orgID: orgID, conversationID: conversationID, afterSeq: 0, limit: 100)
    }

    /// Waits until a draft with text was published.
    func firstDraft(within timeout: Duration = .seconds(10)) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let text = realtime.drafts.first(where: { !$0.isEmpty }) { return text }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw CancellationError()
    }
}
