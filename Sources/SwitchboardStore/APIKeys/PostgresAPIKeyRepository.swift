import Crypto
import Foundation
import PostgresClient
import SwitchboardDomain

/// API keys in `switchboard.api_keys`: only SHA-256 of the whole key is stored.
///
/// A request names no organisation, so `authenticate` first asks the SECURITY DEFINER function
/// `org_id_for_api_key_prefix` (migration 0002) for the key's organisation, then compares the
/// hash under that organisation's row-level security.
public struct PostgresAPIKeyRepository: APIKeyRepository {
    private let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    static let columns = "key_id, org_id, name, prefix, scopes, created_by_agent_id, created_at, last_used_at, revoked_at"

    /// Most requests listed in one audit entry; a busier key gets several entries per batch.
    static let usesPerAuditEntry = 200

    public func create(orgID: UUID, name: String, prefix: String, secret: String, scopes: [APIScope], by actor: APIKeyActor) async throws -> APIKey {
        try await pool.withTenant(orgID) { session in
            let createdBy: UUID? = if case .agent(let id) = actor { id } else { nil }
            let key = try await session.query(
                """
                INSERT INTO api_keys (org_id, name, prefix, key_hash, scopes, created_by_agent_id)
                VALUES ($1, $2, $3, $4, $5, $6)
                RETURNING \(Self.columns)
                """,
                [orgID, name, prefix, Self.hash(secret), scopes.map(\.rawValue), createdBy]
            ).singleRow().map(Self.key(from:))!
            try await Self.audit(session, key: key, action: "api_key.created", actor: actor)
            return key
        }
    }

    public func list(orgID: UUID) async throws -> [APIKey] {
        try await pool.withTenant(orgID) { session in
            try await session.query(
                "SELECT \(Self.columns) FROM api_keys WHERE org_id = $1 ORDER BY created_at DESC, key_id",
                [orgID]
            ).map(Self.key(from:))
        }
    }

    public func revoke(orgID: UUID, keyID: UUID?, prefix: String?, by actor: APIKeyActor) async throws -> APIKey? {
        try await pool.withTenant(orgID) { session in
            guard
                let key = try await session.query(
                    """
                    UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now())
                    WHERE org_id = $1 AND ($2::uuid IS NULL OR key_id = $2) AND ($3::text IS NULL OR prefix = $3)
                    RETURNING \(Self.columns)
                    """,
                    [orgID, keyID, prefix]
                ).singleRow().map(Self.key(from:))
            else { return nil }
            try await Self.audit(session, key: key, action: "api_key.revoked", actor: actor)
            return key
        }
    }

    public func authenticate(prefix: String, secret: String) async throws -> APIKey? {
        // One transaction: the prefix names the organisation (a SECURITY DEFINER lookup), whose
        // scope is then set transaction-locally, exactly as `withTenant` does, for the key's row.
        try await pool.withTransaction { session in
            guard
                let orgID = try await session.query("SELECT switchboard.org_id_for_api_key_prefix($1) AS org_id", [prefix])
                    .singleRow()?.decode("org_id", as: UUID?.self)
            else { return nil }
            try await TenantScope.enter(session, orgID: orgID)
            return try await session.query(
                """
                SELECT \(Self.columns) FROM api_keys
                WHERE org_id = $1 AND prefix = $2 AND key_hash = $3 AND revoked_at IS NULL
                """,
                [orgID, prefix, Self.hash(secret)]
            ).singleRow().map(Self.key(from:))
        }
    }

    public func recordUses(_ uses: [APIKeyUse]) async throws {
        let byOrganisation = Dictionary(grouping: uses, by: \.orgID)
        for (orgID, uses) in byOrganisation {
            try await pool.withTenant(orgID) { session in
                for (keyID, uses) in Dictionary(grouping: uses, by: \.keyID) {
                    let sorted = uses.sorted { $0.at < $1.at }
                    try await session.execute(
                        """
                        UPDATE api_keys SET last_used_at = GREATEST(last_used_at, $3)
                        WHERE org_id = $1 AND key_id = $2
                        """,
                        [orgID, keyID, sorted.last!.at]
                    )
                    for start in stride(from: 0, to: sorted.count, by: Self.usesPerAuditEntry) {
                        let chunk = sorted[start..<min(sorted.count, start + Self.usesPerAuditEntry)]
                        try await session.execute(
                            """
                            INSERT INTO audit_log (org_id, actor_kind, actor_id, action, target_kind, target_id, details, at)
                            VALUES ($1, 'api_key', $2, 'api_key.used', 'api_key', $2, $3::jsonb, $4)
                            """,
                            [orgID, keyID.uuidString.lowercased(), AuditRecord.details(UsageDetails(chunk)), chunk.first!.at]
                        )
                    }
                }
            }
        }
    }

    static func audit(_ session: PostgresSession, key: APIKey, action: String, actor: APIKeyActor) async throws {
        let (kind, id): (String, String?) =
            switch actor {
            case .agent(let agentID): ("agent", agentID.uuidString.lowercased())
            case .commandLine: ("cli", nil)
            }
        try await session.execute(
            """
            INSERT INTO audit_log (org_id, actor_kind, actor_id, action, target_kind, target_id, details)
            VALUES ($1, $2, $3, $4, 'api_key', $5, $6::jsonb)
            """,
            [
                key.orgID, kind, id, action, key.id.uuidString.lowercased(),
                AuditRecord.details(KeyDetails(name: key.name, prefix: key.displayPrefix, scopes: key.scopes.map(\.rawValue))),
            ]
        )
    }

    static func hash(_ secret: String) -> Data {
        Data(SHA256.hash(data: Data(secret.utf8)))
    }

    static func key(from row: PostgresRow) throws -> APIKey {
        let scopes: [String] = try row.decode("scopes")
        return APIKey(
            id: try row.decode("key_id"),
            orgID: try row.decode("org_id"),
            name: try row.decode("name"),
            prefix: try row.decode("prefix"),
            scopes: scopes.compactMap(APIScope.init(rawValue:)).sorted(),
            createdByAgentID: try row.decode("created_by_agent_id"),
            createdAt: try row.decode("created_at"),
            lastUsedAt: try row.decode("last_used_at"),
            revokedAt: try row.decode("revoked_at")
        )
    }

    private struct KeyDetails: Encodable {
        let name: String
        let prefix: String
        let scopes: [String]
    }

    /// The audit details of a batch of uses: how many, and each request.
    private struct UsageDetails: Encodable {
        struct Request: Encodable {
            let at: String
            let method: String
            let path: String
            let status: Int
            let requestId: String

            enum CodingKeys: String, CodingKey {
                case at, method, path, status
                case requestId = "request_id"
            }
        }

        let count: Int
        let requests: [Request]

        init(_ uses: ArraySlice<APIKeyUse>) {
            count = uses.count
            requests = uses.map {
                Request(at: $0.at.formatted(.iso8601), method: $0.method, path: $0.path, status: $0.status, requestId: $0.requestID)
            }
        }
    }
}
