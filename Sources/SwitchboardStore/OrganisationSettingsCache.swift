import Foundation
import SwitchboardDomain

/// Organisation settings held in memory for the message path, so a customer message does not
/// cost a settings read.
///
/// An entry lives at most `maxAge`; a change to `organisation_settings` (migration 0008's
/// trigger, NOTIFY on `switchboard_settings`) drops it at once on every instance, and a
/// reconnected listener drops everything, since notices sent meanwhile were lost.
public actor OrganisationSettingsCache {
    /// The NOTIFY channel migration 0008 announces settings changes on.
    public static let channel = "switchboard_settings"

    private struct Entry {
        var settings: OrganisationSettings
        var fetchedAt: ContinuousClock.Instant
    }

    private let maxAge: Duration
    private var entries: [UUID: Entry] = [:]
    /// Bumped by every invalidation, so a read that started before it is not cached after it.
    private var generation = 0

    public init(maxAge: Duration = .seconds(10)) {
        self.maxAge = maxAge
    }

    /// The cached settings, or what `load` reads (and caches) when there are none or they are old.
    public func settings(
        for orgID: UUID,
        load: @Sendable (UUID) async throws -> OrganisationSettings
    ) async throws -> OrganisationSettings {
        let now = ContinuousClock.now
        if let entry = entries[orgID], now - entry.fetchedAt < maxAge { return entry.settings }
        let started = generation
        let settings = try await load(orgID)
        if generation == started { entries[orgID] = Entry(settings: settings, fetchedAt: now) }
        return settings
    }

    /// Forgets one organisation's settings (they changed).
    public func invalidate(orgID: UUID) {
        generation += 1
        entries[orgID] = nil
    }

    /// Forgets everything (change notices may have been missed).
    public func invalidateAll() {
        generation += 1
        entries.removeAll()
    }
}

/// An organisation repository whose `settings(for:)` goes through an `OrganisationSettingsCache`;
/// everything else goes straight to the wrapped repository.
public struct CachedSettingsOrganisationRepository: OrganisationRepository {
    private let base: any OrganisationRepository
    private let cache: OrganisationSettingsCache

    public init(_ base: any OrganisationRepository, cache: OrganisationSettingsCache) {
        self.base = base
        self.cache = cache
    }

    public func create(slug: String, name: String, isDemo: Bool, settings: OrganisationSettings) async throws -> Organisation {
        try await base.create(slug: slug, name: name, isDemo: isDemo, settings: settings)
    }

    public func find(id: UUID) async throws -> Organisation? { try await base.find(id: id) }
    public func find(slug: String) async throws -> Organisation? { try await base.find(slug: slug) }
    public func find(widgetKey: String) async throws -> Organisation? { try await base.find(widgetKey: widgetKey) }
    public func all() async throws -> [Organisation] { try await base.all() }

    public func settings(for orgID: UUID) async throws -> OrganisationSettings {
        try await cache.settings(for: orgID) { [base] id in try await base.settings(for: id) }
    }
}
