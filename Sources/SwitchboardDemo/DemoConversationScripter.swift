import Foundation
import SwitchboardDomain

/// Writes the script of one demo conversation — who said what, when, and where it ended up — by
/// walking the lifecycle of DESIGN.md: ai → needs → live (→ transfer) → closed, or needs →
/// review for after-hours requests. A script stops at `now`: a chat whose agent has not joined
/// yet is still waiting, one that was never closed is still live.
struct DemoConversationScripter {
    enum Path: CaseIterable { case aiAnswered, aiNotSure, humanRequested }

    /// How a recent conversation must be left, so that every open mode appears in the console.
    enum Hold { case none, waiting, live }

    struct Plan {
        var path: Path
        var hold: Hold = .none
        var transfer: Bool?
        /// Treat the handoff as within opening hours whatever the clock says.
        var ignoreHours = false
        /// An agent flags the AI's answer as wrong and leaves the chat in review.
        var qaReview = false
        /// More questions the AI answers from articles, after the first ones (the bulk generator's longer chats).
        var extraQuestions = 0
        /// More agent–customer rounds once a person has joined.
        var extraRounds = 0
    }

    static let idleClose: TimeInterval = 30 * 60

    let profile: DemoOrganisationProfile
    let calendar: Calendar
    let scripts: DemoContent.Scripts
    let agents: [DemoAgent]
    let articles: [DemoArticle]
    let now: Date
    /// The AI's answer to each article question, worked out once: the bulk generator asks them
    /// millions of times, and the matcher splits words on every call.
    private let answers: [String: DemoAnswerMatcher.Answer]

    init(
        profile: DemoOrganisationProfile,
        calendar: Calendar,
        scripts: DemoContent.Scripts,
        agents: [DemoAgent],
        articles: [DemoArticle],
        now: Date
    ) {
        self.profile = profile
        self.calendar = calendar
        self.scripts = scripts
        self.agents = agents
        self.articles = articles
        self.now = now
        var answers: [String: DemoAnswerMatcher.Answer] = [:]
        for article in articles {
            for question in article.content.questions {
                answers[Self.answerKey(question, article)] = DemoAnswerMatcher.answer(question, from: article.content)
            }
        }
        self.answers = answers
    }

    private static func answerKey(_ question: String, _ article: DemoArticle) -> String {
        article.id.uuidString + "\u{0}" + question
    }

    func conversation(startingAt start: Date, plan: Plan, rng: inout SplitMix64) -> DemoConversation {
        var run = Run(conversation: DemoConversation(id: rng.uuid(), contactID: rng.uuid(), startedAt: start), now: now)
        let customer = rng.pick(scripts.customers)
        run.c.pageURL = rng.pick(scripts.pages)
        if rng.chance(0.4) { run.c.context = Self.context(&rng) }
        do {
            if rng.chance(0.7) {
                try run.post(.customer, rng.pick(scripts.greetings), after: 0)
            }
            switch plan.path {
            case .aiAnswered:
                try askArticleQuestions(&run, followUp: rng.chance(0.35), rng: &rng)
                try askMore(plan.extraQuestions, &run, rng: &rng)
                if rng.chance(0.4) { try capture(customer, &run, rng: &rng) }
                try endWithAI(&run, plan: plan, rng: &rng)
            case .aiNotSure:
                if rng.chance(0.3) {
                    try askArticleQuestions(&run, followUp: false, rng: &rng)
                    try askMore(plan.extraQuestions, &run, rng: &rng)
                }
                // As the product answers: a first "not sure" asks the customer to put it another way,
                // the second offers a person, and a "yes" hands the chat over with the question.
                let question = rng.pick(scripts.unrelatedQuestions)
                try run.post(.customer, question, after: rng.seconds(8...60))
                try run.post(.ai, NotSureStreak.rephraseRequest, after: rng.seconds(2...6), outcome: "not_sure")
                run.c.aiUnansweredCount += 1
                let rephrased = rng.pick(scripts.unrelatedQuestions)
                try run.post(.customer, rephrased, after: rng.seconds(10...40))
                try run.post(.ai, NotSureStreak.personOffer, after: rng.seconds(2...6), outcome: "not_sure")
                run.c.aiUnansweredCount += 1
                if plan.hold == .none, rng.chance(0.3) {
                    // The visitor left without taking the offer: only the AI took part.
                    try endWithAI(&run, plan: plan, rng: &rng)
                } else {
                    try run.post(.customer, rng.pick(["yes please", "yes", "yes, please connect me", "ok yes"]), after: rng.seconds(4...20))
                    run.c.handoffRequested = true
                    run.c.handoffReason = rephrased
                    run.c.handoffRequestedAt = run.clock
                    run.c.set(.needs, at: run.clock)
                    try humanPhase(customer, &run, plan: plan, rng: &rng)
                }
            case .humanRequested:
                if rng.chance(0.5) {
                    try askArticleQuestions(&run, followUp: false, rng: &rng)
                    try askMore(plan.extraQuestions, &run, rng: &rng)
                }
                try run.post(.customer, rng.pick(scripts.humanRequests), after: rng.seconds(10...90))
                run.c.handoffRequested = true
                run.c.handoffReason = rng.pick(scripts.handoffReasons)
                run.c.handoffRequestedAt = run.clock
                run.c.set(.needs, at: run.clock)
                try humanPhase(customer, &run, plan: plan, rng: &rng)
            }
        } catch {
            // ReachedNow: the rest of the script lies in the future.
        }
        return run.c
    }

