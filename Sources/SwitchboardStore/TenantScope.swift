import Foundation
import PostgresClient

/// The tenant scope the schema's row-level security policies read (`current_setting('app.org_id')`):
/// the Store's knowledge, not the client's.
enum TenantScope {
    static let setting = "app.org_id"

    /// Scopes the transaction `session` is in to `orgID`, once a lookup (such as an API key's
    /// prefix) has found which organisation the rest of the transaction works for.
    static func enter(_ session: PostgresSession, orgID: UUID) async throws {
        try await session.execute("SELECT set_config($1, $2, true)", [setting, orgID.uuidString.lowercased()])
    }
}

extension PostgresPool {
    /// Runs `body` in a transaction scoped to one organisation: `app.org_id` is set
    /// transaction-locally in the same round trip as BEGIN, so row-level security policies see it
    /// and it ends with the transaction.
    @discardableResult
    public func withTenant<Result>(
        _ orgID: UUID,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresSession) async throws -> Result
    ) async throws -> Result {
        try await withTransaction(settings: [(TenantScope.setting, orgID.uuidString.lowercased())], isolation: isolation, body)
    }
}
