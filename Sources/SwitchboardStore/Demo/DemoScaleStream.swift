import Foundation
import SwitchboardDomain

/// The conversations of one bulk run, made on demand in slices: start times sampled once over
/// the whole period, then one conversation after another from a single seeded generator, so
/// the data depends only on the seed, `now` and the organisation — never on the slice size.
struct DemoScaleStream: Sendable {
    private let scripter: DemoConversationScripter
    private let flags: DemoReviewFlags
    private let starts: [Date]
    private let recent: [(minutesAgo: Double, plan: DemoScenarioMix.Plan)]
    private let now: Date
    private var rng: SplitMix64
    private var position = 0

    /// `count` conversations over the `days` days before `now`. From 100 conversations on, the
    /// last few are the demo's fixed recent ones, so every open mode shows up as in `switchboard demo`.
    init(organisation: DemoScaleOrganisation, count: Int, days: Int, now: Date, rng: SplitMix64) {
        let profile = organisation.profile
        let calendar = profile.calendar
        self.scripter = DemoConversationScripter(
            profile: profile, calendar: calendar, scripts: organisation.scripts, agents: organisation.agents,
            articles: organisation.articles, now: now)
        self.flags = DemoReviewFlags(
            scripts: organisation.scripts, agents: organisation.agents, articles: organisation.articles, now: now)
        self.recent = count >= 100 ? DemoScenarioMix.recent(full: true) : []
        self.now = now
        var rng = rng
        self.starts = DemoStartTimes.sample(
            count: count - recent.count, days: days, now: now, calendar: calendar, rng: &rng)
        self.rng = rng
    }

    var total: Int { starts.count + recent.count }

    /// The next `limit` conversations, encoded for COPY; nil once all have been made.
    mutating func next(limit: Int) throws -> DemoScaleBatch? {
        guard position < total else { return nil }
        var batch = DemoScaleBatch()
        let end = min(position + limit, total)
        while position < end {
            var conversation: DemoConversation
            if position < starts.count {
                let start = starts[position]
                var plan = DemoScenarioMix.plan(startedAt: start, now: now, rng: &rng)
                // Longer chats than the month-long demo's, for about ten messages on average.
                plan.extraQuestions = rng.int(in: 0...4)
                plan.extraRounds = rng.int(in: 0...3)
                conversation = scripter.conversation(startingAt: start, plan: plan, rng: &rng)
                flags.apply(to: &conversation, rng: &rng)
            } else {
                let fixed = recent[position - starts.count]
                conversation = scripter.conversation(startingAt: now - fixed.minutesAgo * 60, plan: fixed.plan, rng: &rng)
            }
            try batch.append(conversation)
            position += 1
        }
        return batch
    }
}