    // MARK: - AI

    private func askArticleQuestions(_ run: inout Run, followUp: Bool, rng: inout SplitMix64) throws {
        var article = rng.pick(articles)
        var question = rng.pick(article.content.questions)
        try askAndAnswer(question, article, &run, rng: &rng)
        guard followUp else { return }
        let others = article.content.questions.filter { $0 != question }
        if others.isEmpty || rng.chance(0.3) {
            article = rng.pick(articles)
            question = rng.pick(article.content.questions)
        } else {
            question = rng.pick(others)
        }
        try askAndAnswer(question, article, &run, rng: &rng)
    }

    /// `count` more questions, each about an article picked at random; draws nothing when 0.
    private func askMore(_ count: Int, _ run: inout Run, rng: inout SplitMix64) throws {
        for _ in 0..<count {
            let article = rng.pick(articles)
            try askAndAnswer(rng.pick(article.content.questions), article, &run, rng: &rng)
        }
    }

    private func askAndAnswer(_ question: String, _ article: DemoArticle, _ run: inout Run, rng: inout SplitMix64) throws {
        try run.post(.customer, question, after: rng.seconds(5...90))
        let answer = answers[Self.answerKey(question, article)] ?? DemoAnswerMatcher.answer(question, from: article.content)
        try run.post(.ai, answer.body, after: rng.seconds(2...9), outcome: "answered", article: article.id, confidence: answer.confidence)
    }

    /// An AI-only chat ends in review (flagged for AI QA), stays open, or is closed.
    private func endWithAI(_ run: inout Run, plan: Plan, rng: inout SplitMix64) throws {
        if plan.qaReview, run.c.hasAIAnswer {
            let reviewer = rng.pick(agents)
            try run.advance(rng.seconds(600...5400))
            run.c.qaReview = .init(
                correctionNote: rng.pick(scripts.correctionNotes),
                flaggedBy: reviewer.id,
                flaggedAt: run.clock
            )
            run.c.set(.review, at: run.clock)
            return
        }
        guard plan.hold == .none else { return }
        if rng.chance(0.3) {
            // An agent read it in the console and closed it as reviewed.
            let agent = rng.pick(agents)
            try run.advance(rng.seconds(180...1500))
            close(&run, by: agent.id, event: false, rng: &rng)
        } else {
            try run.advance(Self.idleClose)
            run.c.closedAt = run.clock
            run.c.set(.closed, at: run.clock)
        }
    }

    // MARK: - People

    /// From `needs`: an agent takes over in opening hours; outside them the visitor leaves details.
    private func humanPhase(_ customer: DemoContent.Customer, _ run: inout Run, plan: Plan, rng: inout SplitMix64) throws {
        guard plan.ignoreHours || profile.isOpen(at: run.clock, calendar: calendar) else {
            return try afterHours(customer, &run, plan: plan, rng: &rng)
        }
        try run.post(.system, "I've asked the team to join. Someone will be with you shortly.", after: 2)
        if run.c.contactEmail == nil, rng.chance(0.5) {
            try run.post(.system, "While you wait, could you share your name and email in case we get disconnected?", after: 1)
            try capture(customer, &run, rng: &rng)
        }
        guard plan.hold != .waiting else { return }

        var owner = rng.pick(agents)
        try run.advance(rng.seconds(20...300))
        try run.post(.system, "\(owner.name) joined", after: 0)
        run.c.ownershipEvents.append(.init(id: rng.uuid(), kind: "take_over", from: nil, to: owner.id, at: run.clock))
        run.c.ownerAgentID = owner.id
        run.c.status = "agent-handled"
        run.c.set(.live, at: run.clock)

        let rounds = rng.int(in: 1...3) + plan.extraRounds
        var transfers = (plan.transfer ?? rng.chance(0.14)) ? (rng.chance(0.15) && plan.hold == .none ? 2 : 1) : 0
        for round in 1...rounds {
            try run.post(.agent, rng.pick(scripts.agentReplies), after: rng.seconds(15...70), agent: owner.id)
            if round < rounds || rng.chance(0.7) {
                try run.post(.customer, rng.pick(scripts.customerFollowUps), after: rng.seconds(30...150))
            }
            while transfers > 0, agents.count > 1 {
                transfers -= 1
                let next = rng.pick(agents.filter { $0.id != owner.id })
                try run.post(.system, "\(next.name) joined", after: rng.seconds(30...120))
                run.c.ownershipEvents.append(.init(id: rng.uuid(), kind: "transfer", from: owner.id, to: next.id, at: run.clock))
                run.c.ownerChanges += 1
                run.c.ownerAgentID = next.id
                run.c.set(.live, at: run.clock)
                owner = next
                try run.post(.agent, rng.pick(scripts.agentReplies), after: rng.seconds(20...90), agent: owner.id)
            }
        }
        guard plan.hold == .none else { return }
        try run.advance(rng.seconds(60...480))
        let recordClose = rng.chance(0.6)
        close(&run, by: owner.id, event: recordClose, rng: &rng)
    }

