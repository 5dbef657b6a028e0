import Foundation

/// Creates and finds organisations; the one place that works across tenants.
public protocol OrganisationRepository: Sendable {
    /// Creates an organisation with default settings.
    func create(slug: String, name: String, isDemo: Bool, settings: OrganisationSettings) async throws -> Organisation
    func find(id: UUID) async throws -> Organisation?
    func find(slug: String) async throws -> Organisation?
    /// The organisation whose widget uses this public key.
    func find(widgetKey: String) async throws -> Organisation?
    /// Every organisation, oldest first (for the command line and background services).
    func all() async throws -> [Organisation]
    func settings(for orgID: UUID) async throws -> OrganisationSettings
}
