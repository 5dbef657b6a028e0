import Foundation
import PostgresClient
import SwitchboardDomain
import SwitchboardStore
import TestSupport
import Testing

/// Agents and the AI acting on one conversation at once, against the real database: one
/// winner per take-over, a faithful owner history, and no AI message after a person took over.
@Suite(.timeLimit(.minutes(3))) struct HandoffConcurrencyTests {
    @Test func fiftyAgentsTakingOverAtOnceLeaveExactlyOneOwner() async throws {
        try await ConversationFixture.with(poolSize: 8) { fixture in
            let id = try await fixture.start(.needs).id
            var names: [UUID: String] = [:]
            for index in 1...50 {
                let name = String(format: "Agent %02d", index)
                names[try await fixture.agent(name)] = name
            }
            let results = await withTaskGroup(of: (UUID, Result<ConversationSummary, any Error>).self) { group in
                for agentID in names.keys {
                    group.addTask {
                        do {
                            let summary = try await fixture.handoff.takeOver(
                                orgID: fixture.orgID,
                                conversationID: id,
                                agentID: agentID,
                                expectedOwner: nil
                            )
                            return (agentID, .success(summary))
                        } catch {
                            return (agentID, .failure(error))
                        }
                    }
                }
                return await group.reduce(into: [(UUID, Result<ConversationSummary, any Error>)]()) { $0.append($1) }
            }

            let winners = results.filter { if case .success = $0.1 { true } else { false } }.map(\.0)
            try #require(winners.count == 1, "winners: \(winners.count)")
            let winner = winners[0]
            let winnerName = try #require(names[winner])
            for case (_, .failure(let error)) in results {
                switch error {
                case let taken as ConversationTaken:
                    #expect(taken.ownerName == winnerName)
                    #expect(taken.kind == .conflict)  // HTTP 409
                    #expect(taken.code == "conversation_taken")
                case let refused as LifecycleError:
                    #expect(refused.reason == .ownedBySomeoneElse)
                    #expect(refused.kind == .conflict)
                default:
                    Issue.record("unexpected error: \(error)")
                }
            }

            let summary = try await fixture.summary(id)
            #expect(summary.mode == .live)
            #expect(summary.ownerAgentID == winner)
            #expect(summary.ownerChanges == 0)
            let events = try await ownershipEvents(id, fixture)
            #expect(events == [OwnershipEvent(kind: "take_over", from: nil, to: winner)])
            let joins = try await fixture.messages(id).filter { $0.author == .system && $0.body.hasSuffix(" joined") }
            #expect(joins.map(\.body) == ["\(winnerName) joined"])
        }
    }

    @Test func transferCountsTheChangeAndExtendsTheOwnerHistory() async throws {
        try await ConversationFixture.with { fixture in
            let alice = try await fixture.agent("Alice")
            let bob = try await fixture.agent("Bob")
            let id = try await fixture.start(.needs).id
            let taken = try await fixture.handoff.takeOver(orgID: fixture.orgID, conversationID: id, agentID: alice, expectedOwner: nil)
            #expect(taken.ownerChanges == 0)
            let moved = try await fixture.handoff.transfer(orgID: fixture.orgID, conversationID: id, from: alice, to: bob)
            #expect(moved.ownerAgentID == bob)
            #expect(moved.ownerName == "Bob")
            #expect(moved.ownerChanges == 1)
            #expect(
                try await ownershipEvents(id, fixture) == [
                    OwnershipEvent(kind: "take_over", from: nil, to: alice), OwnershipEvent(kind: "transfer", from: alice, to: bob),
                ]
            )
            #expect(try await fixture.messages(id).map(\.body) == ["Alice joined", "Bob joined"])

            let row = try await fixture.reportingRow("sessions", id)
            let history = try row.decodeJSON("owner_history", as: [HistoryEntry].self)
            #expect(history.map(\.from) == [nil, "Alice"])
            #expect(history.map(\.to) == ["Alice", "Bob"])
            #expect(try row.decode("agent_name", as: String?.self) == "Bob")

            // Alice no longer owns it: a second transfer by her names the owner instead.
            let stale = await #expect(throws: ConversationTaken.self) {
                try await fixture.handoff.transfer(orgID: fixture.orgID, conversationID: id, from: alice, to: bob)
            }
            #expect(stale?.ownerName == "Bob")
            #expect(try await fixture.summary(id).ownerChanges == 1)
        }
    }

    @Test func theAICannotWriteAfterATakeOver() async throws {
        try await ConversationFixture.with { fixture in
            let agent = try await fixture.agent("Carol")
            let id = try await fixture.start().id
            _ = try await fixture.customerSays("Hello?", in: id)
            _ = try await fixture.handoff.takeOver(orgID: fixture.orgID, conversationID: id, agentID: agent, expectedOwner: nil)
            let outcome = try await fixture.conversations.append(
                orgID: fixture.orgID,
                conversationID: id,
                message: NewMessage(author: .ai, body: "Late AI answer", aiOutcome: .answered, confidence: 0.9),
                requiredModes: [.ai],
                requiredOwner: nil
            )
            #expect(outcome == .refused(LifecyclePosition(mode: .live, ownerAgentID: agent)))
            #expect(try await fixture.messages(id).map(\.author) == [.customer, .system])
        }
    }

    @Test func anAnswerInFlightDuringATakeOverIsDropped() async throws {
        try await ConversationFixture.with { fixture in
            let agent = try await fixture.agent("Carol")
            for round in 1...20 {
                let gate = Gate()
                let answering = answeringService(fixture, gate: gate)
                let id = try await fixture.start().id
                _ = try await fixture.customerSays("Question \(round)", in: id)
                let answer = Task { try await answering.answer(orgID: fixture.orgID, conversationID: id, question: "Question \(round)") }

                await gate.waitUntilReached()
                _ = try await fixture.handoff.takeOver(orgID: fixture.orgID, conversationID: id, agentID: agent, expectedOwner: nil)
                await gate.open()

                #expect(try await answer.value == nil, "round \(round)")
                #expect(try await fixture.messages(id).map(\.author) == [.customer, .system], "round \(round)")
                #expect(try await fixture.summary(id).mode == .live, "round \(round)")
            }
        }
    }

    @Test func anAnswerRacingATakeOverNeverLandsAfterIt() async throws {
        try await ConversationFixture.with(poolSize: 6) { fixture in
            let agent = try await fixture.agent("Carol")
            for round in 1...20 {
                let gate = Gate()
                let answering = answeringService(fixture, gate: gate)
                let id = try await fixture.start().id
                _ = try await fixture.customerSays("Question \(round)", in: id)
                let answer = Task { try await answering.answer(orgID: fixture.orgID, conversationID: id, question: "Question \(round)") }
                await gate.waitUntilReached()

                // Release the engine and take over at the same moment: either order may win,
                // but an AI message must never follow the join notice.
                async let takeOver = fixture.handoff.takeOver(orgID: fixture.orgID, conversationID: id, agentID: agent, expectedOwner: nil)
                await gate.open()
                _ = try await takeOver
                let stored = try await answer.value

                let messages = try await fixture.messages(id)
                let join = try #require(messages.first { $0.author == .system && $0.body == "Carol joined" })
                #expect(!messages.contains { $0.author == .ai && $0.seq > join.seq }, "round \(round)")
                #expect(messages.filter { $0.author == .ai }.map(\.seq) == (stored.map { [$0.seq] } ?? []), "round \(round)")
                #expect(try await fixture.summary(id).mode == .live, "round \(round)")
            }
        }
    }

    private func answeringService(_ fixture: ConversationFixture, gate: Gate) -> AnsweringService {
        AnsweringService(
            engine: GatedEngine(gate: gate),
            conversations: fixture.conversations,
            organisations: fixture.organisations,
            realtime: PostgresRealtimePublisher(pool: fixture.pool),
            logger: TestDatabase.quietLogger
        )
    }

    private func ownershipEvents(_ id: UUID, _ fixture: ConversationFixture) async throws -> [OwnershipEvent] {
        try await fixture.admin.withConnection { session in
            try await session.query(
                """
                SELECT kind, from_agent_id, to_agent_id FROM switchboard.ownership_events
                WHERE org_id = $1 AND conversation_id = $2 ORDER BY at, event_id
                """,
                [fixture.orgID, id]
            ).map { OwnershipEvent(kind: try $0.decode("kind"), from: try $0.decode("from_agent_id"), to: try $0.decode("to_agent_id")) }
        }
    }
}

