import Foundation
import Logging
import PostgresClient
import SwitchboardDomain
import SwitchboardStore

/// The webhook object graph over one pool: the administrators' service and the delivery worker,
/// sharing one configuration and one secret box.
public struct WebhookSetup: Sendable {
    public let configuration: WebhookConfiguration
    public let service: WebhookService
    let outbox: PostgresWebhookOutbox
    let sender: WebhookSender

    init(_ stores: Repositories, secret: String, configuration: WebhookConfiguration) {
        let secrets = WebhookSecretBox(secret: secret)
        self.configuration = configuration
        self.service = WebhookService(webhooks: stores.webhooks, targets: configuration.targets, sealer: secrets)
        self.outbox = stores.webhookOutbox
        self.sender = WebhookSender(configuration: configuration, secrets: secrets)
    }

    /// A delivery worker listening on its own connection; `serve` runs one per instance.
    public func worker(listenerConfiguration: PostgresConfiguration, logger: Logger) -> WebhookDeliveryWorker {
        WebhookDeliveryWorker(outbox: outbox, sender: sender, listenerConfiguration: listenerConfiguration, logger: logger)
    }
}
