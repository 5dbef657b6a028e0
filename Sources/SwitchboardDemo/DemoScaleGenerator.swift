import Foundation
import Logging
import PostgresClient
import SwitchboardDomain

/// Generates a long synthetic history for one organisation in bulk — up to millions of
/// conversations with the demo's shapes: modes, handoffs, after-hours requests, transfers,
/// review flags, AI answers citing articles and "not sure" answers, captured contacts, and
/// start times following the demo's hours of day and weekdays.
///
/// Rows are streamed with COPY into temporary staging tables and moved into the real tables
/// with `INSERT … SELECT` inside the organisation's tenant transaction, so row-level security,
/// foreign keys and checks apply to every row. A few large transactions hold the work; the next
/// slice is generated while the previous one is written. The same seed, `now` and organisation
/// always give the same rows. Conversation counters (`message_count`, `last_seq`,
/// `ai_unanswered_count`, `owner_changes`, `last_message_at`) match the messages and owner
/// history written with them.
public struct DemoScaleGenerator: Sendable {
    /// What to generate.
    public struct Options: Sendable {
        /// How many conversations to add.
        public var conversations: Int
        /// Organisation slug; created (as a demo organisation) when missing.
        public var slug = DemoOrganisationProfile.careerLearning.slug
        /// The period the conversations start in: the `days` days before `now`.
        public var days = 365
        public var seed: UInt64 = 2026
        public var now = Date()
        /// Conversations per COPY slice.
        public var sliceSize = 2_000
        /// Conversations per transaction. Each such block draws from its own generator, so the
        /// data depends on this size (and not on `sliceSize` or `writers`).
        public var transactionSize = 50_000
        /// Blocks written at the same time, each on its own connection.
        public var writers = 2
        /// How often progress is reported.
        public var progressInterval: Duration = .seconds(3)

        public init(conversations: Int) {
            self.conversations = conversations
        }
    }

    private let pool: PostgresPool
    private let analyzePool: PostgresPool?
    private let logger: Logger
    private let options: Options

    /// `pool` connects as the app role; `analyzePool`, when given, as the tables' owner, which
    /// ANALYZE needs (without it ANALYZE runs on `pool` and PostgreSQL skips tables the app role
    /// does not own).
    public init(pool: PostgresPool, analyzePool: PostgresPool? = nil, logger: Logger, options: Options) {
        self.pool = pool
        self.analyzePool = analyzePool
        self.logger = logger
        self.options = options
    }

    /// Generates the conversations, reporting progress every `progressInterval`, then runs ANALYZE.
    public func generate(progress: @escaping @Sendable (DemoScaleProgress) -> Void = { _ in }) async throws -> DemoScaleSummary {
        guard options.conversations > 0 else { throw DemoScaleError("--conversations must be at least 1.") }
        guard options.days > 0 else { throw DemoScaleError("--days must be at least 1.") }
        let started = ContinuousClock.now
        var rng = SplitMix64(seed: options.seed ^ SplitMix64.fnv1a(options.slug) ^ 0x5CA1E)
        let organisation = try await DemoScaleOrganisation.resolve(slug: options.slug, pool: pool, now: options.now, rng: &rng)
        let count = options.conversations
        let starts = DemoScaleStream.startTimes(
            count: count,
            days: options.days,
            now: options.now,
            organisation: organisation,
            rng: &rng
        )
        let recent = DemoScaleStream.recent(count: count)
        // Each block's generator is seeded with the next output of `rng`: mixed values, so the
        // blocks' streams never overlap (seeds a fixed step apart would give shifted copies).
        var blockSeeds = rng
        let tally = DemoScaleTally(target: count, started: started, interval: options.progressInterval, report: progress)

        // Blocks of `transactionSize` conversations, each in its own transaction, `writers` at a time.
        let blockSize = options.transactionSize
        try await withThrowingTaskGroup(of: Void.self) { group in
            var running = 0
            for first in stride(from: 0, to: count, by: blockSize) {
                let last = min(first + blockSize, count)
                let blockStarts = Array(starts[min(first, starts.count)..<min(last, starts.count)])
                let blockRecent = last > starts.count ? Array(recent[max(first - starts.count, 0)..<(last - starts.count)]) : []
                let stream = DemoScaleStream(
                    organisation: organisation,
                    starts: blockStarts,
                    recent: blockRecent,
                    now: options.now,
                    rng: SplitMix64(seed: blockSeeds.next())
                )
                if running == max(options.writers, 1) {
                    try await group.next()
                    running -= 1
                }
                group.addTask { try await write(stream, orgID: organisation.id, tally: tally) }
                running += 1
            }
            try await group.waitForAll()
        }
        let totals = tally.totals
        let modes = tally.modes
        let orgID = organisation.id
        let writing = ContinuousClock.now - started
        try await audit(orgID: orgID, totals: totals)
        let analyzeStarted = ContinuousClock.now
        let analyzedAsOwner = try await analyze()
        let summary = DemoScaleSummary(
            organisationID: orgID,
            slug: organisation.profile.slug,
            createdOrganisation: organisation.created,
            conversations: totals.conversations,
            messages: totals.messages,
            rows: totals.rows,
            modes: modes,
            writeSeconds: writing.seconds,
            analyzeSeconds: (ContinuousClock.now - analyzeStarted).seconds,
            analyzedAsOwner: analyzedAsOwner
        )
        logger.info(
            "generated demo history",
            metadata: [
                "slug": "\(summary.slug)", "conversations": "\(summary.conversations)", "messages": "\(summary.messages)",
                "seconds": "\(summary.writeSeconds)",
            ]
        )
        return summary
    }

    /// Writes one block in one tenant transaction, generating the next slice while the
    /// previous one is written.
    private func write(_ stream: DemoScaleStream, orgID: UUID, tally: DemoScaleTally) async throws {
        var stream = stream
        var pending = try stream.next(limit: options.sliceSize)
        let sliceSize = options.sliceSize
        try await pool.withTenant(orgID) { session in
            for table in DemoScaleTable.all { try await session.execute(table.createStagingSQL) }
            while let current = pending {
                let snapshot = stream
                async let upcoming = Self.advance(snapshot, limit: sliceSize)
                try await current.write(in: session, orgID: orgID)
                (pending, stream) = try await upcoming
                tally.add(current)
            }
        }
    }

    private static func advance(_ stream: DemoScaleStream, limit: Int) async throws -> (DemoScaleBatch?, DemoScaleStream) {
        var stream = stream
        let batch = try stream.next(limit: limit)
        return (batch, stream)
    }

    private func audit(orgID: UUID, totals: DemoScaleProgress) async throws {
        let details: [String: String] = [
            "seed": "\(options.seed)", "days": "\(options.days)", "conversations": "\(totals.conversations)",
            "messages": "\(totals.messages)",
        ]
        let now = options.now
        try await pool.withTenant(orgID) { session in
            try await session.execute(
                """
                INSERT INTO audit_log (org_id, actor_kind, actor_id, action, target_kind, target_id, details, at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                """,
                [
                    orgID, "cli", "switchboard demo --conversations", "demo.generated", "organisation",
                    orgID.uuidString.lowercased(), PostgresJSON(details), now,
                ]
            )
        }
    }

    /// Refreshes the planner's statistics for the tables written; true when run as their owner.
    private func analyze() async throws -> Bool {
        let tables = DemoScaleTable.all.map { "switchboard.\($0.name)" }.joined(separator: ", ")
        try await (analyzePool ?? pool).withConnection { session in
            try await session.execute("ANALYZE \(tables)")
        }
        return analyzePool != nil
    }
}
