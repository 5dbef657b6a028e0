import Foundation
import Logging
import PostgresClient
import SwitchboardDomain
import SwitchboardHTTP

/// The email object graph over one pool: the settings and outbox services the console and REST
/// use, the SMTP transport, and the delivery worker and presence heartbeat `serve` runs.
public struct EmailSetup: Sendable {
    public let configuration: EmailConfiguration
    public let settings: EmailSettingsService
    public let service: EmailService
    let stores: Repositories
    let transport: any EmailTransport

    init(_ stores: Repositories, secret: String, configuration: EmailConfiguration, logger: Logger) {
        let passwords = EmailPasswordBox(secret: secret)
        let transport = SMTPEmailTransport(
            client: SMTPClient(extraCertificateAuthorities: configuration.extraCertificateAuthorities),
            targets: configuration.targets,
            passwords: passwords
        )
        self.configuration = configuration
        self.stores = stores
        self.transport = transport
        self.settings = EmailSettingsService(settings: stores.emailSettings, sealer: passwords)
        self.service = EmailService(
            settings: stores.emailSettings,
            outbox: stores.emailOutbox,
            presence: stores.customerPresence,
            conversations: stores.conversations,
            organisations: stores.organisations,
            transport: transport,
            presenceStaleAfter: configuration.presenceStaleAfter,
            logger: logger
        )
    }

    /// A delivery worker listening on its own connection; `serve` runs one per instance.
    public func worker(listenerConfiguration: PostgresConfiguration, logger: Logger) -> EmailDeliveryWorker {
        EmailDeliveryWorker(
            outbox: stores.emailOutbox,
            courier: EmailCourier(
                settings: stores.emailSettings,
                organisations: stores.organisations,
                transport: transport,
                retries: configuration.retries,
                metrics: EmailMetrics()
            ),
            configuration: configuration,
            listenerConfiguration: listenerConfiguration,
            logger: logger
        )
    }

    /// Reports the customers whose widget socket `hub` holds.
    public func presenceHeartbeat(hub: RealtimeHub, logger: Logger) -> CustomerPresenceHeartbeat {
        CustomerPresenceHeartbeat(hub: hub, presence: stores.customerPresence, interval: configuration.presenceInterval, logger: logger)
    }
}
