import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import TestSupport
import Testing

/// What a webhook receiver got: the headers Switchboard sets and the raw body.
struct ReceivedWebhook: Sendable {
    let signature: String?
    let event: String?
    let delivery: String?
    let body: String

    /// The body as a JSON object.
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]) ?? [:]
    }
    var type: String? { json["type"] as? String }
    var data: [String: Any] { json["data"] as? [String: Any] ?? [:] }
}

/// Everything the receiver was sent, and how it answers: 500 while `failuresLeft` > 0.
actor ReceiverInbox {
    private(set) var received: [ReceivedWebhook] = []
    private(set) var refusedCount = 0
    var failuresLeft = 0

    func failNext(_ count: Int) { failuresLeft = count }

    func receive(_ webhook: ReceivedWebhook) -> HTTPResponse.Status {
        if failuresLeft > 0 {
            failuresLeft -= 1
            refusedCount += 1
            return .internalServerError
        }
        received.append(webhook)
        return .noContent
    }

    /// Waits until a webhook of `type` (matching `predicate`) was accepted.
    func waitFor(
        _ type: String,
        within timeout: Duration = .seconds(15),
        sourceLocation: SourceLocation = #_sourceLocation,
        where predicate: @Sendable (ReceivedWebhook) -> Bool = { _ in true }
    ) async throws -> ReceivedWebhook {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let hit = received.first(where: { $0.type == type && predicate($0) }) { return hit }
            try await Task.sleep(for: .milliseconds(25))
        }
        Issue.record("no \(type) webhook within \(timeout); received \(received.compactMap(\.type))", sourceLocation: sourceLocation)
        throw CancellationError()
    }
}

/// An in-process Hummingbird app on a live loopback port that accepts POST /hooks.
struct WebhookReceiver: Sendable {
    let port: Int
    let inbox: ReceiverInbox
    private let task: Task<Void, any Error>

    var url: String { "http://127.0.0.1:\(port)/hooks" }

    /// Starts listening (on `port`, or any free port for 0) and returns once it accepts connections.
    static func start(port: Int = 0, inbox: ReceiverInbox = ReceiverInbox()) async throws -> WebhookReceiver {
        let router = Router()
        router.post("hooks") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            let status = await inbox.receive(
                ReceivedWebhook(
                    signature: request.headers[HTTPField.Name("Switchboard-Signature")!],
                    event: request.headers[HTTPField.Name("Switchboard-Event")!],
                    delivery: request.headers[HTTPField.Name("Switchboard-Delivery")!],
                    body: String(buffer: body)
                )
            )
            return Response(status: status)
        }
        let (ports, announce) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: port)),
            onServerRunning: { channel in announce.yield(channel.localAddress?.port ?? 0) },
            logger: TestDatabase.quietLogger
        )
        let task = Task { try await app.runService() }
        var iterator = ports.makeAsyncIterator()
        guard let bound = await iterator.next(), bound > 0 else {
            task.cancel()
            throw CancellationError()
        }
        return WebhookReceiver(port: bound, inbox: inbox, task: task)
    }

    private init(port: Int, inbox: ReceiverInbox, task: Task<Void, any Error>) {
        self.port = port
        self.inbox = inbox
        self.task = task
    }

    /// Stops listening; the port refuses connections afterwards.
    func stop() async {
        task.cancel()
        _ = try? await task.value
    }
}