private struct OwnershipEvent: Equatable {
    let kind: String
    let from: UUID?
    let to: UUID?
}

/// One element of reporting.sessions.owner_history.
private struct HistoryEntry: Decodable {
    let from: String?
    let to: String?
    let ts: String
}

/// A door the engine waits at until the test opens it, so a take-over can land mid-answer.
actor Gate {
    private var reached = false
    private var isOpen = false
    private var arrivalWaiters: [CheckedContinuation<Void, Never>] = []
    private var openWaiters: [CheckedContinuation<Void, Never>] = []

    /// Called by the engine: announces it is answering, then waits for `open()`.
    func pass() async {
        reached = true
        for waiter in arrivalWaiters { waiter.resume() }
        arrivalWaiters = []
        guard !isOpen else { return }
        await withCheckedContinuation { openWaiters.append($0) }
    }

    func waitUntilReached() async {
        guard !reached else { return }
        await withCheckedContinuation { arrivalWaiters.append($0) }
    }

    func open() {
        isOpen = true
        for waiter in openWaiters { waiter.resume() }
        openWaiters = []
    }
}

/// An answer engine that always knows the answer, but gives it only once the gate opens.
struct GatedEngine: AnswerEngine {
    let gate: Gate

    func answer(_ request: AnswerRequest) async throws -> Answer {
        await gate.pass()
        return .answered(body: "Here is the answer you asked for.", articles: [], confidence: 0.9)
    }
}
