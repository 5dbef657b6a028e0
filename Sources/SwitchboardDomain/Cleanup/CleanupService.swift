import Foundation

/// "Clean Up Test Data": permanently removes closed and archived conversations closed before a
/// date, after the administrator types `delete <count>` for the count they were shown.
public struct CleanupService: Sendable {
    private let cleanup: any CleanupRepository
    private let settings: any SettingsRepository

    public init(cleanup: any CleanupRepository, settings: any SettingsRepository) {
        self.cleanup = cleanup
        self.settings = settings
    }

    /// What would be removed: conversations closed before midnight starting `before` (YYYY-MM-DD)
    /// in the organisation's time zone.
    public func preview(orgID: UUID, before: String) async throws -> Int {
        try await cleanup.count(orgID: orgID, closedBefore: try await cutoff(orgID: orgID, before: before))
    }

    /// Removes them when `confirmation` is exactly `delete <count>` for the count at this moment.
    public func delete(orgID: UUID, agentID: UUID, before: String, confirmation: String) async throws -> Int {
        let cutoff = try await cutoff(orgID: orgID, before: before)
        let typed = confirmation.trimmingCharacters(in: .whitespaces)
        return try await cleanup.delete(orgID: orgID, closedBefore: cutoff) { count in
            guard typed == "delete \(count)" else {
                throw SimpleDomainError(
                    .invalidInput,
                    code: "confirmation_mismatch",
                    message: "Type \"delete \(count)\" to remove the \(count) conversations closed before \(before); nothing was removed."
                )
            }
            return AuditRecord(
                agentID: agentID,
                action: "cleanup.deleted",
                targetKind: "conversations",
                targetID: nil,
                detailsJSON: AuditRecord.details(Details(before: before, cutoff: cutoff, removed: count))
            )
        }
    }

    private struct Details: Encodable {
        let before: String
        let cutoff: Date
        let removed: Int
    }

    /// Midnight at the start of `before` in the organisation's time zone.
    func cutoff(orgID: UUID, before: String) async throws -> Date {
        let zone = TimeZone(identifier: try await settings.settings(orgID: orgID).timeZone) ?? .gmt
        guard let date = Self.startOfDay(before, in: zone) else {
            throw SimpleDomainError(.invalidInput, code: "invalid_date", message: "Give the date as YYYY-MM-DD, for example 2025-01-31.")
        }
        return date
    }

    static func startOfDay(_ text: String, in zone: TimeZone) -> Date? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let components = DateComponents(year: year, month: month, day: day)
        guard components.isValidDate(in: calendar), let date = calendar.date(from: components) else { return nil }
        return date
    }
}
