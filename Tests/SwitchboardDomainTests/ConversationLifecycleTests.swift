import Foundation
import SwitchboardDomain
import Testing

/// Every allowed transition of DESIGN.md works; every other (event, mode) pair is refused.
@Suite struct ConversationLifecycleTests {
    static let carol = UUID()
    static let dan = UUID()

    /// One row of the transition table.
    struct Row: Sendable, CustomTestStringConvertible {
        let event: LifecycleEvent
        let from: LifecyclePosition
        let to: LifecyclePosition
        var testDescription: String { "\(event.name) from \(from.mode.rawValue)" }
    }

    static let allowed: [Row] = [
        Row(event: .requestHuman, from: .init(mode: .ai), to: .init(mode: .needs)),
        Row(event: .aiCouldNotAnswer, from: .init(mode: .ai), to: .init(mode: .needs)),
        Row(event: .takeOver(agentID: carol), from: .init(mode: .ai), to: .init(mode: .live, ownerAgentID: carol)),
        Row(event: .takeOver(agentID: carol), from: .init(mode: .needs), to: .init(mode: .live, ownerAgentID: carol)),
        Row(event: .transfer(from: carol, to: dan), from: .init(mode: .live, ownerAgentID: carol), to: .init(mode: .live, ownerAgentID: dan)),
        Row(event: .handBack(agentID: carol), from: .init(mode: .live, ownerAgentID: carol), to: .init(mode: .ai)),
        Row(event: .afterHours, from: .init(mode: .needs), to: .init(mode: .review)),
        Row(event: .close(reviewed: true), from: .init(mode: .ai), to: .init(mode: .closed)),
        Row(event: .close(reviewed: true), from: .init(mode: .needs), to: .init(mode: .closed)),
        Row(event: .close(reviewed: true), from: .init(mode: .live, ownerAgentID: carol), to: .init(mode: .closed, ownerAgentID: carol)),
        Row(event: .close(reviewed: true), from: .init(mode: .review), to: .init(mode: .closed)),
        Row(event: .flagFollowUp, from: .init(mode: .closed), to: .init(mode: .followup)),
        Row(event: .completeFollowUp, from: .init(mode: .followup), to: .init(mode: .closed)),
        Row(event: .archive, from: .init(mode: .closed), to: .init(mode: .archived)),
        Row(event: .closeIdle, from: .init(mode: .ai), to: .init(mode: .closed)),
    ]

    @Test(arguments: allowed)
    func allowedTransitionLeadsWhereTheDesignSays(row: Row) throws {
        #expect(try ConversationLifecycle.apply(row.event, to: row.from) == row.to)
    }

    static let events: [LifecycleEvent] = [
        .requestHuman, .aiCouldNotAnswer, .takeOver(agentID: carol), .transfer(from: carol, to: dan),
        .handBack(agentID: carol), .afterHours, .close(reviewed: true), .flagFollowUp, .completeFollowUp, .archive,
        .closeIdle,
    ]

    /// Every (event, mode) pair not in the allowed table.
    static var refused: [(LifecycleEvent, Conversation.Mode)] {
        events.flatMap { event in
            Conversation.Mode.allCases.compactMap { mode in
                allowed.contains { $0.event == event && $0.from.mode == mode } ? nil : (event, mode)
            }
        }
    }

    @Test func everyOtherPairIsRefusedNamingTheCurrentMode() {
        #expect(Self.refused.count == Self.events.count * Conversation.Mode.allCases.count - Self.allowed.count)
        for (event, mode) in Self.refused {
            let position = LifecyclePosition(mode: mode, ownerAgentID: mode == .live ? Self.carol : nil)
            #expect(throws: LifecycleError.self, "\(event.name) from \(mode.rawValue)") {
                try ConversationLifecycle.apply(event, to: position)
            }
            do {
                _ = try ConversationLifecycle.apply(event, to: position)
            } catch {
                #expect(error.kind == .conflict)
                #expect(error.message.contains("\"\(mode.rawValue)\""))
            }
        }
    }

    @Test func takeOverOfALiveConversationSaysSomeoneElseOwnsIt() {
        #expect(throws: LifecycleError(reason: .ownedBySomeoneElse, event: "take over", current: .init(mode: .live, ownerAgentID: Self.carol))) {
            try ConversationLifecycle.apply(.takeOver(agentID: Self.dan), to: .init(mode: .live, ownerAgentID: Self.carol))
        }
    }

    @Test func transferByAnAgentWhoNoLongerOwnsItFails() {
        #expect(throws: LifecycleError.self) {
            try ConversationLifecycle.apply(.transfer(from: Self.dan, to: Self.carol), to: .init(mode: .live, ownerAgentID: Self.carol))
        }
    }

    @Test func handBackByAnotherAgentFails() {
        #expect(throws: LifecycleError.self) {
            try ConversationLifecycle.apply(.handBack(agentID: Self.dan), to: .init(mode: .live, ownerAgentID: Self.carol))
        }
    }

    @Test func closingWithoutReviewIsInvalidInput() {
        do {
            _ = try ConversationLifecycle.apply(.close(reviewed: false), to: .init(mode: .live, ownerAgentID: Self.carol))
            Issue.record("closed without review")
        } catch {
            #expect(error.reason == .reviewRequired)
            #expect(error.kind == .invalidInput)
        }
    }

    @Test func newConversationsStartWithTheAIUnlessItIsOff() {
        #expect(ConversationLifecycle.start(aiChatEnabled: true).mode == .ai)
        #expect(ConversationLifecycle.start(aiChatEnabled: false).mode == .needs)
    }
}
