import Foundation
import Hummingbird
import SwitchboardDomain

/// What every /api/v1 handler's context offers: the key the request was made with.
public protocol APIKeyCarrying: RequestContext {
    var apiKey: APIKey { get }
    var requestID: String { get }
}

extension APIKeyCarrying {
    /// The key's organisation: every read and write of the request is scoped to it.
    public var orgID: UUID { apiKey.orgID }

    /// The body as `T`, decoded the API's way (see `APIJSON.decode`).
    func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        try await APIJSON.decode(type, from: request, context: self)
    }
}

/// A request to /api/v1 made with a valid API key: handlers on it cannot run without one.
public struct APIKeyRequestContext: ChildRequestContext, APIKeyCarrying {
    public var coreContext: CoreRequestContextStorage
    public let apiKey: APIKey
    public let requestID: String

    public init(context: SwitchboardRequestContext) throws {
        guard let apiKey = context.apiKey else { throw APIError.missingAPIKey }
        self.coreContext = context.coreContext
        self.apiKey = apiKey
        self.requestID = context.requestID
    }

    /// Bulk knowledge-base uploads may be larger than chat messages.
    public var maxUploadSize: Int { 4 * 1_048_576 }
}

/// Names the scope a `ScopedRequestContext` needs.
public protocol RequiredScope: Sendable {
    static var scope: APIScope { get }
}

/// A request whose key has `Required.scope`. The scope is part of the route, not of the handler:
/// routes registered on a group with this context refuse a key without it (403
/// `insufficient_scope`) before the handler runs, and a handler taking it cannot be registered
/// where the scope is not checked.
public struct ScopedRequestContext<Required: RequiredScope>: ChildRequestContext, APIKeyCarrying {
    public var coreContext: CoreRequestContextStorage
    public let apiKey: APIKey
    public let requestID: String

    public init(context: APIKeyRequestContext) throws {
        guard context.apiKey.allows(Required.scope) else { throw APIError.insufficientScope(Required.scope) }
        self.coreContext = context.coreContext
        self.apiKey = context.apiKey
        self.requestID = context.requestID
    }

    /// Bulk knowledge-base uploads may be larger than chat messages.
    public var maxUploadSize: Int { 4 * 1_048_576 }
}

/// The scopes as route requirements (scopes are independent: `admin` does not imply the others).
public enum ConversationsReadScope: RequiredScope { public static var scope: APIScope { .conversationsRead } }
public enum ConversationsWriteScope: RequiredScope { public static var scope: APIScope { .conversationsWrite } }
public enum KnowledgeBaseWriteScope: RequiredScope { public static var scope: APIScope { .kbWrite } }
public enum AnalyticsReadScope: RequiredScope { public static var scope: APIScope { .analyticsRead } }
public enum AdminScope: RequiredScope { public static var scope: APIScope { .admin } }

/// A request whose key may read conversations.
public typealias ConversationsReadContext = ScopedRequestContext<ConversationsReadScope>
/// A request whose key may post, change modes and set flags.
public typealias ConversationsWriteContext = ScopedRequestContext<ConversationsWriteScope>
/// A request whose key may read and write the knowledge base.
public typealias KnowledgeBaseWriteContext = ScopedRequestContext<KnowledgeBaseWriteScope>
/// A request whose key may read analytics.
public typealias AnalyticsReadContext = ScopedRequestContext<AnalyticsReadScope>
/// A request whose key administers the organisation.
public typealias AdminAPIContext = ScopedRequestContext<AdminScope>

extension APIError {
    /// 403 `insufficient_scope`, naming the scope the key lacks.
    static func insufficientScope(_ scope: APIScope) -> APIError {
        APIError(.forbidden, code: "insufficient_scope", message: "This API key lacks the \(scope.rawValue) scope; create a key that has it.")
    }

    static let missingAPIKey = APIError(
        .unauthorized,
        code: "unauthorized",
        message: "Send an API key as \"Authorization: Bearer sk_live_…\"."
    )
    static let invalidAPIKey = APIError(
        .unauthorized,
        code: "invalid_api_key",
        message: "This API key is unknown or revoked; create a new one in the console."
    )
}
