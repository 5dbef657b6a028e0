import Foundation
import PostgresClient
import SwitchboardDomain

/// Appends to `audit_log` inside the caller's tenant transaction, so a change and its record
/// commit (or roll back) together.
enum AuditTrail {
    static func record(
        _ session: PostgresSession,
        orgID: UUID,
        actor: AuditActor,
        action: String,
        targetKind: String,
        targetID: String?,
        details: [String: String] = [:]
    ) async throws {
        let json = String(decoding: try JSONEncoder().encode(details), as: UTF8.self)
        try await session.execute(
            """
            INSERT INTO audit_log (org_id, actor_kind, actor_id, action, target_kind, target_id, details)
            VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
            """,
            [orgID, actor.kind, actor.id, action, targetKind, targetID, json]
        )
    }
}

/// Sends a sign-out notice inside the caller's transaction: PostgreSQL delivers it on commit.
enum SignOutBroadcast {
    static func send(_ session: PostgresSession, _ notice: SignOutNotice) async throws {
        _ = try await session.query("SELECT pg_notify($1, $2)", [RealtimeChannel.name, notice.payload])
    }
}
