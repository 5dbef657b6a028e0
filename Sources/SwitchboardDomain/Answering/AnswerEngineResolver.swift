import Foundation

/// Which answer engine answers an organisation's customers. Whatever answers a customer's message
/// (and a run of the test plan, which must behave the same) asks this seam, so an organisation's
/// own engine choice reaches both.
public protocol AnswerEngineResolver: Sendable {
    func engine(for orgID: UUID) async throws -> any AnswerEngine
}

/// One engine for every organisation (the built-in engine, or a test's).
public struct SingleAnswerEngine: AnswerEngineResolver {
    private let answerEngine: any AnswerEngine

    public init(_ engine: any AnswerEngine) {
        self.answerEngine = engine
    }

    public func engine(for orgID: UUID) async throws -> any AnswerEngine {
        answerEngine
    }
}
