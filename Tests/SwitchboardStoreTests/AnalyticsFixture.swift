import Foundation
import PostgresClient

/// An organisation with a handful of conversations whose analytics are counted by hand.
///
/// The range under test is 2026-03-01 … 2026-03-10 in America/New_York (the organisation's time
/// zone); the previous range of equal length is 2026-02-19 … 2026-02-28. Expected numbers are in
/// `AnalyticsFixture.Expected`, worked out from the table in `seed(using:)`.
struct AnalyticsFixture: Sendable {
    let orgID: UUID
    let alice: UUID
    let bob: UUID
    let articleA: UUID
    let articleB: UUID
    /// Conversation ids by their name in the table ("c1" … "c8", "p1", "p2", "o1").
    let conversations: [String: UUID]

    static let timeZone = "America/New_York"
    static let from = "2026-03-01"
    static let to = "2026-03-10"

    /// One AI message: answered (with articles) or not sure.
    enum Line: Sendable {
        case customer(String)
        case answered([UUID])
        case notSure
        case agent
        case system
    }

    struct Chat: Sendable {
        let name: String
        let startedAt: String
        let mode: String
        var status: String? = nil
        var handoff = false
        var owner: UUID? = nil
        var contact: (email: String?, phone: String?)? = nil
        var emailProvided: String? = nil
        var closed = false
        var flaggedIncorrect = false
        var followupOpen = false
        let lines: [Line]
    }

    /// One seeded organisation shared by the read-only tests, so they do not each hold one of the
    /// shared pool's few connections for a whole seeding.
    static func shared() async throws -> AnalyticsFixture {
        try await sharedSeed.value
    }

    private static let sharedSeed = Task<AnalyticsFixture, any Error> {
        try await seed(using: StoreDatabase.shared().app)
    }

