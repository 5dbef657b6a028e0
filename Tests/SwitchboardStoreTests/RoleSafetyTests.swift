import PostgresClient
import SwitchboardDomain
import SwitchboardStore
import TestSupport
import Testing

/// `serve` refuses to start unless its role is held back by row-level security.
@Suite struct RoleSafetyTests {
    @Test func appRoleIsSafeToServeWith() async throws {
        let database = try await TestDatabase.shared()
        let problems = try await TestDatabase.withPool(database.app) { try await RoleSafety.problems(using: $0) }
        #expect(problems == [])
    }

    @Test func superuserIsRefused() async throws {
        let database = try await TestDatabase.shared()
        let problems = try await TestDatabase.withPool(database.admin) { try await RoleSafety.problems(using: $0) }
        #expect(problems.contains { $0.contains("superuser") })
    }

    @Test func tableOwnerIsRefused() async throws {
        let database = try await TestDatabase.shared()
        let problems = try await TestDatabase.withPool(database.owner) { try await RoleSafety.problems(using: $0) }
        #expect(problems.contains { $0.contains("owns") })
    }

    @Test func memberOfABypassRoleIsRefused() async throws {
        let database = try await TestDatabase.shared()
        let login = "bypass_member_\(UInt32.random(in: 0...UInt32.max))"
        try await TestDatabase.withPool(database.admin) { pool in
            try await pool.withConnection { session in
                // Role names are generated above, never input: DDL cannot take parameters.
                try await session.runScript(
                    "CREATE ROLE \(login)_bypass NOLOGIN BYPASSRLS; CREATE ROLE \(login) LOGIN IN ROLE \(login)_bypass;"
                )
            }
        }
        let problems = try await TestDatabase.withPool(database.url(as: login)) { try await RoleSafety.problems(using: $0) }
        #expect(problems.contains { $0.contains("BYPASSRLS") })
    }
}

/// Settings given at creation are the settings stored.
@Suite struct OrganisationCreationTests {
    @Test func createdOrganisationKeepsEverySettingGiven() async throws {
        let database = try await TestDatabase.shared()
        let settings = OrganisationSettings(
            aiChatEnabled: false,
            timeZone: "Europe/Berlin",
            widgetAllowedOrigins: ["https://a.example", "https://b.example"],
            idleCloseMinutes: 45,
            answerThreshold: 0.5
        )
        let stored = try await TestDatabase.withPool(database.app) { pool in
            let repository = PostgresOrganisationRepository(pool: pool)
            let organisation = try await repository.create(
                slug: "settings-\(UInt32.random(in: 0...UInt32.max))",
                name: "Settings Co",
                isDemo: false,
                settings: settings
            )
            return try await repository.settings(for: organisation.id)
        }
        #expect(stored == settings)
    }

    @Test func aSecondOrganisationWithTheSameSlugIsAConflict() async throws {
        let database = try await TestDatabase.shared()
        let slug = "twice-\(UInt32.random(in: 0...UInt32.max))"
        try await TestDatabase.withPool(database.app) { pool in
            let repository = PostgresOrganisationRepository(pool: pool)
            _ = try await repository.create(slug: slug, name: "First", isDemo: false, settings: OrganisationSettings())
            await #expect(throws: SimpleDomainError.self) {
                _ = try await repository.create(slug: slug, name: "Second", isDemo: false, settings: OrganisationSettings())
            }
        }
    }
}
