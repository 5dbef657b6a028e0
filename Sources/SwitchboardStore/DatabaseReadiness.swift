import Foundation
import PostgresClient
import SwitchboardDomain

/// Ready means the database answers and every migration file has been applied unchanged.
public struct DatabaseReadiness: Sendable {
    private let pool: PostgresPool
    private let migrator: Migrator

    public init(pool: PostgresPool, migrator: Migrator) {
        self.pool = pool
        self.migrator = migrator
    }

    public func check() async -> ReadinessReport {
        do {
            _ = try await pool.withConnection { try await $0.query("SELECT 1") }
        } catch {
            return ReadinessReport(ready: false, checks: ["database": "unreachable", "migrations": "unknown"])
        }
        do {
            let pending = try await migrator.pending(using: pool)
            guard pending.isEmpty else {
                return ReadinessReport(
                    ready: false,
                    checks: ["database": "ok", "migrations": "\(pending.count) pending: run switchboard migrate"]
                )
            }
            return ReadinessReport(ready: true, checks: ["database": "ok", "migrations": "ok"])
        } catch let error as MigrationError {
            return ReadinessReport(ready: false, checks: ["database": "ok", "migrations": error.description])
        } catch {
            return ReadinessReport(ready: false, checks: ["database": "ok", "migrations": "not installed"])
        }
    }
}
