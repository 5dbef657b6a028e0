import Foundation
import SwitchboardDomain

/// How webhooks are delivered; `serve` reads it from the environment, tests shorten the times.
public struct WebhookConfiguration: Sendable {
    /// Which target addresses are allowed (SSRF); private ranges are refused by default.
    public var targets: WebhookTargetRules
    public var retries: WebhookRetrySchedule
    /// How long a receiver has to answer one delivery.
    public var requestTimeout: Duration
    /// How long a claim holds a row; longer than `requestTimeout`, so only a dead worker loses it.
    public var lease: Duration
    /// How often the worker looks for due deliveries without being woken by NOTIFY.
    public var pollInterval: Duration
    /// Deliveries claimed (and sent concurrently) per organisation and round.
    public var batchSize: Int
    /// How long delivered and failed deliveries stay in the log; the worker purges older ones hourly.
    public var logRetention: Duration
    /// Whether this instance runs a delivery worker (`SWITCHBOARD_WEBHOOK_DELIVERY=off` for
    /// instances that must not send, such as API-only nodes or ones without egress).
    public var deliversHere = true

    public init(
        targets: WebhookTargetRules = WebhookTargetRules(),
        retries: WebhookRetrySchedule = WebhookRetrySchedule(),
        requestTimeout: Duration = .seconds(10),
        lease: Duration = .seconds(60),
        pollInterval: Duration = .seconds(5),
        batchSize: Int = 20,
        logRetention: Duration = .seconds(30 * 86_400)
    ) {
        self.targets = targets
        self.retries = retries
        self.requestTimeout = requestTimeout
        self.lease = lease
        self.pollInterval = pollInterval
        self.batchSize = max(1, batchSize)
        self.logRetention = logRetention
    }

    /// Reads `SWITCHBOARD_WEBHOOK_ALLOW_PRIVATE` (`true` or CIDR networks) and, for tests only,
    /// `SWITCHBOARD_WEBHOOK_RETRY_BASE_SECONDS` (the first retry delay, default 10; 0.1 to 3600).
    public init(environment: [String: String]) {
        var retries = WebhookRetrySchedule()
        if let text = environment["SWITCHBOARD_WEBHOOK_RETRY_BASE_SECONDS"], let seconds = Double(text), (0.1...3600).contains(seconds) {
            retries.base = .milliseconds(Int64(seconds * 1000))
        }
        self.init(targets: WebhookTargetRules(setting: environment["SWITCHBOARD_WEBHOOK_ALLOW_PRIVATE"]), retries: retries)
        deliversHere = !["off", "false", "0", "no"].contains((environment["SWITCHBOARD_WEBHOOK_DELIVERY"] ?? "").lowercased())
    }
}
