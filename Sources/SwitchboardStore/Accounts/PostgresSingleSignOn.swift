import Foundation
import PostgresClient
import SwitchboardDomain

/// Organisations' OpenID Connect settings in PostgreSQL (`sso_configurations`).
public struct PostgresSingleSignOn: SingleSignOnRepository {
    private let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    public func configuration(orgID: UUID) async throws -> SingleSignOnConfiguration? {
        try await pool.withTenant(orgID) { session in
            guard
                let row = try await session.query(
                    """
                    SELECT issuer, client_id, client_secret_sealed, token_auth_method, scopes, role_claim, allowed_algorithms, updated_at
                    FROM sso_configurations WHERE org_id = $1
                    """,
                    [orgID]
                ).singleRow()
            else { return nil }
            return SingleSignOnConfiguration(
                issuer: try row.decode("issuer"),
                clientID: try row.decode("client_id"),
                sealedClientSecret: try row.decode("client_secret_sealed"),
                tokenAuthMethod: .init(rawValue: try row.decode("token_auth_method")) ?? .clientSecretBasic,
                scopes: try row.decode("scopes"),
                roleClaim: try row.decode("role_claim"),
                allowedAlgorithms: try row.decode("allowed_algorithms"),
                updatedAt: try row.decode("updated_at")
            )
        }
    }

    public func save(orgID: UUID, _ configuration: SingleSignOnConfiguration, by actor: AuditActor) async throws {
        try configuration.validate()
        let agentID: UUID? = if case .agent(let id) = actor { id } else { nil }
        try await pool.withTenant(orgID) { session in
            let previous = try await session.query(
                "SELECT issuer, client_id, client_secret_sealed FROM sso_configurations WHERE org_id = $1",
                [orgID]
            ).singleRow()
            try await session.execute(
                """
                INSERT INTO sso_configurations
                    (org_id, issuer, client_id, client_secret_sealed, token_auth_method, scopes, role_claim,
                     allowed_algorithms, updated_at, updated_by_agent_id)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now(), $9)
                ON CONFLICT (org_id) DO UPDATE SET
                    issuer = EXCLUDED.issuer, client_id = EXCLUDED.client_id,
                    client_secret_sealed = EXCLUDED.client_secret_sealed, token_auth_method = EXCLUDED.token_auth_method,
                    scopes = EXCLUDED.scopes, role_claim = EXCLUDED.role_claim,
                    allowed_algorithms = EXCLUDED.allowed_algorithms, updated_at = now(),
                    updated_by_agent_id = EXCLUDED.updated_by_agent_id
                """,
                [
                    orgID, configuration.issuer, configuration.clientID, configuration.sealedClientSecret,
                    configuration.tokenAuthMethod.rawValue, configuration.scopes, configuration.roleClaim,
                    configuration.allowedAlgorithms, agentID,
                ]
            )
            // The audit entry names what changed, never the secret itself.
            var details = [
                "issuer": configuration.issuer, "clientId": configuration.clientID,
                "scopes": configuration.scopes.joined(separator: " "), "roleClaim": configuration.roleClaim ?? "",
                "allowedAlgorithms": configuration.allowedAlgorithms.joined(separator: " "),
                "tokenAuthMethod": configuration.tokenAuthMethod.rawValue,
            ]
            let oldSecret: Data? = try previous?.decode("client_secret_sealed")
            details["clientSecretChanged"] = "\(oldSecret != configuration.sealedClientSecret)"
            try await AuditTrail.record(
                session,
                orgID: orgID,
                actor: actor,
                action: previous == nil ? "sso.created" : "sso.updated",
                targetKind: "sso_configuration",
                targetID: orgID.uuidString.lowercased(),
                details: details
            )
        }
    }
}
