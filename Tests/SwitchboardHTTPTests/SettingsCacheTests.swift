import Foundation
import PostgresClient
import SwitchboardDomain
import SwitchboardStore
import Testing

/// Settings are cached for the message path and dropped on every instance when they change.
@Suite struct SettingsCacheTests {
    /// Counts how often the cache had to read.
    actor Reads {
        var count = 0
        func read() -> OrganisationSettings {
            count += 1
            return OrganisationSettings(timeZone: "Europe/London")
        }
    }

    @Test func repeatedReadsAreServedFromMemoryUntilInvalidated() async throws {
        let cache = OrganisationSettingsCache(maxAge: .seconds(60))
        let reads = Reads()
        let orgID = UUID()
        for _ in 0..<5 { _ = try await cache.settings(for: orgID) { _ in await reads.read() } }
        #expect(await reads.count == 1)
        await cache.invalidate(orgID: orgID)
        _ = try await cache.settings(for: orgID) { _ in await reads.read() }
        #expect(await reads.count == 2)
        await cache.invalidateAll()
        _ = try await cache.settings(for: orgID) { _ in await reads.read() }
        #expect(await reads.count == 3)
    }

    @Test func oldEntriesAreReadAgain() async throws {
        let cache = OrganisationSettingsCache(maxAge: .milliseconds(50))
        let reads = Reads()
        let orgID = UUID()
        _ = try await cache.settings(for: orgID) { _ in await reads.read() }
        try await Task.sleep(for: .milliseconds(80))
        _ = try await cache.settings(for: orgID) { _ in await reads.read() }
        #expect(await reads.count == 2)
    }

    @Test func aSettingsChangeInTheDatabaseReachesTheCacheThroughNotify() async throws {
        try await TestSystem.with { system in
            try await system.withRelay {
                let organisations = system.live.dependencies.organisations
                let before = try await organisations.settings(for: system.orgID)
                #expect(before.aiChatEnabled)
                // Changed behind the server's back, as an administrator's SQL would; repeated
                // until the relay's listener (started just now) hears one of the notices. The
                // cache keeps entries 10 s, so only a notice can make this pass within 2 s.
                var seen = true
                for _ in 0..<100 where seen {
                    try await system.pool.withTenant(system.orgID) { session in
                        _ = try await session.execute(
                            "UPDATE organisation_settings SET ai_chat_enabled = false WHERE org_id = $1",
                            [system.orgID]
                        )
                    }
                    try await Task.sleep(for: .milliseconds(20))
                    seen = try await organisations.settings(for: system.orgID).aiChatEnabled
                }
                #expect(seen == false)
            }
        }
    }

    @Test func aChangeFromTheConsoleIsSeenAtOnceByTheSameInstance() async throws {
        try await TestSystem.with { system in
            let admin = try await system.agent("Ada")
            let organisations = system.live.dependencies.organisations
            #expect(try await organisations.settings(for: system.orgID).aiChatEnabled)
            // No relay runs here: only the settings repository's own invalidation can help.
            _ = try await system.live.dependencies.console.settings.update(
                orgID: system.orgID,
                agentID: admin.id,
                change: SettingsChange(aiChatEnabled: false)
            )
            #expect(try await organisations.settings(for: system.orgID).aiChatEnabled == false)
        }
    }
}
