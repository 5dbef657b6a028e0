import Foundation
import SwitchboardDomain

/// The engine each organisation's customers are answered by. For now every organisation has the
/// built-in engine.
///
/// Where the per-organisation choice plugs in: once organisations can configure the
/// OpenAI-compatible engine (its settings read per organisation, as `AnsweringService` will),
/// `engine(for:)` reads them here and returns an `OpenAICompatibleEngine` that falls back to
/// `builtIn`; the test plan runner and anything else resolving through this type then follow.
public struct OrganisationAnswerEngines: AnswerEngineResolver {
    public let builtIn: KnowledgeBaseEngine

    public init(builtIn: KnowledgeBaseEngine) {
        self.builtIn = builtIn
    }

    public func engine(for orgID: UUID) async throws -> any AnswerEngine {
        builtIn
    }
}
