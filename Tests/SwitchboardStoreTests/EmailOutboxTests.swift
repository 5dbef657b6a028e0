import Foundation
import PostgresClient
import SwitchboardDomain
import SwitchboardStore
import TestSupport
import Testing

/// The email outbox and customer presence in PostgreSQL: one email per agent reply, claims with a
/// lease that only their holder can settle, retries that wait, and every organisation seeing only
/// its own emails.
@Suite struct EmailOutboxTests {
    static func reply(_ org: SeededOrganisation, seq: Int64) -> NewEmail {
        NewEmail(
            conversationID: org.handledConversation,
            kind: .agentReply,
            recipient: "dana@example.com",
            subject: "Bob replied to your chat",
            body: "Bob replied after you left the chat:\n\n    Your refund is on its way.\n",
            messageSeq: seq
        )
    }

    @Test func anAgentReplyIsQueuedOnceAndTheOtherOrganisationSeesNothingOfIt() async throws {
        let db = try await StoreDatabase.shared()
        let (a, b) = (try await SeededOrganisation.seed(using: db.app), try await SeededOrganisation.seed(using: db.app))
        let outbox = PostgresEmailOutbox(pool: db.app)

        let queued = try #require(try await outbox.enqueue(orgID: a.orgID, Self.reply(a, seq: 7)))
        #expect(queued.status == .pending && queued.attempts == 0 && queued.kind == .agentReply)
        #expect(try await outbox.enqueue(orgID: a.orgID, Self.reply(a, seq: 7)) == nil, "one email per reply")

        // B cannot queue into A's conversation, nor read A's emails by A's conversation id.
        #expect(try await outbox.enqueue(orgID: b.orgID, Self.reply(a, seq: 8)) == nil)
        #expect(try await outbox.deliveries(orgID: b.orgID, conversationID: a.handledConversation).isEmpty)
        #expect(try await outbox.claim(orgID: b.orgID, limit: 100, lease: .seconds(60)).allSatisfy { $0.id != queued.id })
        let seen = try await outbox.deliveries(orgID: a.orgID, conversationID: a.handledConversation).map(\.id)
        #expect(seen.contains(queued.id))
    }

    @Test func aClaimIsSettledOnlyByItsHolderAndARetryWaitsItsTurn() async throws {
        let db = try await StoreDatabase.shared()
        let org = try await SeededOrganisation.seed(using: db.app)
        let outbox = PostgresEmailOutbox(pool: db.app)
        let queued = try #require(try await outbox.enqueue(orgID: org.orgID, Self.reply(org, seq: 3)))
        #expect(try await outbox.organisationsWithDueRows().contains(org.orgID))

        let claimed = try #require(try await outbox.claim(orgID: org.orgID, limit: 10, lease: .seconds(60)).first { $0.id == queued.id })
        #expect(claimed.attempt == 1 && claimed.body.contains("refund"))
        // Held: a second worker claims nothing of it.
        #expect(try await outbox.claim(orgID: org.orgID, limit: 10, lease: .seconds(60)).allSatisfy { $0.id != queued.id })

        // A stale claim (another worker's, lost) records nothing.
        var stale = claimed
        stale.claimID = UUID()
        try await outbox.settle(stale, outcome: .failed(error: "should not be recorded"))
        #expect(try await delivery(queued.id, org: org, outbox: outbox).status == .pending)

        try await outbox.settle(claimed, outcome: .retry(error: "451 4.3.0 try later", retryAt: Date().addingTimeInterval(3600)))
        let retrying = try await delivery(queued.id, org: org, outbox: outbox)
        #expect(retrying.status == .pending && retrying.lastError == "451 4.3.0 try later" && retrying.attempts == 1)
        #expect(try await outbox.recentFailures(orgID: org.orgID, limit: 10).map(\.id).contains(queued.id))
        // Not due for an hour.
        #expect(try await outbox.claim(orgID: org.orgID, limit: 10, lease: .seconds(60)).allSatisfy { $0.id != queued.id })
    }

    @Test func aSentEmailLeavesTheFailuresList() async throws {
        let db = try await StoreDatabase.shared()
        let org = try await SeededOrganisation.seed(using: db.app)
        let outbox = PostgresEmailOutbox(pool: db.app)
        let queued = try #require(try await outbox.enqueue(orgID: org.orgID, Self.reply(org, seq: 4)))
        let first = try #require(try await outbox.claim(orgID: org.orgID, limit: 10, lease: .seconds(60)).first { $0.id == queued.id })
        try await outbox.settle(first, outcome: .retry(error: "no connection", retryAt: Date()))
        let second = try #require(try await outbox.claim(orgID: org.orgID, limit: 10, lease: .seconds(60)).first { $0.id == queued.id })
        #expect(second.attempt == 2)
        try await outbox.settle(second, outcome: .sent)
        let sent = try await delivery(queued.id, org: org, outbox: outbox)
        #expect(sent.status == .sent && sent.sentAt != nil && sent.nextAttemptAt == nil)
        #expect(try await outbox.recentFailures(orgID: org.orgID, limit: 10).allSatisfy { $0.id != queued.id })
    }

    @Test func aCustomerIsAwayUntilSeenAndAgainAfterLeavingOrGoingStale() async throws {
        let db = try await StoreDatabase.shared()
        let (org, other) = (try await SeededOrganisation.seed(using: db.app), try await SeededOrganisation.seed(using: db.app))
        let presence = PostgresCustomerPresence(pool: db.app)
        let chat = org.aiOnlyConversation
        #expect(try await presence.isAway(orgID: org.orgID, conversationID: chat, staleAfter: .seconds(90)))
        try await presence.seen(orgID: org.orgID, conversationIDs: [chat])
        #expect(try await presence.isAway(orgID: org.orgID, conversationID: chat, staleAfter: .seconds(90)) == false)
        // Another organisation can neither mark it present nor read it.
        try await presence.seen(orgID: other.orgID, conversationIDs: [chat])
        #expect(try await presence.isAway(orgID: other.orgID, conversationID: chat, staleAfter: .seconds(90)))
        try await presence.left(orgID: other.orgID, conversationID: chat)
        #expect(try await presence.isAway(orgID: org.orgID, conversationID: chat, staleAfter: .seconds(90)) == false)

        try await presence.left(orgID: org.orgID, conversationID: chat)
        #expect(try await presence.isAway(orgID: org.orgID, conversationID: chat, staleAfter: .seconds(90)))
        try await presence.seen(orgID: org.orgID, conversationIDs: [chat])
        try await Task.sleep(for: .milliseconds(1100))
        #expect(try await presence.isAway(orgID: org.orgID, conversationID: chat, staleAfter: .seconds(1)), "an instance that stopped reporting")
    }

    private func delivery(_ id: UUID, org: SeededOrganisation, outbox: PostgresEmailOutbox) async throws -> EmailDelivery {
        try #require(try await outbox.deliveries(orgID: org.orgID, conversationID: org.handledConversation).first { $0.id == id })
    }
}
