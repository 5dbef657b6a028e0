import Foundation
import Logging
import SwitchboardDomain

/// Collects API key uses in memory and writes them in batches: one UPDATE of `last_used_at` and
/// one audit entry (listing every request) per key per flush, instead of two writes per request.
/// A flush runs every `interval` and as soon as `batchSize` uses are waiting; a graceful
/// shutdown flushes what is left, so only a crash can lose the last few seconds of entries.
public actor APIKeyUsageRecorder {
    private let keys: APIKeyService
    private let batchSize: Int
    private let logger: Logger
    private var pending: [APIKeyUse] = []

    public init(keys: APIKeyService, batchSize: Int = 500, logger: Logger) {
        self.keys = keys
        self.batchSize = batchSize
        self.logger = logger
    }

    func record(_ use: APIKeyUse) async {
        pending.append(use)
        if pending.count >= batchSize { await flush() }
    }

    /// Writes every waiting use; on failure they are kept for the next flush (up to 10 batches).
    public func flush() async {
        guard !pending.isEmpty else { return }
        let batch = pending
        pending = []
        do {
            try await keys.recordUses(batch)
        } catch {
            logger.error("could not record API key uses", metadata: ["count": "\(batch.count)", "error": "\(error)"])
            pending = Array((batch + pending).suffix(batchSize * 10))
        }
    }
}
