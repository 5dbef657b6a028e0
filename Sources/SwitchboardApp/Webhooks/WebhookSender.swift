import AsyncHTTPClient
import Foundation
import NIOCore
import SwitchboardDomain

/// Sends one claimed delivery: checks the target's addresses again (DNS may have changed since
/// the subscription was created), connects to the address it checked, POSTs the signed body and
/// says what came of it. Redirects are not followed: a receiver answering 3xx has failed.
public struct WebhookSender: Sendable {
    let configuration: WebhookConfiguration
    let secrets: WebhookSecretBox

    public init(configuration: WebhookConfiguration, secrets: WebhookSecretBox) {
        self.configuration = configuration
        self.secrets = secrets
    }

    /// The outcome of this attempt, with the retry time decided by the schedule.
    public func send(_ delivery: ClaimedWebhookDelivery, now: Date = Date()) async -> WebhookAttemptOutcome {
        let secret: String
        do {
            secret = try secrets.open(delivery.sealedSecret)
        } catch {
            // Retrying cannot help: the subscription must be created again.
            return .failed(statusCode: nil, error: "\(error)")
        }
        let statusCode: Int
        do {
            statusCode = try await post(delivery, secret: secret, timestamp: Int(now.timeIntervalSince1970))
        } catch let error as any DomainError {
            return outcome(afterFailureOf: delivery, statusCode: nil, error: error.message)
        } catch {
            return outcome(afterFailureOf: delivery, statusCode: nil, error: Self.describe(error))
        }
        if (200..<300).contains(statusCode) { return .delivered(statusCode: statusCode) }
        return outcome(afterFailureOf: delivery, statusCode: statusCode, error: "the receiver answered \(statusCode)")
    }

    func outcome(afterFailureOf delivery: ClaimedWebhookDelivery, statusCode: Int?, error: String) -> WebhookAttemptOutcome {
        guard let retryAt = configuration.retries.retryTime(afterAttempt: delivery.attempt) else {
            return .failed(statusCode: statusCode, error: error)
        }
        return .retry(statusCode: statusCode, error: error, retryAt: retryAt)
    }

    /// POSTs the body and returns the status code.
    private func post(_ delivery: ClaimedWebhookDelivery, secret: String, timestamp: Int) async throws -> Int {
        guard let url = URL(string: delivery.url), let host = url.host else { throw WebhookErrors.invalidURL }
        let addresses = try await configuration.targets.resolve(url, timeout: configuration.requestTimeout)
        var clientConfiguration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: Self.amount(configuration.requestTimeout), read: Self.amount(configuration.requestTimeout))
        )
        // Connect to the address just checked, so a second DNS answer cannot point elsewhere;
        // TLS still verifies the certificate for the host name.
        let bareHost = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        if IPAddress(bareHost) == nil, let pinned = addresses.first {
            clientConfiguration.dnsOverride = [bareHost: pinned.description]
        }
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: clientConfiguration)
        do {
            var request = HTTPClientRequest(url: delivery.url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "User-Agent", value: "Switchboard-Webhooks/1")
            request.headers.add(name: "Switchboard-Event", value: delivery.eventType)
            request.headers.add(name: "Switchboard-Delivery", value: delivery.id.uuidString.lowercased())
            request.headers.add(
                name: "Switchboard-Signature",
                value: WebhookSignature.header(secret: secret, timestamp: timestamp, body: delivery.payload)
            )
            request.body = .bytes(ByteBuffer(string: delivery.payload))
            let response = try await client.execute(request, timeout: Self.amount(configuration.requestTimeout))
            // Read (and drop) a little of the answer so the connection closes cleanly.
            _ = try? await response.body.collect(upTo: 64 * 1024)
            try? await client.shutdown()
            return Int(response.status.code)
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    static func amount(_ duration: Duration) -> TimeAmount {
        .milliseconds(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
    }

    /// A short reason for the delivery log: the kind of failure, never a body or a secret.
    static func describe(_ error: any Error) -> String {
        if error is CancellationError { return "the worker stopped before the receiver answered" }
        if let client = error as? HTTPClientError {
            switch client {
            case .deadlineExceeded, .readTimeout, .connectTimeout: return "the receiver did not answer in time"
            case .remoteConnectionClosed: return "the receiver closed the connection"
            default: return "HTTP client error: \(String(describing: client).prefix(120))"
            }
        }
        return "could not connect: \(String(describing: error).prefix(160))"
    }
}
