import Foundation

/// Where an import writes: implemented by the Store.
public protocol SheetImportRepository: Sendable {
    /// Fingerprints of the conversations already imported under these session ids.
    func importedFingerprints(orgID: UUID, sessionIDs: [String]) async throws -> [String: String]
    /// Agent ids by display name; with `create`, agents not found are created (else left out).
    func agents(orgID: UUID, names: [String], create: Bool) async throws -> (ids: [String: UUID], created: [String])
    /// Writes conversations; returns the problems of those that could not be written. A row is
    /// written whole or not at all.
    func write(orgID: UUID, conversations: [ImportedConversation], agents: [String: UUID]) async throws -> [SheetRowProblem]
    /// Removes agents this import created that nothing refers to (their rows failed); returns
    /// the ids removed.
    func removeUnusedAgents(orgID: UUID, agentIDs: [UUID]) async throws -> Set<UUID>
    /// Records the Presence tab's last heartbeats for agents that have none yet; returns how many.
    func recordPresence(orgID: UUID, entries: [(agentID: UUID, at: Date)]) async throws -> Int
    /// Brings the planner's statistics up to date on the tables the import fills, when it can
    /// (it needs the tables' owner); a no-op otherwise.
    func refreshStatistics() async throws
    /// Sets the organisation's `ai_chat_enabled`.
    func setAIChatEnabled(orgID: UUID, enabled: Bool) async throws
}

/// What an import did (or, for a dry run, would do).
public struct SheetImportReport: Sendable {
    public var dryRun: Bool
    public var chatLogRows = 0
    public var imported = 0
    /// Rows whose session_id was imported before: left as they are.
    public var alreadyImported = 0
    /// Of those, rows whose cells differ from the earlier import (not applied; see README).
    public var changedSinceImport: [String] = []
    public var problems: [SheetRowProblem] = []
    public var agentsMatched = 0
    public var agentsCreated: [String] = []
    public var orphanSessionRows: [Int] = []
    public var unknownColumns: [String] = []
    public var ignoredSettings: [String] = []
    public var aiChatEnabled: Bool?
    /// Presence rows written (for a dry run: at most this many).
    public var presenceRecorded = 0

    /// Rows not imported because of a problem.
    public var rejected: Int { chatLogRows - imported - alreadyImported }
}

/// Imports a sheet plan: rows already imported (same session_id) are skipped, agents are matched
/// or created once, the rest is written in batches, and `progress` hears after every batch.
public struct SheetImportService: Sendable {
    let repository: any SheetImportRepository
    /// Rows per write: each batch is one transaction; a batch that fails is retried row by row.
    public var batchSize: Int
    /// Batches written at once, on as many connections.
    public var writers: Int

    public init(repository: any SheetImportRepository, batchSize: Int = 500, writers: Int = 2) {
        self.repository = repository
        self.batchSize = max(1, batchSize)
        self.writers = max(1, writers)
    }

    public func run(
        orgID: UUID,
        plan: SheetImportPlan,
        dryRun: Bool,
        progress: @Sendable (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) async throws -> SheetImportReport {
        var report = SheetImportReport(dryRun: dryRun)
        report.chatLogRows = plan.chatLogRows
        report.problems = plan.problems
        report.orphanSessionRows = plan.orphanSessionRows
        report.unknownColumns = plan.unknownColumns
        report.ignoredSettings = plan.ignoredSettings
        report.aiChatEnabled = plan.aiChatEnabled

        let existing = try await repository.importedFingerprints(orgID: orgID, sessionIDs: plan.conversations.map(\.sessionID))
        var fresh: [ImportedConversation] = []
        for conversation in plan.conversations {
            if let fingerprint = existing[conversation.sessionID] {
                report.alreadyImported += 1
                if fingerprint != conversation.fingerprint { report.changedSinceImport.append(conversation.sessionID) }
            } else {
                fresh.append(conversation)
            }
        }
        var names = Set(plan.presence.map(\.agentName))
        for conversation in fresh { names.formUnion(conversation.agentNames) }
        let (agents, created) = try await repository.agents(orgID: orgID, names: names.sorted(), create: !dryRun)
        report.agentsCreated = dryRun ? names.filter { agents[$0] == nil }.sorted() : created.sorted()
        report.agentsMatched = names.count - report.agentsCreated.count

        let total = fresh.count
        progress(0, total)
        if dryRun {
            report.imported = total
            // At most: an agent who already has a presence row keeps it.
            report.presenceRecorded = plan.presence.filter { $0.updatedAt != nil }.count
            progress(total, total)
        } else {
            let batches = stride(from: 0, to: total, by: batchSize).map { Array(fresh[$0..<min($0 + batchSize, total)]) }
            var done = 0
            var next = 0
            try await withThrowingTaskGroup(of: (Int, [SheetRowProblem]).self) { group in
                func start() {
                    guard next < batches.count else { return }
                    let batch = batches[next]
                    next += 1
                    group.addTask { (batch.count, try await repository.write(orgID: orgID, conversations: batch, agents: agents)) }
                }
                for _ in 0..<writers { start() }
                // A new organisation's rows are invisible to the planner's statistics until they are
                // analysed, and the fact triggers' joins then scan the organisation's conversations
                // once per batch: quadratic. Statistics are refreshed as the import doubles.
                var analyseAt = 2 * batchSize
                while let (count, problems) = try await group.next() {
                    done += count
                    report.imported += count - problems.count
                    report.problems += problems
                    progress(done, total)
                    start()
                    if done >= analyseAt, done < total {
                        analyseAt *= 2
                        try await repository.refreshStatistics()
                    }
                }
            }
            // An agent created for a row the database then refused belongs to nothing: remove it,
            // so nothing of a bad row stays.
            // (Agents named in the Presence tab stay: they are that tab's rows.)
            let refused = report.problems.count > plan.problems.count
            let presenceNames = Set(plan.presence.map(\.agentName))
            let candidates = created.filter { !presenceNames.contains($0) }.compactMap { agents[$0] }
            if refused, !candidates.isEmpty {
                let removed = try await repository.removeUnusedAgents(orgID: orgID, agentIDs: candidates)
                report.agentsCreated.removeAll { agents[$0].map(removed.contains) ?? false }
            }
            let entries = plan.presence.compactMap { entry in entry.updatedAt.flatMap { at in agents[entry.agentName].map { ($0, at) } } }
            if !entries.isEmpty { report.presenceRecorded = try await repository.recordPresence(orgID: orgID, entries: entries) }
            if let enabled = plan.aiChatEnabled { try await repository.setAIChatEnabled(orgID: orgID, enabled: enabled) }
        }
        report.problems.sort { ($0.tab, $0.row) < ($1.tab, $1.row) }
        return report
    }
}
