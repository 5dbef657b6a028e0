import Foundation

/// Which story each demo conversation tells. Most are drawn at random; a handful of recent ones
/// are fixed, so the console always opens on chats with the AI, waiting for a person, live with
/// an agent, and flagged for review.
enum DemoScenarioMix {
    typealias Plan = DemoConversationScripter.Plan

    /// A plan for a conversation that started at `start`: the AI answers about half, can't in some,
    /// and a person is asked for in the rest.
    static func plan(startedAt start: Date, now: Date, rng: inout SplitMix64) -> Plan {
        let paths: [DemoConversationScripter.Path] = [.aiAnswered, .aiNotSure, .humanRequested]
        let path = paths[rng.weightedIndex([0.47, 0.15, 0.38])]
        var plan = Plan(path: path)
        if path == .aiAnswered, now.timeIntervalSince(start) < 4 * 86_400, rng.chance(0.12) {
            plan.qaReview = true
        }
        return plan
    }

    /// Fixed recent conversations: minutes before now, and how each must be left.
    static func recent(full: Bool) -> [(minutesAgo: Double, plan: Plan)] {
        let all: [(Double, Plan)] = [
            (3, Plan(path: .aiAnswered, hold: .waiting)),
            (11, Plan(path: .humanRequested, hold: .waiting, ignoreHours: true)),
            (19, Plan(path: .humanRequested, hold: .live, transfer: true, ignoreHours: true)),
            (240, Plan(path: .aiAnswered, qaReview: true)),
            (9, Plan(path: .aiAnswered, hold: .waiting)),
            (21, Plan(path: .aiAnswered, hold: .waiting)),
            (5, Plan(path: .humanRequested, hold: .waiting, ignoreHours: true)),
            (15, Plan(path: .aiNotSure, hold: .waiting, ignoreHours: true)),
            (13, Plan(path: .humanRequested, hold: .live, transfer: false, ignoreHours: true)),
            (38, Plan(path: .aiNotSure, hold: .live, transfer: false, ignoreHours: true)),
            (150, Plan(path: .aiAnswered, qaReview: true)),
        ]
        return (full ? all : Array(all.prefix(4))).map { (minutesAgo: $0.0, plan: $0.1) }
    }
}
