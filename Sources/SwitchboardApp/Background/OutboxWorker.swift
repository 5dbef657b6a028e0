import Foundation
import Logging
import PostgresClient
import ServiceLifecycle
import SwitchboardDomain
import Synchronization

/// Attempts the rows one outbox's worker claims: what differs between the webhook and the email worker.
public protocol OutboxCourier: Sendable {
    associatedtype Outbox: DeliveryOutbox
    /// What every attempt for one organisation shares (its SMTP settings, its name), read once a batch.
    associatedtype Batch: Sendable
    func batch(orgID: UUID) async throws -> Batch
    /// Attempts one claimed row and logs or counts what came of it; the worker records the outcome.
    func attempt(_ claim: Outbox.Claim, in batch: Batch, logger: Logger) async -> Outbox.Outcome
}

/// How often and how much an outbox worker claims, and how long finished rows are kept.
struct OutboxSchedule: Sendable {
    /// How often the worker looks for due rows without being woken by NOTIFY.
    var pollInterval: Duration
    /// Rows claimed (and attempted concurrently) per organisation and round.
    var batchSize: Int
    /// How long a claim holds a row; longer than one attempt can take, so only a dead worker loses it.
    var lease: Duration
    /// How long finished rows stay; the worker purges older ones hourly.
    var retention: Duration
}

/// Drains one outbox: wakes on its NOTIFY channel and polls besides, so rows queued while no
/// worker listened (or while this one was restarting) go out all the same. One per outbox and
/// server instance; instances share the work through `FOR UPDATE SKIP LOCKED` claims with a lease.
public struct OutboxWorker<Courier: OutboxCourier>: Service {
    let outbox: Courier.Outbox
    let courier: Courier
    /// The channel an enqueue notifies.
    let channel: String
    let schedule: OutboxSchedule
    let listenerConfiguration: PostgresConfiguration
    let logger: Logger

    public func run() async throws {
        let listener = PostgresListener(configuration: listenerConfiguration, channels: [channel], logger: logger)
        let doorbell = Doorbell()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await listener.run() }
            group.addTask {
                for await _ in listener.events { doorbell.ring() }
            }
            group.addTask {
                var lastPurge: ContinuousClock.Instant?
                while !Task.isCancelled && !Task.isShuttingDownGracefully {
                    await attemptDue()
                    if lastPurge.map({ ContinuousClock.now - $0 > .seconds(3600) }) ?? true, await purgeOld() {
                        lastPurge = ContinuousClock.now
                    }
                    await doorbell.wait(upTo: schedule.pollInterval)
                }
                listener.stop()
            }
            await group.waitForAll()
        }
    }

    /// Attempts everything due now, organisation by organisation, until nothing is left.
    func attemptDue() async {
        do {
            var rounds = 0
            while !Task.isCancelled && !Task.isShuttingDownGracefully && rounds < 100 {
                rounds += 1
                var claimedAny = false
                for orgID in try await outbox.organisationsWithDueRows() {
                    let claimed = try await outbox.claim(orgID: orgID, limit: schedule.batchSize, lease: schedule.lease)
                    guard !claimed.isEmpty else { continue }
                    claimedAny = true
                    let batch = try await courier.batch(orgID: orgID)
                    await withTaskGroup(of: Void.self) { group in
                        for claim in claimed {
                            // Not cancelled with the worker: an attempt under way finishes (within its
                            // timeout) and is recorded, so stopping never sends it twice.
                            group.addTask { await Task { await attempt(claim, in: batch) }.value }
                        }
                    }
                }
                if !claimedAny { return }
            }
        } catch {
            logger.warning("outbox unavailable; trying again", metadata: ["outbox": "\(channel)", "error": "\(type(of: error))"])
        }
    }

    private func attempt(_ claim: Courier.Outbox.Claim, in batch: Courier.Batch) async {
        let outcome = await courier.attempt(claim, in: batch, logger: logger)
        do {
            try await outbox.settle(claim, outcome: outcome)
        } catch {
            // The lease runs out and the row is tried again.
            logger.warning("could not record an outcome", metadata: ["outbox": "\(channel)", "id": "\(claim.id)"])
        }
    }

    /// Keeps finished rows for `retention`; pending ones are never purged. False when it could
    /// not, so the next round tries again.
    @discardableResult
    func purgeOld() async -> Bool {
        do {
            let removed = try await outbox.purgeFinished(olderThan: schedule.retention)
            if removed > 0 { logger.info("purged old outbox rows", metadata: ["outbox": "\(channel)", "count": "\(removed)"]) }
            return true
        } catch {
            logger.warning("could not purge old outbox rows", metadata: ["outbox": "\(channel)", "error": "\(type(of: error))"])
            return false
        }
    }
}

/// Wakes the worker early: a NOTIFY rings it, the loop waits for a ring or the poll interval.
final class Doorbell: Sendable {
    private let rung = Mutex(false)

    func ring() {
        rung.withLock { $0 = true }
    }

    /// Returns when rung (clearing it) or after `timeout`, whichever is first; at once on shutdown.
    func wait(upTo timeout: Duration) async {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline && !Task.isCancelled && !Task.isShuttingDownGracefully {
            if rung.withLock({
                let was = $0
                $0 = false
                return was
            }) {
                return
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }
}
