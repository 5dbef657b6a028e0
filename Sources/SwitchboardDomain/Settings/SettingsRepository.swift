import Foundation

/// An organisation's console settings, always within that organisation.
public protocol SettingsRepository: Sendable {
    func settings(orgID: UUID) async throws -> ConsoleSettings

    /// Locks the settings, lets `decide` produce the new settings and the audit entry from the
    /// current ones, and stores both in one transaction. A nil audit record means nothing changed.
    func update(
        orgID: UUID,
        decide: @Sendable (ConsoleSettings) throws -> (ConsoleSettings, AuditRecord?)
    ) async throws -> ConsoleSettings
}
