import Foundation
import SwitchboardDomain

/// One block of the conversations of a bulk run, made on demand in slices. Start times are
/// sampled once for the whole run (`startTimes`); each block then draws from its own seeded
/// generator, so blocks can be written side by side and the data still depends only on the seed,
/// `now`, the organisation and the block size — never on the slice size or on timing.
struct DemoScaleStream: Sendable {
    private let scripter: DemoConversationScripter
    private let flags: DemoReviewFlags
    private let starts: [Date]
    private let recent: [(minutesAgo: Double, plan: DemoScenarioMix.Plan)]
    private let now: Date
    private var rng: SplitMix64
    private var position = 0

    /// The fixed recent chats a run of `count` conversations ends with: from 100 conversations on,
    /// the demo's, so every open mode shows up as in `switchboard demo`.
    static func recent(count: Int) -> [(minutesAgo: Double, plan: DemoScenarioMix.Plan)] {
        count >= 100 ? DemoScenarioMix.recent(full: true) : []
    }

    /// Start times of the sampled (not fixed) conversations of a run, oldest first, over the
    /// `days` days before `now`.
    static func startTimes(
        count: Int,
        days: Int,
        now: Date,
        organisation: DemoScaleOrganisation,
        rng: inout SplitMix64
    ) -> [Date] {
        DemoStartTimes.sample(
            count: count - recent(count: count).count,
            days: days,
            now: now,
            calendar: organisation.profile.calendar,
            rng: &rng
        )
    }

    /// A block with the conversations starting at `starts`, then the fixed `recent` ones.
    init(
        organisation: DemoScaleOrganisation,
        starts: [Date],
        recent: [(minutesAgo: Double, plan: DemoScenarioMix.Plan)],
        now: Date,
        rng: SplitMix64
    ) {
        let profile = organisation.profile
        self.scripter = DemoConversationScripter(
            profile: profile,
            calendar: profile.calendar,
            scripts: organisation.scripts,
            agents: organisation.agents,
            articles: organisation.articles,
            now: now
        )
        self.flags = DemoReviewFlags(
            scripts: organisation.scripts,
            agents: organisation.agents,
            articles: organisation.articles,
            now: now
        )
        self.starts = starts
        self.recent = recent
        self.now = now
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
