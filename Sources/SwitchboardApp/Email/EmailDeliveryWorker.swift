import Foundation
import Logging
import PostgresClient
import SwitchboardDomain
import SwitchboardStore

/// Sends the email outbox: wakes on NOTIFY `switchboard_email` and polls besides. At most
/// `batchSize` SMTP sessions per organisation run at once.
public typealias EmailDeliveryWorker = OutboxWorker<EmailCourier>

/// Sends one claimed email through the organisation's SMTP server and decides what came of it.
public struct EmailCourier: OutboxCourier {
    public typealias Outbox = PostgresEmailOutbox

    /// The organisation's SMTP settings (nil when never configured) and the name emails come from.
    public struct Sender: Sendable {
        let settings: EmailSettings?
        let organisationName: String
    }

    let settings: any EmailSettingsRepository
    let organisations: any OrganisationRepository
    let transport: any EmailTransport
    let retries: WebhookRetrySchedule
    let metrics: EmailMetrics

    public func batch(orgID: UUID) async throws -> Sender {
        Sender(settings: try await settings.settings(orgID: orgID), organisationName: try await organisations.find(id: orgID)?.name ?? "")
    }

    public func attempt(_ email: ClaimedEmail, in sender: Sender, logger: Logger) async -> EmailAttemptOutcome {
        let outcome = await outcome(of: email, settings: sender.settings, organisationName: sender.organisationName)
        switch outcome {
        case .sent: metrics.record("sent")
        case .retry: metrics.record("retried")
        case .failed: metrics.record("failed")
        }
        if outcome != .sent {
            logger.info("email not sent", metadata: ["email": "\(email.id)", "attempt": "\(email.attempt)"])
        }
        return outcome
    }

    /// One attempt and its outcome: sent, retried later, or failed for good.
    func outcome(of email: ClaimedEmail, settings: EmailSettings?, organisationName: String) async -> EmailAttemptOutcome {
        guard let settings, settings.enabled else {
            return .failed(error: "email is turned off for this organisation")
        }
        do {
            let message = EmailMessage(recipient: email.recipient, subject: email.subject, body: email.body)
            try await transport.send(message, settings: settings, organisationName: organisationName)
            return .sent
        } catch {
            let failure = error as? EmailTransportError ?? EmailTransportError(transient: true, reason: "sending failed")
            guard failure.transient, let retryAt = retries.retryTime(afterAttempt: email.attempt) else {
                return .failed(error: failure.reason)
            }
            return .retry(error: failure.reason, retryAt: retryAt)
        }
    }
}

extension EmailDeliveryWorker where Courier == EmailCourier {
    init(
        outbox: PostgresEmailOutbox,
        courier: EmailCourier,
        configuration: EmailConfiguration,
        listenerConfiguration: PostgresConfiguration,
        logger: Logger
    ) {
        self.init(
            outbox: outbox,
            courier: courier,
            channel: PostgresEmailOutbox.channel,
            schedule: OutboxSchedule(
                pollInterval: configuration.pollInterval,
                batchSize: configuration.batchSize,
                lease: configuration.lease,
                retention: configuration.retention
            ),
            listenerConfiguration: listenerConfiguration,
            logger: logger
        )
    }
}
