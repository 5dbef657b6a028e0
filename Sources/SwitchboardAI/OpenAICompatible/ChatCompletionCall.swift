import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// One streamed chat completions request: sends the messages, reads the SSE body into `text`,
/// and fails with a `ProviderFailure` on any HTTP, stream or timing problem. Cancelling the
/// calling task cancels the HTTP request.
struct ChatCompletionCall: Sendable {
    let client: HTTPClient
    let configuration: OpenAICompatibleConfiguration
    let logger: Logger

    /// Token counts the provider reported, when it did.
    struct Usage: Equatable {
        var prompt: Int
        var completion: Int
    }

    /// Runs the request; text is added to `text` as it arrives and passed to `show` when it may be shown.
    /// Returns the usage once `[DONE]` arrives.
    func run(
        _ messages: [CompletionMessage],
        deadline: ContinuousClock.Instant,
        text: StreamedAnswerText,
        show: @escaping @Sendable (String) -> Void
    ) async throws -> Usage? {
        let request = try makeRequest(messages, deadline: deadline)
        let firstTokenTimeout = configuration.firstTokenTimeout
        return try await withThrowingTaskGroup(of: Usage?.self) { group in
            group.addTask { try await self.read(request, deadline: deadline, text: text, show: show) }
            group.addTask {
                // The watchdog: no text within the first-token timeout, or no end by the deadline.
                try await Task.sleep(for: firstTokenTimeout)
                if text.firstTokenAt == nil { throw ProviderFailure.noFirstToken }
                try await Task.sleep(until: deadline, clock: .continuous)
                throw ProviderFailure.tooSlow
            }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
    }

    func makeRequest(_ messages: [CompletionMessage], deadline: ContinuousClock.Instant) throws -> HTTPClientRequest {
        var request = HTTPClientRequest(url: configuration.completionsURL)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "text/event-stream")
        if let key = configuration.apiKey, !key.isEmpty {
            switch configuration.keyHeader {
            case .bearer: request.headers.add(name: "Authorization", value: "Bearer \(key)")
            case .azureAPIKey: request.headers.add(name: "api-key", value: key)
            }
        }
        let body = RequestBody(
            model: configuration.model,
            messages: messages,
            stream: true,
            max_tokens: configuration.maxTokens,
            temperature: 0,
            stream_options: configuration.requestUsage ? .init(include_usage: true) : nil
        )
        request.body = .bytes(ByteBuffer(bytes: try JSONEncoder().encode(body)))
        return request
    }

    private struct RequestBody: Encodable {
        struct StreamOptions: Encodable { var include_usage: Bool }
        var model: String
        var messages: [CompletionMessage]
        var stream: Bool
        var max_tokens: Int
        var temperature: Double
        var stream_options: StreamOptions?
    }

    private func read(
        _ request: HTTPClientRequest,
        deadline: ContinuousClock.Instant,
        text: StreamedAnswerText,
        show: @Sendable (String) -> Void
    ) async throws -> Usage? {
        let remaining = ContinuousClock.now.duration(to: deadline)
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, deadline: .now() + .nanoseconds(max(0, remaining.nanoseconds)), logger: logger)
        } catch {
            try Task.checkCancellation()
            if let error = error as? HTTPClientError, error == .deadlineExceeded { throw ProviderFailure.tooSlow }
            throw ProviderFailure.unreachable
        }
        switch response.status.code {
        case 200..<300:
            break
        case 429:
            throw ProviderFailure.rateLimited(retryAfter: RetryAfter.parse(response.headers.first(name: "Retry-After")))
        case 500..<600:
            throw ProviderFailure.serverError(status: Int(response.status.code))
        default:
            throw ProviderFailure.rejected(status: Int(response.status.code))
        }
        var parser = ServerSentEventParser()
        var usage: Usage?
        do {
            for try await buffer in response.body {
                for event in parser.feed(buffer) {
                    for item in CompletionChunk.decode(event) {
                        switch item {
                        case .text(let delta):
                            if let shown = text.receive(delta) { show(shown) }
                        case .usage(let prompt, let completion):
                            usage = Usage(prompt: prompt, completion: completion)
                        case .failure(let message):
                            logger.warning("AI provider sent an error event", metadata: ["provider_message": "\(message.prefix(200))"])
                            throw ProviderFailure.streamError
                        case .done:
                            return usage
                        }
                    }
                }
            }
        } catch let failure as ProviderFailure {
            throw failure
        } catch {
            try Task.checkCancellation()
            throw ProviderFailure.streamCut
        }
        throw ProviderFailure.streamCut
    }
}
