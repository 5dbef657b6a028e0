import Foundation
import PostgresClient
import SwitchboardDomain

/// The organisation's vocabulary in `kb_vocabulary`; the search reads it in its own round trip.
public struct PostgresVocabularyRepository: VocabularyRepository {
    private let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    public func list(orgID: UUID) async throws -> [VocabularyTerm] {
        try await pool.withTenant(orgID) { session in
            try await session.query("SELECT term_id, term, meaning FROM kb_vocabulary WHERE org_id = $1 ORDER BY lower(term)", [orgID])
                .map(Self.term(from:))
        }
    }

    public func add(orgID: UUID, term: String, meaning: String, agentID: UUID?) async throws -> VocabularyTerm? {
        try await pool.withTenant(orgID) { session in
            try await session.query(
                """
                INSERT INTO kb_vocabulary (org_id, term, meaning, updated_by_agent_id) VALUES ($1, $2, $3, $4)
                ON CONFLICT (org_id, lower(term)) DO NOTHING
                RETURNING term_id, term, meaning
                """,
                [orgID, term, meaning, agentID]
            ).singleRow().map(Self.term(from:))
        }
    }

    public func delete(orgID: UUID, termID: UUID) async throws -> Bool {
        try await pool.withTenant(orgID) { session in
            try await session.execute("DELETE FROM kb_vocabulary WHERE org_id = $1 AND term_id = $2", [orgID, termID]) > 0
        }
    }

    static func term(from row: PostgresRow) throws -> VocabularyTerm {
        VocabularyTerm(id: try row.decode("term_id"), term: try row.decode("term"), meaning: try row.decode("meaning"))
    }
}