    /// Nobody is on: the visitor leaves name, email and a reason; someone replies when the team is back.
    private func afterHours(_ customer: DemoContent.Customer, _ run: inout Run, plan: Plan, rng: inout SplitMix64) throws {
        try run.post(
            .system,
            "Our team is offline right now. Leave your name, email and a short note, and we'll reply by email on the next working day.",
            after: 2
        )
        try run.advance(rng.seconds(40...180))
        run.c.nameProvided = customer.name
        run.c.emailProvided = customer.email ?? Self.emailGuess(customer.name)
        run.c.handoffRequested = true
        run.c.handoffReason = rng.pick(scripts.afterHoursReasons)
        run.c.handoffRequestedAt = run.c.handoffRequestedAt ?? run.clock
        run.c.status = "after-hours"
        run.c.set(.review, at: run.clock)
        let firstName = customer.name.split(separator: " ").first.map(String.init) ?? customer.name
        try run.post(.system, "Thanks, \(firstName). We'll email you at \(run.c.emailProvided ?? "") when the team is back.", after: 1)

        // A few stay in the review queue as a backlog; the rest are answered when the team is back.
        let age = now.timeIntervalSince(run.c.startedAt)
        guard plan.hold == .none, !(age < 4 * 86_400 && rng.chance(0.3)) else { return }
        let agent = rng.pick(agents)
        let back = profile.nextOpening(after: run.clock, calendar: calendar) + rng.seconds(600...7200)
        try run.advance(max(back.timeIntervalSince(run.clock), 60))
        if rng.chance(0.75) {
            try run.post(.agent, rng.pick(scripts.agentReplies), after: 0, agent: agent.id)
        }
        try run.advance(rng.seconds(60...300))
        close(&run, by: agent.id, event: false, rng: &rng)
    }

    /// The visitor types their details, and the AI stores them on the contact.
    private func capture(_ customer: DemoContent.Customer, _ run: inout Run, rng: inout SplitMix64) throws {
        let body: String
        var details: (name: String?, email: String?, phone: String?) = (customer.name, customer.email, nil)
        switch (customer.email, rng.int(in: 0...2)) {
        case (nil, _):
            body = "I'm \(customer.name)"
        case (let email?, 0):
            body = "my email is \(email) if you need it"
            details.name = nil
        case (let email?, 1):
            body = "I'm \(customer.name), email \(email)"
        case (let email?, _):
            body = "\(customer.name) here. You can reach me at \(email)" + (customer.phone.map { ", phone \($0)" } ?? "")
            details.phone = customer.phone
        }
        try run.post(.customer, body, after: rng.seconds(15...60))
        (run.c.contactName, run.c.contactEmail, run.c.contactPhone) = details
        run.c.contactCapturedAt = run.clock
    }

    private func close(_ run: inout Run, by agent: UUID, event: Bool, rng: inout SplitMix64) {
        run.c.closedAt = run.clock
        run.c.closedByAgentID = agent
        run.c.closeReviewed = true
        if event {
            run.c.ownershipEvents.append(.init(id: rng.uuid(), kind: "close", from: run.c.ownerAgentID, to: nil, at: run.clock))
        }
        run.c.set(.closed, at: run.clock)
    }

    private static func context(_ rng: inout SplitMix64) -> String {
        var pairs = [("plan", rng.pick(["free", "pro", "team"]))]
        if rng.chance(0.7) { pairs.append(("utm_source", rng.pick(["newsletter", "google", "linkedin", "partner"]))) }
        if rng.chance(0.3) { pairs.append(("returning", rng.pick(["true", "false"]))) }
        return "{" + pairs.sorted { $0.0 < $1.0 }.map { "\"\($0.0)\":\"\($0.1)\"" }.joined(separator: ",") + "}"
    }

    private static func emailGuess(_ name: String) -> String {
        name.lowercased().split(separator: " ").joined(separator: ".") + "@mail.example"
    }
}

/// The script's clock; it throws once the next step would lie after `now`.
private struct Run {
    struct ReachedNow: Error {}

    var c: DemoConversation
    var clock: Date
    let now: Date

    init(conversation: DemoConversation, now: Date) {
        self.c = conversation
        self.clock = conversation.startedAt
        self.now = now
    }

    mutating func advance(_ seconds: TimeInterval) throws {
        let next = clock + seconds
        guard next < now else { throw ReachedNow() }
        clock = next
    }

    mutating func post(
        _ author: MessageAuthor,
        _ body: String,
        after seconds: TimeInterval,
        agent: UUID? = nil,
        outcome: String? = nil,
        article: UUID? = nil,
        confidence: Double? = nil
    ) throws {
        try advance(seconds)
        c.messages.append(
            .init(
                author: author,
                agentID: agent,
                body: body,
                aiOutcome: outcome,
                articleID: article,
                confidence: confidence,
                at: clock
            )
        )
    }
}
