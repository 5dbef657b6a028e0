import Foundation
import PostgresClient
import SwitchboardDomain

/// Organisations' answer engine settings in PostgreSQL (`answer_engine_settings`); a change and
/// its audit entry commit together, and the entry never holds the API key.
public typealias PostgresAnswerEngineSettings = AuditedSettingsTable<AnswerEngineSettings>

extension AnswerEngineSettings: StoredSettings {
    public static let auditAction = "answer_engine.updated"
    public static let auditTargetKind = "answer_engine_settings"

    public static func auditDetails(before: Self?, after: Self) -> AuditDetails {
        AuditDetails(before: before?.auditSnapshot, after: after.auditSnapshot, apiKeyChanged: before?.sealedAPIKey != after.sealedAPIKey)
    }

    public func write(_ session: PostgresSession, orgID: UUID, agentID: UUID?) async throws {
        try await session.execute(
            """
            INSERT INTO answer_engine_settings
                (org_id, enabled, base_url, url_query, model, api_key_sealed, key_header, connect_timeout_ms,
                 first_token_timeout_ms, total_timeout_ms, max_tokens, instructions, updated_at, updated_by_agent_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, now(), $13)
            ON CONFLICT (org_id) DO UPDATE SET
                enabled = EXCLUDED.enabled, base_url = EXCLUDED.base_url, url_query = EXCLUDED.url_query,
                model = EXCLUDED.model, api_key_sealed = EXCLUDED.api_key_sealed, key_header = EXCLUDED.key_header,
                connect_timeout_ms = EXCLUDED.connect_timeout_ms, first_token_timeout_ms = EXCLUDED.first_token_timeout_ms,
                total_timeout_ms = EXCLUDED.total_timeout_ms, max_tokens = EXCLUDED.max_tokens,
                instructions = EXCLUDED.instructions, updated_at = now(), updated_by_agent_id = EXCLUDED.updated_by_agent_id
            """,
            [
                orgID, enabled, baseURL, urlQuery, model, sealedAPIKey, keyHeader.rawValue,
                connectTimeoutMilliseconds, firstTokenTimeoutMilliseconds, totalTimeoutMilliseconds,
                maxTokens, instructions, agentID,
            ]
        )
    }

    /// Before and after without the key; `apiKeyChanged` says a new key was stored or the old one removed.
    public struct AuditDetails: Encodable {
        let before: AnswerEngineSettings.AuditSnapshot?
        let after: AnswerEngineSettings.AuditSnapshot
        let apiKeyChanged: Bool
    }

    public static func read(_ session: PostgresSession, orgID: UUID, lock: Bool) async throws -> Self? {
        let sql = """
            SELECT enabled, base_url, url_query, model, api_key_sealed, key_header, connect_timeout_ms,
                   first_token_timeout_ms, total_timeout_ms, max_tokens, instructions, updated_at
            FROM answer_engine_settings WHERE org_id = $1
            """ + (lock ? " FOR UPDATE" : "")
        guard let row = try await session.query(sql, [orgID]).singleRow() else { return nil }
        return Self(
            enabled: try row.decode("enabled"),
            baseURL: try row.decode("base_url"),
            urlQuery: try row.decode("url_query"),
            model: try row.decode("model"),
            sealedAPIKey: try row.decode("api_key_sealed"),
            keyHeader: AnswerEngineSettings.KeyHeader(rawValue: try row.decode("key_header")) ?? .bearer,
            connectTimeoutMilliseconds: try row.decode("connect_timeout_ms"),
            firstTokenTimeoutMilliseconds: try row.decode("first_token_timeout_ms"),
            totalTimeoutMilliseconds: try row.decode("total_timeout_ms"),
            maxTokens: try row.decode("max_tokens"),
            instructions: try row.decode("instructions"),
            updatedAt: try row.decode("updated_at")
        )
    }
}
