import Foundation
import SwitchboardDomain

/// Totals of a bulk run shared by the blocks written side by side; reports progress at most
/// once per interval.
final class DemoScaleTally: @unchecked Sendable {
    private let lock = NSLock()
    private var progress: DemoScaleProgress
    private var modeCounts: [Conversation.Mode: Int] = [:]
    private var lastReport: ContinuousClock.Instant
    private let started: ContinuousClock.Instant
    private let interval: Duration
    private let report: @Sendable (DemoScaleProgress) -> Void

    init(target: Int, started: ContinuousClock.Instant, interval: Duration, report: @escaping @Sendable (DemoScaleProgress) -> Void) {
        self.progress = DemoScaleProgress(target: target)
        self.started = started
        self.lastReport = started
        self.interval = interval
        self.report = report
    }

    /// Counts a slice once it is written; reports when the interval has passed.
    func add(_ batch: DemoScaleBatch) {
        let now = ContinuousClock.now
        // Reported under the lock, so reports arrive in order even from blocks written side by side.
        lock.withLock {
            progress.add(batch, elapsed: now - started)
            for (mode, count) in batch.modes { modeCounts[mode, default: 0] += count }
            guard now - lastReport >= interval else { return }
            lastReport = now
            report(progress)
        }
    }

    var totals: DemoScaleProgress { lock.withLock { progress } }
    var modes: [Conversation.Mode: Int] { lock.withLock { modeCounts } }
}
