import Foundation
import PostgresClient
import SwitchboardDomain

/// The Customer Service Playbook in PostgreSQL (playbook_entries).
public struct PostgresPlaybookRepository: PlaybookRepository {
    private let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    static let columns = "entry_id, section, phrase, answer, owner, position"

    public func search(orgID: UUID, phrase: String?) async throws -> [PlaybookEntry] {
        // The phrase is a bound parameter; its LIKE wildcards are escaped so it matches literally.
        let pattern = phrase.map { "%" + Self.escapeLike($0) + "%" }
        return try await pool.withTenant(orgID) { session in
            try await session.query(
                """
                SELECT \(Self.columns) FROM playbook_entries
                WHERE org_id = $1
                  AND ($2::text IS NULL OR phrase ILIKE $2 OR answer ILIKE $2 OR section ILIKE $2)
                ORDER BY section, position, phrase, entry_id
                """,
                [orgID, pattern]
            ).map(Self.entry(from:))
        }
    }

    public func create(
        orgID: UUID,
        section: String,
        phrase: String,
        answer: String,
        owner: String?,
        position: Int?,
        by agentID: UUID
    ) async throws -> PlaybookEntry {
        try await pool.withTenant(orgID) { session in
            try await session.query(
                """
                INSERT INTO playbook_entries (org_id, section, phrase, answer, owner, position, updated_by_agent_id)
                SELECT $1, $2, $3, $4, NULLIF($5, ''),
                       COALESCE($6, (SELECT COALESCE(max(position) + 1, 0) FROM playbook_entries WHERE org_id = $1 AND section = $2)),
                       $7
                RETURNING \(Self.columns)
                """,
                [orgID, section, phrase, answer, owner, position, agentID]
            ).singleRow().map(Self.entry(from:))!
        }
    }

    public func update(orgID: UUID, entryID: UUID, draft: PlaybookDraft, by agentID: UUID) async throws -> PlaybookEntry? {
        try await pool.withTenant(orgID) { session in
            // nil keeps a field; an empty owner clears it.
            try await session.query(
                """
                UPDATE playbook_entries SET
                    section = COALESCE($3, section), phrase = COALESCE($4, phrase), answer = COALESCE($5, answer),
                    owner = CASE WHEN $6::text IS NULL THEN owner ELSE NULLIF($6, '') END,
                    position = COALESCE($7, position), updated_at = now(), updated_by_agent_id = $8
                WHERE org_id = $1 AND entry_id = $2
                RETURNING \(Self.columns)
                """,
                [orgID, entryID, draft.section, draft.phrase, draft.answer, draft.owner, draft.position, agentID]
            ).singleRow().map(Self.entry(from:))
        }
    }

    public func delete(orgID: UUID, entryID: UUID) async throws -> Bool {
        try await pool.withTenant(orgID) { session in
            try await session.execute("DELETE FROM playbook_entries WHERE org_id = $1 AND entry_id = $2", [orgID, entryID]) == 1
        }
    }

    /// Escapes LIKE's wildcards and its escape character (backslash, the default).
    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }

    static func entry(from row: PostgresRow) throws -> PlaybookEntry {
        PlaybookEntry(
            id: try row.decode("entry_id"),
            section: try row.decode("section"),
            phrase: try row.decode("phrase"),
            answer: try row.decode("answer"),
            owner: try row.decode("owner"),
            position: try row.decode("position")
        )
    }
}
