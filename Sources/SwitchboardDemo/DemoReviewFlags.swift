import Foundation

/// The review loop after a demo chat is closed: AI answers marked wrong (and the fix confirmed),
/// knowledge-base changes, follow-ups, and filing old chats away — each with who and when.
struct DemoReviewFlags {
    let scripts: DemoContent.Scripts
    let agents: [DemoAgent]
    let articles: [DemoArticle]
    let now: Date

    private static let day: TimeInterval = 86_400
    private static let archiveAfter: TimeInterval = 14 * day

    func apply(to c: inout DemoConversation, rng: inout SplitMix64) {
        guard c.mode == .closed, let closedAt = c.closedAt else { return }
        let closer = c.closedByAgentID ?? rng.pick(agents).id
        let reviewers = agents.filter(\.canReviewCorrections).isEmpty ? agents : agents.filter(\.canReviewCorrections)

        if c.hasAIAnswer, rng.chance(0.1) {
            let flaggedAt = clamp(closedAt + rng.seconds(120...36_000))
            var review = DemoConversation.QAReview(
                correctionNote: rng.pick(scripts.correctionNotes),
                flaggedBy: closer,
                flaggedAt: flaggedAt
            )
            if rng.chance(0.55), let reviewedAt = later(flaggedAt, by: rng.seconds(7200...(3 * Self.day))) {
                review.reviewedBy = rng.pick(reviewers).id
                review.reviewedAt = reviewedAt
            }
            c.qaReview = review
            if rng.chance(0.7) {
                // The fix the correction asks for; it counts as made once the correction is confirmed.
                c.kbUpdate = .init(
                    note: "Fix \"\(articleTitle(c, &rng))\": \(review.correctionNote)",
                    flaggedBy: closer,
                    flaggedAt: flaggedAt,
                    updatedBy: review.reviewedBy,
                    updatedAt: review.reviewedAt
                )
            }
        }
        if c.kbUpdate == nil, rng.chance(0.06) {
            var update = DemoConversation.KBUpdate(
                note: "The customer needed more than \"\(articleTitle(c, &rng))\" says.",
                flaggedBy: closer,
                flaggedAt: closedAt
            )
            if rng.chance(0.5), let updatedAt = later(closedAt, by: rng.seconds(3600...(4 * Self.day))) {
                update.updatedBy = rng.pick(agents).id
                update.updatedAt = updatedAt
            }
            c.kbUpdate = update
        }
        // Someone from sales or tech must act: only for chats a person took part in.
        if c.status != nil, rng.chance(0.24) {
            let index = rng.int(in: 0...(scripts.followupNotes.count - 1))
            let flaggedAt = clamp(closedAt + rng.seconds(1...30))
            var followup = DemoConversation.Followup(note: scripts.followupNotes[index], flaggedBy: closer, flaggedAt: flaggedAt)
            c.set(.followup, at: flaggedAt)
            if rng.chance(0.62), let doneAt = later(flaggedAt, by: rng.seconds(10_800...(4 * Self.day))) {
                followup.doneNote = scripts.followupResolutions[index % scripts.followupResolutions.count]
                followup.doneBy = rng.pick(agents).id
                followup.doneAt = doneAt
                c.set(.closed, at: doneAt)
            }
            c.followup = followup
        }
        if c.mode == .closed, closedAt < now - Self.archiveAfter, rng.chance(0.5) {
            let earliest = max(closedAt + Self.archiveAfter, c.followup?.doneAt ?? closedAt)
            let latest = now - 3600
            guard earliest < latest else { return }
            let archivedAt = earliest + rng.unit() * latest.timeIntervalSince(earliest)
            c.archivedAt = archivedAt
            c.set(.archived, at: archivedAt)
        }
    }

    private func articleTitle(_ c: DemoConversation, _ rng: inout SplitMix64) -> String {
        if let id = c.firstArticleID, let article = articles.first(where: { $0.id == id }) {
            return article.content.title
        }
        return rng.pick(articles).content.title
    }

    /// `date` plus `seconds`, or nil when that is still to come.
    private func later(_ date: Date, by seconds: TimeInterval) -> Date? {
        let result = date + seconds
        return result < now ? result : nil
    }

    private func clamp(_ date: Date) -> Date {
        min(date, now - 1)
    }
}
