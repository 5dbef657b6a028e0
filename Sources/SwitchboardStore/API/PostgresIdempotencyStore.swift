import Foundation
import PostgresClient
import SwitchboardDomain

/// Stored responses for `Idempotency-Key` in `api_idempotency_keys`, kept 24 hours.
///
/// The first request inserts a row without a response (a claim); a concurrent retry finds the
/// row and is told the request is in progress; `complete` fills the response in.
public struct PostgresIdempotencyStore: IdempotencyStore {
    private let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    public func claim(orgID: UUID, keyID: UUID, idempotencyKey: String, requestHash: Data) async throws -> IdempotencyClaim {
        try await pool.withTenant(orgID) { session in
            // An entry older than 24 hours no longer counts: the key starts afresh.
            try await session.execute(
                """
                DELETE FROM api_idempotency_keys
                WHERE org_id = $1 AND key_id = $2 AND idempotency_key = $3 AND created_at < now() - interval '24 hours'
                """,
                [orgID, keyID, idempotencyKey]
            )
            let inserted = try await session.execute(
                """
                INSERT INTO api_idempotency_keys (org_id, key_id, idempotency_key, request_hash)
                VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING
                """,
                [orgID, keyID, idempotencyKey, requestHash]
            )
            if inserted == 1 { return .claimed }
            guard
                let row = try await session.query(
                    """
                    SELECT request_hash, response_status, response_body FROM api_idempotency_keys
                    WHERE org_id = $1 AND key_id = $2 AND idempotency_key = $3
                    """,
                    [orgID, keyID, idempotencyKey]
                ).singleRow()
            else { return .inProgress }
            guard try row.decode("request_hash", as: Data.self) == requestHash else { return .mismatch }
            guard let status = try row.decode("response_status", as: Int?.self) else { return .inProgress }
            return .replay(status: status, body: try row.decode("response_body", as: Data?.self) ?? Data())
        }
    }

    public func complete(orgID: UUID, keyID: UUID, idempotencyKey: String, status: Int, body: Data) async throws {
        try await pool.withTenant(orgID) { session in
            try await session.execute(
                """
                UPDATE api_idempotency_keys SET response_status = $4, response_body = $5
                WHERE org_id = $1 AND key_id = $2 AND idempotency_key = $3
                """,
                [orgID, keyID, idempotencyKey, status, body]
            )
        }
    }

    public func release(orgID: UUID, keyID: UUID, idempotencyKey: String) async throws {
        try await pool.withTenant(orgID) { session in
            try await session.execute(
                "DELETE FROM api_idempotency_keys WHERE org_id = $1 AND key_id = $2 AND idempotency_key = $3 AND response_status IS NULL",
                [orgID, keyID, idempotencyKey]
            )
        }
    }
}
