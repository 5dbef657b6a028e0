import Foundation
import PostgresClient
import SwitchboardDomain
import SwitchboardStore
import TestSupport
import Testing

/// A use case's repository calls in one tenant transaction: they commit together, a failed step
/// (the first one too) undoes only itself, and work on other tasks or for other organisations stays apart.
@Suite struct UnitOfWorkTests {
    struct Refusal: Error {}

    @Test func theStepsOfAUnitCommitTogetherInOneTransaction() async throws {
        try await ConversationFixture.with { fixture in
            let unit = PostgresUnitOfWork(pool: fixture.pool)
            let before = await fixture.pool.statistics().leases
            let id = try await unit.run(orgID: fixture.orgID) {
                let id = try await fixture.start().id
                _ = try await fixture.customerSays("Hello", in: id)
                _ = try await fixture.customerSays("Is anyone there?", in: id)
                // Read-your-writes inside the unit.
                #expect(try await fixture.messages(id).map(\.body) == ["Hello", "Is anyone there?"])
                return id
            }
            #expect(await fixture.pool.statistics().leases - before == 1)
            #expect(try await fixture.messages(id).map(\.seq) == [1, 2])
        }
    }

    @Test func aThrowUndoesEveryStep() async throws {
        try await ConversationFixture.with { fixture in
            let unit = PostgresUnitOfWork(pool: fixture.pool)
            let existing = try await fixture.start().id
            var started: UUID?
            await #expect(throws: Refusal.self) {
                try await unit.run(orgID: fixture.orgID) {
                    started = try await fixture.start().id
                    _ = try await fixture.customerSays("Lost with the unit", in: existing)
                    throw Refusal()
                }
            }
            let lost = try #require(started)
            #expect(try await fixture.conversations.find(orgID: fixture.orgID, conversationID: lost) == nil)
            #expect(try await fixture.messages(existing).isEmpty)
        }
    }

    @Test func aFailedStepUndoesOnlyItselfAndTheUnitGoesOn() async throws {
        try await ConversationFixture.with { fixture in
            let unit = PostgresUnitOfWork(pool: fixture.pool)
            let id = try await fixture.start().id
            try await unit.run(orgID: fixture.orgID) {
                _ = try await fixture.customerSays("First", in: id)
                do {
                    // A step that writes (as a nested step) and then fails in the database.
                    try await fixture.pool.withTenant(fixture.orgID) { session in
                        _ = try await fixture.customerSays("Undone with its step", in: id)
                        try await session.execute("SELECT 1 / 0")
                    }
                    Issue.record("division by zero did not fail")
                } catch let error as PostgresError {
                    #expect(error.sqlState == "22012")
                }
                // PostgreSQL would refuse this after a failed statement outside a savepoint.
                _ = try await fixture.customerSays("Kept", in: id)
            }
            #expect(try await fixture.messages(id).map(\.body) == ["First", "Kept"])
            #expect(try await fixture.messages(id).map(\.seq) == [1, 2])
        }
    }

    @Test func aFailedFirstStepIsUndoneByBeginningAgain() async throws {
        try await ConversationFixture.with { fixture in
            let unit = PostgresUnitOfWork(pool: fixture.pool)
            let id = try await fixture.start().id
            try await unit.run(orgID: fixture.orgID) {
                do {
                    // The first step has no savepoint of its own: the transaction's start is one.
                    try await fixture.pool.withTenant(fixture.orgID) { session in
                        _ = try await fixture.customerSays("Undone with the first step", in: id)
                        try await session.execute("SELECT 1 / 0")
                    }
                    Issue.record("division by zero did not fail")
                } catch let error as PostgresError {
                    #expect(error.sqlState == "22012")
                }
                // Still scoped to the organisation after beginning again: the write passes row-level security.
                _ = try await fixture.customerSays("Kept", in: id)
            }
            #expect(try await fixture.messages(id).map(\.body) == ["Kept"])
            #expect(try await fixture.messages(id).map(\.seq) == [1])
        }
    }

    @Test func otherTasksAndOtherOrganisationsWorkApart() async throws {
        try await ConversationFixture.with { fixture in
            let other = try await fixture.otherOrganisation()
            let unit = PostgresUnitOfWork(pool: fixture.pool)
            var theirs: UUID?
            let before = await fixture.pool.statistics().leases
            await #expect(throws: Refusal.self) {
                try await unit.run(orgID: fixture.orgID) {
                    let ours = try await fixture.start().id
                    // A task of its own inherits the unit's task-local value but not its transaction.
                    let seenApart = try await Task { try await fixture.conversations.find(orgID: fixture.orgID, conversationID: ours) }.value
                    #expect(seenApart == nil, "another task saw the unit's uncommitted conversation")
                    async let child = fixture.conversations.find(orgID: fixture.orgID, conversationID: ours)
                    #expect(try await child == nil, "a child task saw the unit's uncommitted conversation")
                    // Another organisation's call commits on its own, whatever the unit does.
                    theirs = try await other.start().id
                    throw Refusal()
                }
            }
            #expect(await fixture.pool.statistics().leases - before == 4)
            #expect(try await other.conversations.find(orgID: other.orgID, conversationID: try #require(theirs)) != nil)
        }
    }
}
