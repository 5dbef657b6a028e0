import Foundation
import Logging
import SwitchboardDomain
import TestSupport
import Testing

@testable import SwitchboardHTTP

/// Answer work stays bounded: per instance, per organisation, and in what may wait.
@Suite struct AnswerQueueTests {
    /// Holds every answer until opened, so answers stay in flight as long as the test wants.
    actor Gate {
        private var isOpen = false
        private var waiters: [CheckedContinuation<Void, Never>] = []

        func wait() async {
            if isOpen { return }
            await withCheckedContinuation { waiters.append($0) }
        }

        func open() {
            isOpen = true
            for waiter in waiters { waiter.resume() }
            waiters = []
        }
    }

    struct GatedEngine: AnswerEngine {
        let gate: Gate
        func answer(_ request: AnswerRequest) async throws -> Answer {
            await gate.wait()
            return .notSure(body: "Let me find someone who knows.", confidence: 0)
        }
    }

    @Test func pastTheLimitsAnswersWaitAndPastTheQueueTheCustomerIsToldAtOnce() async throws {
        try await TestSystem.with { system in
            let gate = Gate()
            let dependencies = system.live.dependencies
            let answering = AnsweringService(
                engine: GatedEngine(gate: gate),
                conversations: dependencies.conversations,
                organisations: dependencies.organisations,
                realtime: dependencies.realtime,
                logger: TestDatabase.quietLogger
            )
            let queue = AnswerQueue(
                answering: answering,
                limits: AnswerLimits(perInstance: 2, perOrganisation: 1, waiting: 1),
                logger: TestDatabase.quietLogger
            )
            let other = try await system.makeOrganisation()
            let service = dependencies.conversationService
            let (a1, a2, a3) = (
                try await service.start(orgID: system.orgID, pageURL: nil, contextJSON: nil).id,
                try await service.start(orgID: system.orgID, pageURL: nil, contextJSON: nil).id,
                try await service.start(orgID: system.orgID, pageURL: nil, contextJSON: nil).id
            )
            let b1 = try await service.start(orgID: other.id, pageURL: nil, contextJSON: nil).id

            await queue.schedule(orgID: system.orgID, conversationID: a1, question: "first")
            await queue.schedule(orgID: system.orgID, conversationID: a2, question: "second")  // waits: the organisation's one slot is taken
            await queue.schedule(orgID: other.id, conversationID: b1, question: "elsewhere")  // runs: the instance has a second slot
            await queue.schedule(orgID: system.orgID, conversationID: a3, question: "third")  // the queue is full: told at once
            let load = await queue.load()
            #expect(load.running == 2 && load.waiting == 1)

            // a3 hears it is busy while everything else is still held.
            let deadline = ContinuousClock.now + .seconds(10)
            var told: [ChatMessage] = []
            while ContinuousClock.now < deadline {
                told = try await dependencies.conversations.latestMessages(orgID: system.orgID, conversationID: a3, limit: 10)
                if told.contains(where: { $0.author == .ai }) { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(told.filter { $0.author == .ai }.map(\.body) == [AnsweringService.busyMessage])

            await gate.open()
            await queue.drain()
            for (orgID, id) in [(system.orgID, a1), (system.orgID, a2), (other.id, b1)] {
                let answers = try await dependencies.conversations.latestMessages(orgID: orgID, conversationID: id, limit: 10).filter {
                    $0.author == .ai
                }
                #expect(answers.map(\.body) == ["Let me find someone who knows."])
            }
            #expect(await queue.load().running == 0)
        }
    }

    @Test func theEngineSeesTheLatestMessagesNotTheOldest() async throws {
        try await TestSystem.with { system in
            let conversations = system.live.dependencies.conversations
            let id = try await system.live.dependencies.conversationService.start(orgID: system.orgID, pageURL: nil, contextJSON: nil).id
            for index in 1...60 {
                _ = try await conversations.append(
                    orgID: system.orgID,
                    conversationID: id,
                    message: NewMessage(author: .customer, body: "message \(index)"),
                    requiredModes: nil,
                    requiredOwner: nil
                )
            }
            let latest = try await conversations.latestMessages(orgID: system.orgID, conversationID: id, limit: AnsweringService.historyLength)
            #expect(latest.count == 50)
            #expect(latest.first?.body == "message 11")
            #expect(latest.last?.body == "message 60")
        }
    }
}
