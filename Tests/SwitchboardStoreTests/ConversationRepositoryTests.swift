import Foundation
import PostgresClient
import SwitchboardDomain
import SwitchboardStore
import TestSupport
import Testing

/// One fresh organisation with the production repositories and services over a small pool of
/// its own (the shared pools stay free for the other suites).
struct ConversationFixture: Sendable {
    let orgID: UUID
    let pool: PostgresPool
    /// Superuser: reads the reporting views and raw tables across row-level security.
    let admin: PostgresPool
    let conversations: PostgresConversationRepository
    let organisations: PostgresOrganisationRepository
    let agents: PostgresAgentDirectory
    let handoff: HandoffService

    static func with<Result>(poolSize: Int = 4, _ body: (ConversationFixture) async throws -> Result) async throws -> Result {
        let database = try await StoreDatabase.shared()
        return try await TestDatabase.withPool(database.urls.app, size: poolSize) { pool in
            try await body(try await ConversationFixture(pool: pool, admin: database.admin))
        }
    }

    private init(pool: PostgresPool, admin: PostgresPool) async throws {
        let organisations = PostgresOrganisationRepository(pool: pool)
        let organisation = try await organisations.create(
            slug: "t-\(uniqueSuffix())",
            name: "Conversation tests",
            isDemo: false,
            settings: OrganisationSettings()
        )
        let conversations = PostgresConversationRepository(pool: pool)
        let agents = PostgresAgentDirectory(pool: pool)
        self.orgID = organisation.id
        self.pool = pool
        self.admin = admin
        self.conversations = conversations
        self.organisations = organisations
        self.agents = agents
        self.handoff = HandoffService(conversations: conversations, agents: agents)
    }

    /// Another organisation on the same pool.
    func otherOrganisation() async throws -> ConversationFixture {
        try await ConversationFixture(pool: pool, admin: admin)
    }

    /// An agent; online means a presence heartbeat now, offline means none ever.
    func agent(_ name: String, online: Bool = false) async throws -> UUID {
        let id = try await agents.upsert(
            orgID: orgID,
            issuer: "https://idp.test",
            subject: UUID().uuidString,
            email: nil,
            name: name,
            role: .agent
        )
        if online { try await agents.heartbeat(orgID: orgID, agentIDs: [id]) }
        return id
    }

    func start(_ mode: Conversation.Mode = .ai) async throws -> ConversationSummary {
        try await conversations.start(orgID: orgID, pageURL: nil, contextJSON: "{}", position: LifecyclePosition(mode: mode))
    }

    func customerSays(_ body: String, in conversationID: UUID, clientMessageID: String? = nil) async throws -> AppendOutcome {
        try await conversations.append(
            orgID: orgID,
            conversationID: conversationID,
            message: NewMessage(author: .customer, body: body, clientMessageID: clientMessageID),
            requiredModes: ConversationLifecycle.openModes,
            requiredOwner: nil
        )
    }

    func messages(_ conversationID: UUID) async throws -> [ChatMessage] {
        try await conversations.messages(orgID: orgID, conversationID: conversationID, afterSeq: 0, limit: 1000)
    }

    func summary(_ conversationID: UUID) async throws -> ConversationSummary {
        try #require(try await conversations.find(orgID: orgID, conversationID: conversationID))
    }

    /// One row of a reporting view, read as the superuser.
    func reportingRow(_ view: String, _ conversationID: UUID) async throws -> PostgresRow {
        let rows = try await admin.withConnection { session in
            try await session.query("SELECT * FROM reporting.\(view) WHERE session_id = $1", [conversationID])
        }
        return try #require(try rows.singleRow())
    }
}

extension AppendOutcome {
    /// The message stored now or before; nil when refused.
    var message: ChatMessage? {
        switch self {
        case .stored(let message, _), .duplicate(let message): message
        case .refused: nil
        }
    }

    var isStored: Bool { if case .stored = self { true } else { false } }
}

/// Records what the conversation service asks the AI to answer, answering nothing.
actor RecordingAnswers: AnswerScheduling {
    private(set) var questions: [String] = []
    func schedule(orgID: UUID, conversationID: UUID, question: String) { questions.append(question) }
}

