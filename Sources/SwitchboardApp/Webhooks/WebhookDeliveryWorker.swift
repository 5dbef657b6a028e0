import Foundation
import Logging
import PostgresClient
import SwitchboardDomain
import SwitchboardStore

/// Delivers the webhook outbox: wakes on NOTIFY `switchboard_webhooks` and polls besides.
public typealias WebhookDeliveryWorker = OutboxWorker<WebhookSender>

extension WebhookSender: OutboxCourier {
    public typealias Outbox = PostgresWebhookOutbox

    /// Deliveries need nothing of their organisation beyond the claimed row.
    public func batch(orgID: UUID) async throws {}

    public func attempt(_ delivery: ClaimedWebhookDelivery, in batch: Void, logger: Logger) async -> WebhookAttemptOutcome {
        let outcome = await send(delivery)
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
        return outcome
    }
}

extension WebhookDeliveryWorker where Courier == WebhookSender {
    init(outbox: PostgresWebhookOutbox, sender: WebhookSender, listenerConfiguration: PostgresConfiguration, logger: Logger) {
        let configuration = sender.configuration
        if configuration.targets.allowAllPrivate {
            logger.warning("SWITCHBOARD_WEBHOOK_ALLOW_PRIVATE=true: webhooks may reach private, loopback and link-local addresses")
        }
        self.init(
            outbox: outbox,
            courier: sender,
            channel: PostgresWebhookOutbox.channel,
            schedule: OutboxSchedule(
                pollInterval: configuration.pollInterval,
                batchSize: configuration.batchSize,
                lease: configuration.lease,
                retention: configuration.logRetention
            ),
            listenerConfiguration: listenerConfiguration,
            logger: logger
        )
    }
}
