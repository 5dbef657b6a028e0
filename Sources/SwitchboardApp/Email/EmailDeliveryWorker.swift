import Foundation
import Logging
import PostgresClient
import ServiceLifecycle
import SwitchboardDomain
import SwitchboardStore

/// Sends the email outbox: wakes on NOTIFY `switchboard_email` and polls every few seconds
/// besides. One per server instance; instances share the work through `FOR UPDATE SKIP LOCKED`
/// claims with a lease. At most `batchSize` sessions per organisation run at once.
public struct EmailDeliveryWorker: Service {
    let outbox: any EmailOutbox
    let settings: any EmailSettingsRepository
    let organisations: any OrganisationRepository
    let transport: any EmailTransport
    let configuration: EmailConfiguration
    let listenerConfiguration: PostgresConfiguration
    let metrics: EmailMetrics
    let logger: Logger

    init(
        outbox: any EmailOutbox,
        settings: any EmailSettingsRepository,
        organisations: any OrganisationRepository,
        transport: any EmailTransport,
        configuration: EmailConfiguration,
        listenerConfiguration: PostgresConfiguration,
        metrics: EmailMetrics = EmailMetrics(),
        logger: Logger
    ) {
        self.outbox = outbox
        self.settings = settings
        self.organisations = organisations
        self.transport = transport
        self.configuration = configuration
        self.listenerConfiguration = listenerConfiguration
        self.metrics = metrics
        self.logger = logger
    }

    public func run() async throws {
        let listener = PostgresListener(configuration: listenerConfiguration, channels: [PostgresEmailOutbox.channel], logger: logger)
        let doorbell = Doorbell()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await listener.run() }
            group.addTask {
                for await _ in listener.events { doorbell.ring() }
            }
            group.addTask {
                var lastPurge: ContinuousClock.Instant?
                while !Task.isCancelled && !Task.isShuttingDownGracefully {
                    await sendDue()
                    if lastPurge.map({ ContinuousClock.now - $0 > .seconds(3600) }) ?? true, await purgeOld() {
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
    func sendDue() async {
        do {
            var rounds = 0
            while !Task.isCancelled && !Task.isShuttingDownGracefully && rounds < 100 {
                rounds += 1
                var claimedAny = false
                for orgID in try await outbox.organisationsWithDueEmails() {
                    let claimed = try await outbox.claim(orgID: orgID, limit: configuration.batchSize, lease: configuration.lease)
                    guard !claimed.isEmpty else { continue }
                    claimedAny = true
                    let server = try await settings.settings(orgID: orgID)
                    let name = try await organisations.find(id: orgID)?.name ?? ""
                    await withTaskGroup(of: Void.self) { group in
                        for email in claimed {
                            // Not cancelled with the worker: a session under way finishes and is recorded.
                            group.addTask { await Task { await send(email, settings: server, organisationName: name) }.value }
                        }
                    }
                }
                if !claimedAny { return }
            }
        } catch {
            logger.warning("email outbox unavailable; trying again", metadata: ["error": "\(type(of: error))"])
        }
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
            guard failure.transient, let delay = configuration.retries.delay(afterAttempt: email.attempt) else {
                return .failed(error: failure.reason)
            }
            let seconds = Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18
            return .retry(error: failure.reason, retryAt: Date().addingTimeInterval(seconds))
        }
    }

    private func send(_ email: ClaimedEmail, settings: EmailSettings?, organisationName: String) async {
        let outcome = await outcome(of: email, settings: settings, organisationName: organisationName)
        switch outcome {
        case .sent: metrics.record("sent")
        case .retry: metrics.record("retried")
        case .failed: metrics.record("failed")
        }
        if case .sent = outcome {
        } else {
            logger.info("email not sent", metadata: ["email": "\(email.id)", "attempt": "\(email.attempt)"])
        }
        do {
            try await outbox.settle(email, outcome: outcome)
        } catch {
            // The lease runs out and the email is tried again.
            logger.warning("could not record an email outcome", metadata: ["email": "\(email.id)"])
        }
    }

    /// Keeps the outbox to `retention`; pending emails are never purged.
    @discardableResult
    func purgeOld() async -> Bool {
        do {
            let removed = try await outbox.purgeFinished(olderThan: configuration.retention)
            if removed > 0 { logger.info("purged old emails", metadata: ["count": "\(removed)"]) }
            return true
        } catch {
            logger.warning("could not purge old emails", metadata: ["error": "\(type(of: error))"])
            return false
        }
    }
}
