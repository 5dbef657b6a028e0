import Foundation

/// What an engine decided before it says anything: answer from these articles, admit it is not
/// sure, or hand the customer to a person.
public enum AnswerDecision: Sendable, Equatable {
    /// The engine will answer from `articles` (best first); `confidence` is the retrieval score.
    case answer(articles: [ArticleReference], confidence: Double)
    /// No article is good enough; no provider is asked.
    case notSure(confidence: Double)
    /// The customer needs a person; no provider is asked.
    case handOff
}

/// One step of an answer in the making. A stream carries `decided` first, then any number of
/// `delta`s (and `retracted`), and ends with exactly one `finished` unless it throws.
public enum AnswerEvent: Sendable, Equatable {
    /// The engine's decision; streamed text may still end as `.notSure` (an answer that cites no
    /// passage it was given), so only `finished` is authoritative.
    case decided(AnswerDecision)
    /// More answer text, for display only: transient, never stored.
    case delta(String)
    /// Every `delta` so far is void (the provider failed or cited nothing); whatever follows replaces it.
    case retracted
    /// The complete answer, the only thing to store.
    case finished(Answer)
}

/// An answer in the making, as `AnswerEngine.stream(_:)` produces it.
public typealias AnswerStream = AsyncThrowingStream<AnswerEvent, any Error>

extension AnswerEngine {
    /// An engine that cannot stream decides and speaks at once: its decision, its whole body as
    /// one delta, then the answer.
    public func stream(_ request: AnswerRequest) -> AnswerStream {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    let answer = try await self.answer(request)
                    switch answer {
                    case .answered(let body, let articles, let confidence):
                        continuation.yield(.decided(.answer(articles: articles, confidence: confidence)))
                        continuation.yield(.delta(body))
                    case .notSure(_, let confidence):
                        continuation.yield(.decided(.notSure(confidence: confidence)))
                    }
                    continuation.yield(.finished(answer))
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}

extension AnswerStream {
    /// The `finished` answer, ignoring the transient events; throws when the stream ends without one.
    public func finalAnswer() async throws -> Answer {
        for try await event in self {
            if case .finished(let answer) = event { return answer }
        }
        try Task.checkCancellation()
        throw AnswerStreamError.endedWithoutAnswer
    }
}

/// A stream that ended without its `finished` event.
public enum AnswerStreamError: Error, Equatable {
    case endedWithoutAnswer
}
