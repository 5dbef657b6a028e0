import Foundation
import PostgresClient
import SwitchboardDomain
import Synchronization

/// `UnitOfWork` over one pool: a tenant transaction that the repositories' `withTenant` calls for
/// the same organisation on the same task join, each inside a savepoint.
public struct PostgresUnitOfWork: UnitOfWork {
    private let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    public func run<Result>(
        orgID: UUID,
        isolation: isolated (any Actor)?,
        _ body: () async throws -> Result
    ) async throws -> Result {
        // A unit inside a unit of the same organisation is part of it.
        if OpenUnit.joinable(pool: pool, orgID: orgID) != nil { return try await body() }
        return try await pool.withTenant(orgID, settings: [], isolation: isolation) { session in
            let unit = OpenUnit(pool: pool, orgID: orgID, session: session, scope: TenantScope.settings(orgID))
            defer { unit.close() }
            return try await OpenUnit.$current.withValue(unit, operation: body, isolation: isolation)
        }
    }
}

/// The transaction of a running unit of work, found by the repositories through a task-local value.
///
/// A task-local value is inherited by child and unstructured tasks, which must not share the
/// unit's connection (libpq serves one caller at a time, and a `Task {}` may outlive the unit), so
/// only the task that opened the unit joins it, and only while it is open.
final class OpenUnit: @unchecked Sendable {
    @TaskLocal static var current: OpenUnit?

    let orgID: UUID
    /// Only used by the task that opened the unit (checked by `joinable`), one call at a time.
    private let session: PostgresSession
    /// The transaction-local settings the unit began with, to begin again after a failed first step.
    private let scope: [(String, String)]
    /// Steps run so far; only the owner task reads and writes it, one step at a time.
    private var steps = 0
    private let pool: ObjectIdentifier
    private let ownerTask: Int?
    private let open = Atomic<Bool>(true)

    init(pool: PostgresPool, orgID: UUID, session: PostgresSession, scope: [(String, String)]) {
        self.pool = ObjectIdentifier(pool)
        self.orgID = orgID
        self.session = session
        self.scope = scope
        self.ownerTask = Self.currentTask()
    }

    /// Runs one repository call as a step of the unit: undone alone if it throws.
    ///
    /// The first step needs no savepoint: nothing precedes it, so the transaction's start is its
    /// savepoint, and a failure begins the transaction again. A unit whose later steps rarely
    /// run (a customer message that gives no contact) then costs no more round trips than the
    /// lone call did.
    func step<Result>(
        isolation: isolated (any Actor)?,
        _ body: (PostgresSession) async throws -> Result
    ) async throws -> Result {
        steps += 1
        guard steps == 1 else { return try await session.withSavepoint(isolation: isolation, body) }
        do {
            return try await body(session)
        } catch {
            // If this fails the connection is broken and the unit's commit reports it.
            try? await session.restartTransaction(settings: scope)
            throw error
        }
    }

    func close() {
        open.store(false, ordering: .releasing)
    }

    /// The open unit this task may join for `orgID` on `pool`, if any.
    static func joinable(pool: PostgresPool, orgID: UUID) -> OpenUnit? {
        guard let unit = current, unit.pool == ObjectIdentifier(pool), unit.orgID == orgID,
            unit.ownerTask != nil, unit.ownerTask == currentTask(), unit.open.load(ordering: .acquiring)
        else { return nil }
        return unit
    }

    private static func currentTask() -> Int? {
        withUnsafeCurrentTask { $0?.hashValue }
    }
}
