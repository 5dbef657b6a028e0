import Foundation

/// Removal of old resolved conversations, always within one organisation.
public protocol CleanupRepository: Sendable {
    /// How many closed or archived conversations were closed before `cutoff`.
    func count(orgID: UUID, closedBefore cutoff: Date) async throws -> Int

    /// Locks the closed or archived conversations closed before `cutoff`, lets `confirm` check
    /// their count and produce the audit entry, then deletes them (with their messages, flags and
    /// contacts no other conversation uses) and writes the entry, all in one transaction.
    /// Returns how many were removed.
    func delete(orgID: UUID, closedBefore cutoff: Date, confirm: @Sendable (Int) throws -> AuditRecord) async throws -> Int
}