/// The organisation repository seen through one organisation, so a sweep of the idle closer
/// touches this test's conversations only (the whole test run shares one database).
private struct OnlyOrganisation: OrganisationRepository {
    let base: PostgresOrganisationRepository
    let orgID: UUID

    func create(slug: String, name: String, isDemo: Bool, settings: OrganisationSettings) async throws -> Organisation {
        try await base.create(slug: slug, name: name, isDemo: isDemo, settings: settings)
    }
    func find(id: UUID) async throws -> Organisation? { try await base.find(id: id) }
    func find(slug: String) async throws -> Organisation? { try await base.find(slug: slug) }
    func find(widgetKey: String) async throws -> Organisation? { try await base.find(widgetKey: widgetKey) }
    func all() async throws -> [Organisation] { try await base.find(id: orgID).map { [$0] } ?? [] }
    func settings(for orgID: UUID) async throws -> OrganisationSettings { try await base.settings(for: orgID) }
}

@Suite struct ConversationRepositoryTests {
    @Test func concurrentAppendsGetGaplessSequenceNumbers() async throws {
        try await ConversationFixture.with(poolSize: 8) { fixture in
            let id = try await fixture.start().id
            let seqs = try await withThrowingTaskGroup(of: Int64.self) { group in
                for index in 1...100 {
                    group.addTask { try #require(try await fixture.customerSays("message \(index)", in: id).message).seq }
                }
                return try await group.reduce(into: [Int64]()) { $0.append($1) }
            }
            #expect(seqs.sorted() == Array(1...100))
            let stored = try await fixture.messages(id)
            #expect(stored.map(\.seq) == Array(1...100))
            #expect(Set(stored.map(\.body)) == Set((1...100).map { "message \($0)" }))
            #expect(try await fixture.summary(id).lastSeq == 100)
        }
    }

    @Test func aRepeatedClientMessageIdIsStoredOnce() async throws {
        try await ConversationFixture.with { fixture in
            let id = try await fixture.start().id
            let first = try await fixture.customerSays("Hello", in: id, clientMessageID: "client-1")
            let second = try await fixture.customerSays("Hello", in: id, clientMessageID: "client-1")
            #expect(first.isStored)
            guard case .duplicate(let existing) = second else {
                Issue.record("expected .duplicate, got \(second)")
                return
            }
            #expect(existing.seq == first.message?.seq)
            #expect(existing.body == "Hello")
            #expect(try await fixture.messages(id).count == 1)
        }
    }

    @Test func aResendAfterTheConversationMovedOnIsStillTheStoredMessage() async throws {
        try await ConversationFixture.with { fixture in
            let carol = try await fixture.agent("Carol")
            let id = try await fixture.start().id
            _ = try await fixture.handoff.takeOver(orgID: fixture.orgID, conversationID: id, agentID: carol, expectedOwner: nil)
            func carolReplies() async throws -> AppendOutcome {
                try await fixture.conversations.append(
                    orgID: fixture.orgID,
                    conversationID: id,
                    message: NewMessage(author: .agent, agentID: carol, body: "On it", clientMessageID: "reply-1"),
                    requiredModes: [.live],
                    requiredOwner: carol
                )
            }
            let first = try await carolReplies()
            #expect(first.isStored)
            _ = try await fixture.handoff.handBack(orgID: fixture.orgID, conversationID: id, agentID: carol)
            // Carol's console retries after the hand-back: the reply is not refused, nor stored twice.
            let retry = try await carolReplies()
            guard case .duplicate(let existing) = retry else {
                Issue.record("expected .duplicate, got \(retry)")
                return
            }
            #expect(existing.seq == first.message?.seq)
            #expect(existing.agentName == "Carol")
            // A new reply after the hand-back is refused.
            let late = try await fixture.conversations.append(
                orgID: fixture.orgID,
                conversationID: id,
                message: NewMessage(author: .agent, agentID: carol, body: "One more", clientMessageID: "reply-2"),
                requiredModes: [.live],
                requiredOwner: carol
            )
            guard case .refused(let position) = late else {
                Issue.record("expected .refused, got \(late)")
                return
            }
            #expect(position.mode == .ai)
        }
    }

    @Test func aClientMessageIdSentConcurrentlyIsStoredOnce() async throws {
        try await ConversationFixture.with(poolSize: 8) { fixture in
            let id = try await fixture.start().id
            _ = try await fixture.customerSays("warm-up", in: id)
            let outcomes = try await withThrowingTaskGroup(of: AppendOutcome.self) { group in
                for _ in 0..<20 {
                    group.addTask { try await fixture.customerSays("Sent twice", in: id, clientMessageID: "resend-1") }
                }
                return try await group.reduce(into: [AppendOutcome]()) { $0.append($1) }
            }
            #expect(outcomes.filter(\.isStored).count == 1)
            #expect(Set(outcomes.compactMap { $0.message?.seq }) == [2])
            #expect(try await fixture.messages(id).map(\.body) == ["warm-up", "Sent twice"])
        }
    }

    @Test func handoffWithNobodyOnlineAsksForDetailsAndStoresTheForm() async throws {
        try await ConversationFixture.with { fixture in
            _ = try await fixture.agent("Offline Olga", online: false)
            let id = try await fixture.start().id
            _ = try await fixture.customerSays("I need help with a refund", in: id)
            let routed = try await fixture.handoff.requestHuman(orgID: fixture.orgID, conversationID: id, reason: "Refund")
            #expect(routed.mode == .review)
            #expect(routed.status == "after-hours")
            #expect(routed.handoffRequested)
            let notice = try #require(try await fixture.messages(id).last)
            #expect(notice.author == .system)
            #expect(notice.body == HandoffService.afterHoursMessage)
            #expect(notice.body.contains("name, email"))

            let invalid = await #expect(throws: SimpleDomainError.self) {
                try await fixture.handoff.submitAfterHoursForm(
                    orgID: fixture.orgID,
                    conversationID: id,
                    name: "Dana",
                    email: "dana at example",
                    reason: "Order 12 refund"
                )
            }
            #expect(invalid?.kind == .invalidInput)
            #expect(invalid?.code == "invalid_email")
            let untouched = try await fixture.reportingRow("chat_log", id)
            #expect(try untouched.decode("name_provided", as: String?.self) == nil)
            #expect(try untouched.decode("email_provided", as: String?.self) == nil)
            #expect(try untouched.decode("handoff_reason", as: String?.self) == "Refund")

            try await fixture.handoff.submitAfterHoursForm(
                orgID: fixture.orgID,
                conversationID: id,
                name: " Dana ",
                email: "Dana@Example.com",
                reason: "Order 12 refund"
            )
            let row = try await fixture.reportingRow("chat_log", id)
            #expect(try row.decode("name_provided", as: String?.self) == "Dana")
            #expect(try row.decode("email_provided", as: String?.self) == "dana@example.com")
            #expect(try row.decode("handoff_reason", as: String?.self) == "Order 12 refund")
            #expect(try row.decode("status", as: String?.self) == "after-hours")
            #expect(try row.decode("handoff", as: Bool.self))
        }
    }