    static func seed(using app: PostgresPool) async throws -> AnalyticsFixture {
        let fixture = AnalyticsFixture(
            orgID: UUID(),
            alice: UUID(),
            bob: UUID(),
            articleA: UUID(),
            articleB: UUID(),
            conversations: Dictionary(uniqueKeysWithValues: ["c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "p1", "p2", "o1"].map { ($0, UUID()) })
        )
        let a = fixture.articleA
        let b = fixture.articleB
        let chats: [Chat] = [
            // In range. c1/c2 ask the same question in different spelling.
            Chat(name: "c1", startedAt: "2026-03-02T15:00:00Z", mode: "ai", lines: [.customer("What are your fees?"), .answered([a])]),
            Chat(name: "c2", startedAt: "2026-03-02T16:00:00Z", mode: "ai", lines: [.customer("what are your   FEES"), .notSure]),
            Chat(
                name: "c3",
                startedAt: "2026-03-03T14:00:00Z",
                mode: "needs",
                handoff: true,
                contact: ("c3@example.com", nil),
                lines: [.customer("Can I pay by card?"), .notSure, .customer("A person please")]
            ),
            Chat(
                name: "c4",
                startedAt: "2026-03-04T10:00:00Z",
                mode: "live",
                status: "agent-handled",
                handoff: true,
                owner: fixture.bob,
                flaggedIncorrect: true,
                lines: [.customer("Refund?"), .answered([a]), .customer("Human"), .system, .agent, .agent]
            ),
            Chat(
                name: "c5",
                startedAt: "2026-03-05T12:00:00Z",
                mode: "closed",
                contact: (nil, "+1 555 0100"),
                closed: true,
                lines: [.customer("Opening hours"), .answered([a, b]), .customer("Thanks"), .answered([b])]
            ),
            Chat(
                name: "c6",
                startedAt: "2026-03-06T18:00:00Z",
                mode: "archived",
                status: "agent-handled",
                handoff: true,
                closed: true,
                lines: [.customer("Shipping to Canada?"), .answered([]), .customer("Agent"), .system, .agent]
            ),
            Chat(
                name: "c7",
                startedAt: "2026-03-07T20:00:00Z",
                mode: "followup",
                status: "agent-handled",
                owner: fixture.alice,
                emailProvided: "c7@example.com",
                closed: true,
                followupOpen: true,
                lines: [.customer("Quote for 20 seats"), .answered([]), .system, .agent]
            ),
            // Saturday 22:00 in New York, Sunday 03:00 in UTC.
            Chat(
                name: "c8",
                startedAt: "2026-03-08T03:00:00Z",
                mode: "review",
                status: "after-hours",
                handoff: true,
                lines: [.customer("Anyone there?")]
            ),
            // Previous range.
            Chat(name: "p1", startedAt: "2026-02-20T12:00:00Z", mode: "closed", closed: true, lines: [.customer("Hi"), .answered([a])]),
            Chat(name: "p2", startedAt: "2026-02-25T12:00:00Z", mode: "ai", lines: [.customer("Hello"), .notSure]),
            // After the range (2026-03-10 ends at 2026-03-11T04:00Z in New York).
            Chat(name: "o1", startedAt: "2026-03-11T05:00:00Z", mode: "ai", lines: [.customer("Late"), .notSure]),
        ]
        try await app.withTenant(fixture.orgID) { session in
            try await fixture.insertOrganisation(session)
            for chat in chats { try await fixture.insert(chat, session) }
            // Take-overs of c4 and c6 from the AI, and c4's transfer from Alice to Bob, all in range.
            try await session.execute(
                """
                INSERT INTO switchboard.ownership_events (org_id, conversation_id, kind, from_agent_id, to_agent_id, at)
                VALUES ($1, $2, 'take_over', NULL, $4, '2026-03-04T10:05:00Z'),
                       ($1, $2, 'transfer', $4, $5, '2026-03-04T10:10:00Z'),
                       ($1, $3, 'take_over', NULL, $4, '2026-03-06T18:05:00Z'),
                       ($1, $2, 'close', $5, NULL, '2026-03-04T11:00:00Z')
                """,
                [fixture.orgID, fixture.conversations["c4"]!, fixture.conversations["c6"]!, fixture.alice, fixture.bob]
            )
            // Labels: "billing" on c1, c2 and p1 (outside the range), "vip" on c2.
            try await session.execute(
                """
                INSERT INTO switchboard.conversation_labels (org_id, conversation_id, label)
                VALUES ($1, $2, 'billing'), ($1, $3, 'billing'), ($1, $3, 'vip'), ($1, $4, 'billing')
                """,
                [fixture.orgID, fixture.conversations["c1"]!, fixture.conversations["c2"]!, fixture.conversations["p1"]!]
            )
            // The customers of c5 and c6 rated their chats 4 and 5; p1's customer 2.
            try await session.execute(
                """
                INSERT INTO switchboard.satisfaction_ratings (org_id, conversation_id, rating)
                VALUES ($1, $2, 4), ($1, $3, 5), ($1, $4, 2)
                """,
                [fixture.orgID, fixture.conversations["c5"]!, fixture.conversations["c6"]!, fixture.conversations["p1"]!]
            )
        }
        return fixture
    }

    private func insertOrganisation(_ session: PostgresSession) async throws {
        let suffix = String(orgID.uuidString.replacingOccurrences(of: "-", with: "").prefix(12)).lowercased()
        try await session.execute(
            "INSERT INTO switchboard.organisations (org_id, slug, name) VALUES ($1, $2, 'Analytics test')",
            [orgID, "an-\(suffix)"]
        )
        try await session.execute(
            "INSERT INTO switchboard.organisation_settings (org_id, time_zone) VALUES ($1, $2)",
            [orgID, Self.timeZone]
        )
        for (id, name) in [(alice, "Alice"), (bob, "Bob")] {
            try await session.execute(
                """
                INSERT INTO switchboard.agents (org_id, agent_id, sso_issuer, sso_subject, sign_in_name)
                VALUES ($1, $2, 'https://idp.example', $3, $3)
                """,
                [orgID, id, name]
            )
        }
        try await session.execute(
            """
            INSERT INTO switchboard.kb_articles (org_id, article_id, title, body)
            VALUES ($1, $2, 'Fees', 'The fee is 100 EUR.'), ($1, $3, 'Opening hours', 'Nine to five.')
            """,
            [orgID, articleA, articleB]
        )
    }

    private func insert(_ chat: Chat, _ session: PostgresSession) async throws {
        let id = conversations[chat.name]!
        var contactID: UUID?
        if let contact = chat.contact {
            contactID = UUID()
            try await session.execute(
                "INSERT INTO switchboard.contacts (org_id, contact_id, name, email, phone) VALUES ($1, $2, $3, $4, $5)",
                [orgID, contactID, "Customer \(chat.name)", contact.email, contact.phone]
            )
        }
        let notSure = chat.lines.filter { if case .notSure = $0 { true } else { false } }.count
        try await session.execute(
            """
            INSERT INTO switchboard.conversations
                (org_id, conversation_id, contact_id, mode, owner_agent_id, handoff_requested, handoff_requested_at, status,
                 email_provided, last_seq, message_count, ai_unanswered_count, started_at, closed_at, archived_at)
            VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $6 THEN $10::timestamptz + interval '2 minutes' END, $7, $8, $9, $9, $11,
                    $10, CASE WHEN $12 THEN $10::timestamptz + interval '1 hour' END,
                    CASE WHEN $4 = 'archived' THEN $10::timestamptz + interval '1 day' END)
            """,
            [
                orgID, id, contactID, chat.mode, chat.owner, chat.handoff, chat.status, chat.emailProvided, chat.lines.count,
                chat.startedAt, notSure, chat.closed,
            ]
        )
        for (index, line) in chat.lines.enumerated() {
            let (kind, body, outcome, articles, agent): (String, String, String?, [UUID], UUID?) =
                switch line {
                case .customer(let text): ("customer", text, nil, [], nil)
                case .answered(let articles): ("ai", "An answer", "answered", articles, nil)
                case .notSure: ("ai", "I am not sure", "not_sure", [], nil)
                case .agent: ("agent", "Agent reply", nil, [], chat.owner ?? alice)
                case .system: ("system", "Agent joined", nil, [], nil)
                }
            try await session.execute(
                """
                INSERT INTO switchboard.messages
                    (org_id, conversation_id, seq, author_kind, agent_id, body, ai_outcome, ai_article_ids, created_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8::uuid[], $9::timestamptz + $3 * interval '1 minute')
                """,
                [orgID, id, index + 1, kind, agent, body, outcome, articles, chat.startedAt]
            )
        }
        // Raw inserts bypass the append path that keeps the facts; the bulk writers' function sets them.
        try await session.execute("SELECT switchboard.refresh_conversation_facts($1, ARRAY[$2::uuid])", [orgID, id])
        if chat.flaggedIncorrect {
            try await session.execute(
                "INSERT INTO switchboard.qa_reviews (org_id, conversation_id, flagged_incorrect, correction_note) VALUES ($1, $2, true, 'Wrong')",
                [orgID, id]
            )
        }
        if chat.followupOpen {
            try await session.execute(
                "INSERT INTO switchboard.followups (org_id, conversation_id, needed, note) VALUES ($1, $2, true, 'Send a quote')",
                [orgID, id]
            )
        }
    }

    /// The numbers counted by hand from the table above.
    enum Expected {
        /// Range 2026-03-01 … 03-10: c1 … c8.
        static let kpis: [String: Double] = [
            "active": 4,  // c1, c2 (ai), c3 (needs), c4 (live)
            "resolved": 2,  // c5 (closed), c6 (archived)
            "followup": 1,  // c7
            "review": 1,  // c8
            "total": 8,
            "ai_not_sure": 2,  // c2, c3
            "ai_accuracy": 0.8,  // answered: c1, c4, c5, c6, c7; c4 flagged incorrect → 4 / 5
            "contact_capture": 0.375,  // c3 (email), c5 (phone), c7 (typed email) → 3 / 8
            "avg_messages": 3.38,  // 2+2+3+6+4+5+4+1 = 27 / 8 = 3.375
            "satisfaction": 4.5,  // c5 rated 4, c6 rated 5
        ]
        /// Previous range 2026-02-19 … 02-28: p1, p2.
        static let previous: [String: Double] = [
            "active": 1, "resolved": 1, "followup": 0, "review": 0, "total": 2, "ai_not_sure": 1,
            "ai_accuracy": 1, "contact_capture": 0, "avg_messages": 2, "satisfaction": 2,
        ]
    }
}
