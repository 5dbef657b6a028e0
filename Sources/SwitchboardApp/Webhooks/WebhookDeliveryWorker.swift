import Foundation
import Logging
import PostgresClient
import ServiceLifecycle
import SwitchboardDomain
import SwitchboardStore
import Synchronization

/// Delivers the webhook outbox: wakes on NOTIFY `switchboard_webhooks` and polls every few
/// seconds besides, so deliveries queued while no worker listened (or while this one was
/// restarting) go out all the same. One per server instance; instances share the work through
/// `FOR UPDATE SKIP LOCKED` claims with a lease.
public struct WebhookDeliveryWorker: Service {
    let outbox: any WebhookOutbox
    let sender: WebhookSender
    let configuration: WebhookConfiguration
    let listenerConfiguration: PostgresConfiguration
    let logger: Logger

    public init(
        outbox: any WebhookOutbox,
        sender: WebhookSender,
        configuration: WebhookConfiguration,
        listenerConfiguration: PostgresConfiguration,
        logger: Logger
    ) {
        self.outbox = outbox
        self.sender = sender
        self.configuration = configuration
        self.listenerConfiguration = listenerConfiguration
        self.logger = logger
    }

    public func run() async throws {
        if configuration.targets.allowAllPrivate {
            logger.warning("SWITCHBOARD_WEBHOOK_ALLOW_PRIVATE=true: webhooks may reach private, loopback and link-local addresses")
        }
        let listener = PostgresListener(
            configuration: listenerConfiguration,
            channels: [PostgresWebhookOutbox.channel],
            logger: logger
        )
        let doorbell = Doorbell()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await listener.run() }
            group.addTask {
                for await _ in listener.events { doorbell.ring() }
            }
            group.addTask {
                var lastPurge: ContinuousClock.Instant?
                while !Task.isCancelled && !Task.isShuttingDownGracefully {
                    await deliverDue()
                    if lastPurge.map({ ContinuousClock.now - $0 > .seconds(3600) }) ?? true, await purgeOldLog() {
                        lastPurge = ContinuousClock.now
                    }
                    await doorbell.wait(upTo: configuration.pollInterval)
                }
                listener.stop()
            }
            await group.waitForAll()
        }
    }

    /// Sends everything due now, organisation by organisation, until nothing is left.
    func deliverDue() async {
        do {
            var rounds = 0
            while !Task.isCancelled && !Task.isShuttingDownGracefully && rounds < 100 {
                rounds += 1
                var sent = 0
                for orgID in try await outbox.organisationsWithDueDeliveries() {
                    let claimed = try await outbox.claim(orgID: orgID, limit: configuration.batchSize, lease: configuration.lease)
                    sent += claimed.count
                    await withTaskGroup(of: Void.self) { group in
                        for delivery in claimed {
                            // Not cancelled with the worker: a delivery under way finishes (within the
                            // request timeout) and is recorded, so stopping never sends it twice.
                            group.addTask { await Task { await deliver(delivery) }.value }
                        }
                    }
                }
                if sent == 0 { return }
            }
        } catch {
            logger.warning("webhook outbox unavailable; trying again", metadata: ["error": "\(type(of: error))"])
        }
    }

    /// Keeps the delivery log to `logRetention`; pending deliveries are never purged. False when
    /// it could not, so the next round tries again.
    @discardableResult
    func purgeOldLog() async -> Bool {
        do {
            let removed = try await outbox.purgeFinished(olderThan: configuration.logRetention)
            if removed > 0 { logger.info("purged old webhook deliveries", metadata: ["count": "\(removed)"]) }
            return true
        } catch {
            logger.warning("could not purge old webhook deliveries", metadata: ["error": "\(type(of: error))"])
            return false
        }
    }

    private func deliver(_ delivery: ClaimedWebhookDelivery) async {
        let outcome = await sender.send(delivery)
        switch outcome {
        case .delivered: break
        case .retry(let code, _, _), .failed(let code, _):
            logger.info(
                "webhook delivery failed",
                metadata: [
                    "delivery": "\(delivery.id)", "attempt": "\(delivery.attempt)", "status": "\(code.map(String.init) ?? "none")",
                ]
            )
        }
        do {
            try await outbox.settle(delivery, outcome: outcome)
        } catch {
            // The lease runs out and the delivery is tried again.
            logger.warning("could not record a webhook outcome", metadata: ["delivery": "\(delivery.id)"])
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