    @Test func handoffWithSomeoneOnlineWaitsForThem() async throws {
        try await ConversationFixture.with { fixture in
            _ = try await fixture.agent("Online Oscar", online: true)
            let id = try await fixture.start().id
            let routed = try await fixture.handoff.requestHuman(orgID: fixture.orgID, conversationID: id, reason: "Refund")
            #expect(routed.mode == .needs)
            #expect(routed.status == nil)
            #expect(try await fixture.messages(id).last?.body == HandoffService.waitingMessage)
        }
    }

    @Test func withTheAITurnedOffNewConversationsWaitForAHuman() async throws {
        try await ConversationFixture.with { fixture in
            let answers = RecordingAnswers()
            let service = ConversationService(
                conversations: fixture.conversations,
                organisations: fixture.organisations,
                handoff: fixture.handoff,
                answers: answers,
                unitOfWork: PostgresUnitOfWork(pool: fixture.pool)
            )
            let withAI = try await service.start(orgID: fixture.orgID, pageURL: nil, contextJSON: nil)
            #expect(withAI.mode == .ai)

            try await fixture.pool.withTenant(fixture.orgID) { session in
                try await session.execute("UPDATE organisation_settings SET ai_chat_enabled = false WHERE org_id = $1", [fixture.orgID])
            }
            let withoutAI = try await service.start(orgID: fixture.orgID, pageURL: "https://shop.example/", contextJSON: nil)
            #expect(withoutAI.mode == .needs)
            _ = try await service.receiveCustomerMessage(
                orgID: fixture.orgID,
                conversationID: withoutAI.id,
                clientMessageID: nil,
                body: "Anyone there?"
            )
            #expect(await answers.questions.isEmpty)
            #expect(try await fixture.summary(withoutAI.id).mode == .needs)
        }
    }

