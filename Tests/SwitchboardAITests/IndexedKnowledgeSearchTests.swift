import Foundation
import PostgresClient
import SwitchboardDomain
import SwitchboardStore
import Testing

@testable import SwitchboardAI

/// The in-memory indexes against the real database: every change to articles, examples or
/// vocabulary is seen by the next search, on any server, and organisations stay apart.
@Suite struct IndexedKnowledgeSearchTests {
    /// A fresh organisation with two articles, as the server writes them.
    static func organisation(_ app: PostgresPool) async throws -> (orgID: UUID, refunds: UUID, delivery: UUID) {
        let orgID = UUID()
        let refunds = UUID()
        let delivery = UUID()
        try await app.withTenant(orgID) { session in
            try await session.execute(
                "INSERT INTO organisations (org_id, slug, name) VALUES ($1, $2, 'Index test')",
                [orgID, "ix-\(orgID.uuidString.prefix(8).lowercased())"]
            )
            try await session.execute("INSERT INTO organisation_settings (org_id) VALUES ($1)", [orgID])
            try await session.execute(
                "INSERT INTO kb_articles (org_id, article_id, title, body) VALUES ($1, $2, 'Returns and refunds', 'Refunds reach your card within 5 days.')",
                [orgID, refunds]
            )
            try await session.execute(
                "INSERT INTO kb_articles (org_id, article_id, title, body) VALUES ($1, $2, 'Delivery times', 'Parcels arrive in 3 working days.')",
                [orgID, delivery]
            )
        }
        return (orgID, refunds, delivery)
    }

    @Test func everyKindOfChangeIsSeenByTheNextSearchOnEveryServer() async throws {
        let fixture = try await KnowledgeFixture.shared()
        let kb = try await Self.organisation(fixture.app)
        // Two servers, each with its own snapshots, over one database.
        let first = IndexedKnowledgeSearch(source: PostgresKnowledgeSnapshots(pool: fixture.app), thesaurus: .none)
        let second = IndexedKnowledgeSearch(source: PostgresKnowledgeSnapshots(pool: fixture.app), thesaurus: .none)
        func best(_ question: String) async throws -> [UUID?] {
            [
                try await first.search(orgID: kb.orgID, query: question, limit: 1).first?.articleID,
                try await second.search(orgID: kb.orgID, query: question, limit: 1).first?.articleID,
            ]
        }
        #expect(try await best("voucher") == [nil, nil])

        // An edited article.
        try await fixture.app.withTenant(kb.orgID) { session in
            try await session.execute(
                "UPDATE kb_articles SET body = body || ' A gift voucher refund goes back onto the voucher.' WHERE org_id = $1 AND article_id = $2",
                [kb.orgID, kb.refunds]
            )
        }
        #expect(try await best("voucher") == [kb.refunds, kb.refunds])

        // An approved example (a proposed one is not ranked).
        try await fixture.app.withTenant(kb.orgID) { session in
            try await session.execute(
                "INSERT INTO kb_examples (org_id, article_id, question, status, source) VALUES ($1, $2, 'where is my hamper', 'proposed', 'console')",
                [kb.orgID, kb.delivery]
            )
        }
        #expect(try await best("hamper") == [nil, nil])
        try await fixture.app.withTenant(kb.orgID) { session in
            try await session.execute(
                "UPDATE kb_examples SET status = 'approved', approved_at = now() WHERE org_id = $1",
                [kb.orgID]
            )
        }
        #expect(try await best("hamper") == [kb.delivery, kb.delivery])

        // A vocabulary term.
        try await fixture.app.withTenant(kb.orgID) { session in
            try await session.execute(
                "INSERT INTO kb_vocabulary (org_id, term, meaning) VALUES ($1, 'rma', 'refunds')",
                [kb.orgID]
            )
        }
        #expect(try await best("rma") == [kb.refunds, kb.refunds])

        // A deleted article.
        try await fixture.app.withTenant(kb.orgID) { session in
            try await session.execute("DELETE FROM kb_articles WHERE org_id = $1 AND article_id = $2", [kb.orgID, kb.delivery])
        }
        #expect(try await best("hamper") == [nil, nil])
        #expect(try await best("parcels arrive") == [nil, nil])
    }

    @Test func anOrganisationsIndexHoldsOnlyItsOwnArticlesWhateverTheCacheHolds() async throws {
        let fixture = try await KnowledgeFixture.shared()
        let a = try await Self.organisation(fixture.app)
        let b = try await Self.organisation(fixture.app)
        // One slot: every search for the other organisation evicts and rebuilds.
        let search = IndexedKnowledgeSearch(source: PostgresKnowledgeSnapshots(pool: fixture.app), thesaurus: .none, capacity: 1)
        for _ in 0..<3 {
            for (own, other) in [(a, b), (b, a)] {
                let matches = try await search.search(orgID: own.orgID, query: "refunds delivery parcels card", limit: 5)
                #expect(Set(matches.map(\.articleID)) == [own.refunds, own.delivery])
                #expect(!matches.contains { $0.articleID == other.refunds || $0.articleID == other.delivery })
            }
        }
        #expect(try await search.search(orgID: UUID(), query: "refunds", limit: 5).isEmpty)
    }

    @Test func searchesArrivingTogetherShareOneBuild() async throws {
        let fixture = try await KnowledgeFixture.shared()
        let kb = try await Self.organisation(fixture.app)
        let counting = CountingSource(PostgresKnowledgeSnapshots(pool: fixture.app))
        let search = IndexedKnowledgeSearch(source: counting, thesaurus: .none)
        try await withThrowingTaskGroup(of: UUID?.self) { group in
            for _ in 0..<20 {
                group.addTask { try await search.search(orgID: kb.orgID, query: "refund", limit: 1).first?.articleID }
            }
            for try await best in group { #expect(best == kb.refunds) }
        }
        #expect(counting.snapshots == 1)
    }
}

/// A snapshot source that counts how often the knowledge base is read in full.
final class CountingSource: KnowledgeSnapshotSource, @unchecked Sendable {
    private let source: any KnowledgeSnapshotSource
    private let lock = NSLock()
    private var count = 0

    init(_ source: any KnowledgeSnapshotSource) { self.source = source }

    var snapshots: Int { lock.withLock { count } }

    func revision(orgID: UUID) async throws -> Int64 { try await source.revision(orgID: orgID) }

    func snapshot(orgID: UUID) async throws -> KnowledgeSnapshot {
        lock.withLock { count += 1 }
        return try await source.snapshot(orgID: orgID)
    }
}
