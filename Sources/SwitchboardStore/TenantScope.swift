import Foundation
import PostgresClient
import SwitchboardDomain

/// The tenant scope the schema's row-level security policies read (`current_setting('app.org_id')`):
/// the Store's knowledge, not the client's.
enum TenantScope {
    static let setting = "app.org_id"

    /// Scopes the transaction `session` is in to `orgID`, once a lookup (such as an API key's
    /// prefix) has found which organisation the rest of the transaction works for.
    /// The transaction-local settings that scope a transaction to `orgID`.
    static func settings(_ orgID: UUID) -> [(String, String)] {
        [(setting, orgID.uuidString.lowercased())]
    }

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
        try await withTenant(orgID, settings: [], isolation: isolation, body)
    }

    /// `withTenant`, with more transaction-local `settings` (name, value) set in the same round trip.
    ///
    /// Inside a `PostgresUnitOfWork` for the same organisation (on the task that opened it) the
    /// call is a step of the unit's transaction instead (`OpenUnit.step`), unless it names settings: those would
    /// last to the unit's end, so such a call runs in a transaction of its own.
    @discardableResult
    public func withTenant<Result>(
        _ orgID: UUID,
        settings: [(String, String)],
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresSession) async throws -> Result
    ) async throws -> Result {
        if settings.isEmpty, let unit = OpenUnit.joinable(pool: self, orgID: orgID) {
            return try await unit.step(isolation: isolation, body)
        }
        // The organisation on every log line of the transaction, the pool's own included.
        return try await LogScope.$orgID.withValue(
            orgID,
            operation: { try await withTransaction(settings: TenantScope.settings(orgID) + settings, isolation: isolation, body) },
            isolation: isolation
        )
    }

    /// Every organisation's id, for jobs that go through all of them one tenant at a time.
    public func allOrganisationIDs() async throws -> [UUID] {
        try await withConnection { session in
            try await session.query("SELECT id FROM switchboard.all_org_ids() AS id").map { try $0.decode("id", as: UUID.self) }
        }
    }

    /// Runs `body` once per organisation, each in a transaction of its own scoped to it, and
    /// adds up what they return (rows removed, for the purges).
    public func sumOverOrganisations(_ body: (UUID, PostgresSession) async throws -> Int) async throws -> Int {
        var total = 0
        for orgID in try await allOrganisationIDs() {
            total += try await withTenant(orgID) { session in try await body(orgID, session) }
        }
        return total
    }
}