    @Test func theIdleCloserClosesOnlyStaleAIConversations() async throws {
        try await ConversationFixture.with { fixture in
            let agent = try await fixture.agent("Lena")
            let stale = try await fixture.start().id
            let fresh = try await fixture.start().id
            let live = try await fixture.start(.needs).id
            for id in [stale, fresh, live] { _ = try await fixture.customerSays("Hello", in: id) }
            _ = try await fixture.handoff.takeOver(orgID: fixture.orgID, conversationID: live, agentID: agent, expectedOwner: nil)
            try await fixture.pool.withTenant(fixture.orgID) { session in
                try await session.execute(
                    """
                    UPDATE conversations SET last_message_at = now() - interval '2 hours'
                    WHERE org_id = $1 AND conversation_id = ANY ($2::uuid[])
                    """,
                    [fixture.orgID, [stale, live]]
                )
            }
            let closer = IdleConversationCloser(
                organisations: OnlyOrganisation(base: fixture.organisations, orgID: fixture.orgID),
                conversations: fixture.conversations,
                logger: TestDatabase.quietLogger
            )
            #expect(try await closer.sweep() == 1)
            #expect(try await fixture.summary(stale).mode == .closed)
            #expect(try await fixture.messages(stale).last?.body.contains("closed after 30 minutes") == true)
            #expect(try await fixture.summary(fresh).mode == .ai)
            #expect(try await fixture.summary(live).mode == .live)
            #expect(try await closer.sweep() == 0)
        }
    }

    @Test func anotherOrganisationCannotReachTheConversation() async throws {
        try await ConversationFixture.with { a in
            let b = try await a.otherOrganisation()
            let bAgent = try await b.agent("Bea")
            let id = try await a.start(.needs).id
            _ = try await a.customerSays("Private question", in: id)

            #expect(try await b.conversations.find(orgID: b.orgID, conversationID: id) == nil)
            #expect(try await b.conversations.messages(orgID: b.orgID, conversationID: id, afterSeq: 0, limit: 100).isEmpty)
            #expect(try await b.conversations.list(orgID: b.orgID, query: ConversationQuery()).isEmpty)
            let notFound: [@Sendable () async throws -> Void] = [
                { _ = try await b.customerSays("Injected", in: id) },
                {
                    _ = try await b.conversations.transition(orgID: b.orgID, conversationID: id) { _ in
                        TransitionPlan(position: LifecyclePosition(mode: .closed))
                    }
                },
                { _ = try await b.handoff.takeOver(orgID: b.orgID, conversationID: id, agentID: bAgent, expectedOwner: nil) },
                { try await b.conversations.recordAfterHoursForm(orgID: b.orgID, conversationID: id, name: "X", email: "x@y.zz", reason: "X") },
            ]
            for attempt in notFound.dropLast() {
                let error = await #expect(throws: SimpleDomainError.self) { try await attempt() }
                #expect(error?.kind == .notFound)
            }
            await #expect(throws: SimpleDomainError.self) { try await notFound.last!() }
            // B's agent id used inside A is no agent of A.
            let foreignAgent = await #expect(throws: SimpleDomainError.self) {
                try await a.handoff.takeOver(orgID: a.orgID, conversationID: id, agentID: bAgent, expectedOwner: nil)
            }
            #expect(foreignAgent?.code == "agent_not_found")

            let untouched = try await a.summary(id)
            #expect(untouched.mode == .needs)
            #expect(untouched.ownerAgentID == nil)
            #expect(try await a.messages(id).map(\.body) == ["Private question"])
        }
    }
}
