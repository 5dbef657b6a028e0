import Foundation
import SwitchboardDomain

/// How emails are sent; `serve` reads it from the environment, tests shorten the times.
public struct EmailConfiguration: Sendable {
    /// Which SMTP server addresses are allowed: public ones, unless the operator allows private
    /// ranges (`SWITCHBOARD_SMTP_ALLOW_PRIVATE`, `true` or CIDR networks), as for webhooks.
    public var targets: WebhookTargetRules
    /// Backoff between attempts and when to give up (the webhook schedule, other numbers).
    public var retries: WebhookRetrySchedule
    /// How long a claim holds a row; longer than one SMTP session can take.
    public var lease: Duration
    /// How often the worker looks for due emails without being woken by NOTIFY.
    public var pollInterval: Duration
    /// Emails claimed (and sent concurrently) per organisation and round.
    public var batchSize: Int
    /// How long sent and failed emails stay in the outbox; the worker purges older ones hourly.
    public var retention: Duration
    /// A customer whose widget has not reported for this long has left.
    public var presenceStaleAfter: Duration
    /// How often an instance reports the customers whose socket it holds.
    public var presenceInterval: Duration
    /// Whether this instance runs an email worker (`SWITCHBOARD_EMAIL_DELIVERY=off` to not send).
    public var deliversHere = true
    /// A PEM file of certificate authorities trusted besides the system's, for SMTP servers whose
    /// certificate a private CA signed (`SWITCHBOARD_SMTP_CA_FILE`: an internal mail relay).
    public var extraCertificateAuthorities: String?

    public init(
        targets: WebhookTargetRules = WebhookTargetRules(),
        retries: WebhookRetrySchedule = WebhookRetrySchedule(base: .seconds(30), cap: .seconds(3600), maxAttempts: 8),
        lease: Duration = .seconds(300),
        pollInterval: Duration = .seconds(5),
        batchSize: Int = 10,
        retention: Duration = .seconds(30 * 86_400),
        presenceStaleAfter: Duration = .seconds(90),
        presenceInterval: Duration = .seconds(30)
    ) {
        self.targets = targets
        self.retries = retries
        self.lease = lease
        self.pollInterval = pollInterval
        self.batchSize = max(1, batchSize)
        self.retention = retention
        self.presenceStaleAfter = presenceStaleAfter
        self.presenceInterval = presenceInterval
    }

    /// Reads `SWITCHBOARD_SMTP_ALLOW_PRIVATE`, `SWITCHBOARD_EMAIL_DELIVERY`, `SWITCHBOARD_SMTP_CA_FILE` and, for tests only,
    /// `SWITCHBOARD_EMAIL_RETRY_BASE_SECONDS` (first retry delay, default 30; 0.1 to 3600).
    public init(environment: [String: String]) {
        var retries = WebhookRetrySchedule(base: .seconds(30), cap: .seconds(3600), maxAttempts: 8)
        if let text = environment["SWITCHBOARD_EMAIL_RETRY_BASE_SECONDS"], let seconds = Double(text), (0.1...3600).contains(seconds) {
            retries.base = .milliseconds(Int64(seconds * 1000))
        }
        self.init(targets: WebhookTargetRules(setting: environment["SWITCHBOARD_SMTP_ALLOW_PRIVATE"]), retries: retries)
        deliversHere = !["off", "false", "0", "no"].contains((environment["SWITCHBOARD_EMAIL_DELIVERY"] ?? "").lowercased())
        extraCertificateAuthorities = environment["SWITCHBOARD_SMTP_CA_FILE"].flatMap { $0.isEmpty ? nil : $0 }
    }
}
