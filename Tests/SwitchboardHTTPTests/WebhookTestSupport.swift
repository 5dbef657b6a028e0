import Crypto
import Foundation
import HummingbirdTesting
import Logging
import SwitchboardDomain
import SwitchboardStore
import TestSupport
import Testing

@testable import SwitchboardApp
@testable import SwitchboardHTTP

extension WebhookConfiguration {
    /// Loopback receivers allowed explicitly, and times short enough for tests.
    static var loopbackForTests: WebhookConfiguration {
        WebhookConfiguration(
            targets: WebhookTargetRules(allowAllPrivate: true),
            retries: WebhookRetrySchedule(base: .milliseconds(200), cap: .milliseconds(800), maxAttempts: 40),
            requestTimeout: .seconds(2),
            lease: .seconds(3),
            pollInterval: .milliseconds(200)
        )
    }
}

/// A delivery worker running in the background, as `serve` runs it, until stopped.
struct RunningWebhookWorker {
    private let task: Task<Void, any Error>

    init(_ worker: WebhookDeliveryWorker) {
        task = Task { try await worker.run() }
    }

    func stop() async {
        task.cancel()
        _ = try? await task.value
    }
}

extension TestSystem {
    /// Starts this instance's webhook delivery worker.
    func startWebhookWorker() -> RunningWebhookWorker {
        RunningWebhookWorker(live.webhooks.worker(listenerConfiguration: pool.configuration, logger: TestDatabase.quietLogger))
    }

    /// The delivery log of a subscription as the admin API reads it.
    func deliveries(of subscriptionID: UUID) async throws -> [WebhookDeliveryRecord] {
        try await live.webhooks.service.deliveries(orgID: orgID, subscriptionID: subscriptionID, limit: 200)
    }

    /// Waits until the log of `subscriptionID` satisfies `predicate`.
    func waitForDeliveries(
        of subscriptionID: UUID,
        within timeout: Duration = .seconds(15),
        sourceLocation: SourceLocation = #_sourceLocation,
        until predicate: ([WebhookDeliveryRecord]) -> Bool
    ) async throws -> [WebhookDeliveryRecord] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let log = try await deliveries(of: subscriptionID)
            if predicate(log) { return log }
            try await Task.sleep(for: .milliseconds(50))
        }
        let log = try await deliveries(of: subscriptionID)
        Issue.record(
            "delivery log never matched: \(log.map { "\($0.eventType) \($0.status) ×\($0.attempts) \($0.lastError ?? "")" })",
            sourceLocation: sourceLocation
        )
        throw CancellationError()
    }
}

/// The admin API's answer to creating a subscription.
struct CreatedWebhookWire: Decodable {
    struct Webhook: Decodable {
        let id: UUID
        let url: String
        let events: [String]
    }
    let webhook: Webhook
    let secret: String
}

extension TestClientProtocol {
    /// Subscribes `url` to `events` through the admin API and returns the id and the one-time secret.
    func subscribe(
        _ url: String,
        to events: [String] = WebhookEventType.allCases.map(\.rawValue),
        as admin: TestSystem.Agent,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> CreatedWebhookWire {
        let response = try await api(.post, "admin/webhooks", as: admin, json: json(["url": url, "events": events]))
        try #require(response.status == .created, "creating a webhook: \(String(buffer: response.body))", sourceLocation: sourceLocation)
        return try decodeWire(CreatedWebhookWire.self, from: response.body)
    }
}

/// Checks `Switchboard-Signature` the way a receiver would, without Switchboard's own code:
/// HMAC-SHA256 over "<t>.<body>" with the secret, hex, compared with v1.
func signatureVerifies(_ webhook: ReceivedWebhook, secret: String, maxAge: TimeInterval = 300) -> Bool {
    guard let header = webhook.signature else { return false }
    var fields: [String: String] = [:]
    for part in header.split(separator: ",") {
        let pair = part.split(separator: "=", maxSplits: 1)
        if pair.count == 2 { fields[String(pair[0])] = String(pair[1]) }
    }
    guard let t = fields["t"], let timestamp = TimeInterval(t), let v1 = fields["v1"],
        abs(Date().timeIntervalSince1970 - timestamp) < maxAge
    else { return false }
    let mac = HMAC<SHA256>.authenticationCode(for: Data("\(t).\(webhook.body)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
    return mac.map { String(format: "%02x", $0) }.joined() == v1
}

/// A database for the webhook delivery tests and one for other delivery tests, apart
/// from every other test's: an outbox worker claims the due rows of every organisation in its
/// database, and a live test system runs every worker (in a shared database they would take
/// other suites' rows from under them).
actor DeliveryTestDatabase {
    enum Purpose: Hashable {
        case webhooks, email
    }

    static let instance = DeliveryTestDatabase()
    private var making: [Purpose: Task<TestDatabaseURLs, any Error>] = [:]

    static func shared(_ purpose: Purpose) async throws -> TestDatabaseURLs {
        try await instance.database(purpose)
    }

    /// Made once per purpose, however many tests ask at the same time.
    private func database(_ purpose: Purpose) async throws -> TestDatabaseURLs {
        if let making = making[purpose] { return try await making.value }
        let task = Task { try await TestDatabase.makeDatabase() }
        making[purpose] = task
        return try await task.value
    }
}
