import Foundation
import SwitchboardDomain

/// Knowledge-base search on each organisation's in-memory `KnowledgeIndex`, kept fresh by the
/// organisation's knowledge-base revision (moved by every change to its articles, examples or
/// vocabulary; `PostgresKnowledgeSnapshots` keeps it with triggers).
///
/// Each search reads the revision; when it moved since the snapshot was built, the knowledge base
/// is read again and a new index built, while searches that arrive meanwhile wait for that build.
/// Several servers each keep their own snapshots and agree through the revision. At most
/// `capacity` organisations stay in memory, the least recently searched leaving first.
public final class IndexedKnowledgeSearch: KnowledgeSearch {
    /// Longer questions are cut: the first 2000 characters say what the customer wants.
    static let maxQueryCharacters = 2000

    private let source: any KnowledgeSnapshotSource
    private let snapshots: KnowledgeSnapshots

    public init(
        source: any KnowledgeSnapshotSource,
        thesaurus: Thesaurus = .customerService,
        tuning: KnowledgeIndex.Tuning = .init(),
        capacity: Int = 256
    ) {
        self.source = source
        snapshots = KnowledgeSnapshots(thesaurus: thesaurus, tuning: tuning, capacity: capacity)
    }

    public func search(orgID: UUID, query: String, context: String, limit: Int) async throws -> [KnowledgeMatch] {
        guard limit > 0, !query.allSatisfy(\.isWhitespace) else { return [] }
        let index = try await index(for: orgID)
        return index.search(
            query: String(query.prefix(Self.maxQueryCharacters)),
            context: String(context.prefix(Self.maxQueryCharacters)),
            limit: limit
        )
    }

    /// The organisation's current index, rebuilt first when its knowledge base changed.
    public func index(for orgID: UUID) async throws -> KnowledgeIndex {
        let revision = try await source.revision(orgID: orgID)
        return try await snapshots.index(orgID: orgID, revision: revision) { [source] in
            try await source.snapshot(orgID: orgID)
        }
    }
}

/// The in-memory indexes of recently searched organisations, each at the revision it was built from.
actor KnowledgeSnapshots {
    private struct Entry {
        var revision: Int64
        var index: KnowledgeIndex
        var lastUsed: UInt64
    }

    private let thesaurus: Thesaurus
    private let tuning: KnowledgeIndex.Tuning
    private let capacity: Int
    private var entries: [UUID: Entry] = [:]
    /// Builds under way and the revision each was asked for (it reads that revision or a newer one).
    private var building: [UUID: (revision: Int64, task: Task<Entry, any Error>)] = [:]
    private var clock: UInt64 = 0

    init(thesaurus: Thesaurus, tuning: KnowledgeIndex.Tuning, capacity: Int) {
        self.thesaurus = thesaurus
        self.tuning = tuning
        self.capacity = max(1, capacity)
    }

    /// The index at `revision` or newer; one build per organisation at a time, shared by every waiting search.
    func index(
        orgID: UUID,
        revision: Int64,
        load: @escaping @Sendable () async throws -> KnowledgeSnapshot
    ) async throws -> KnowledgeIndex {
        clock += 1
        if var entry = entries[orgID], entry.revision >= revision {
            entry.lastUsed = clock
            entries[orgID] = entry
            return entry.index
        }
        let task: Task<Entry, any Error>
        if let running = building[orgID], running.revision >= revision {
            task = running.task
        } else {
            let thesaurus = thesaurus
            let tuning = tuning
            task = Task.detached {
                let content = try await load()
                let index = KnowledgeIndex(
                    articles: content.articles,
                    vocabulary: content.vocabulary,
                    thesaurus: thesaurus,
                    tuning: tuning
                )
                return Entry(revision: content.revision, index: index, lastUsed: 0)
            }
            building[orgID] = (revision, task)
        }
        let built: Entry
        do {
            built = try await task.value
        } catch {
            if building[orgID]?.task == task { building[orgID] = nil }
            throw error
        }
        if building[orgID]?.task == task { building[orgID] = nil }
        if built.revision >= entries[orgID]?.revision ?? -1 {
            entries[orgID] = Entry(revision: built.revision, index: built.index, lastUsed: clock)
            evict()
        }
        return built.index
    }

    private func evict() {
        while entries.count > capacity, let oldest = entries.min(by: { $0.value.lastUsed < $1.value.lastUsed })?.key {
            entries[oldest] = nil
        }
    }
}
