import Foundation
import Hummingbird
import SwitchboardDomain

/// A request to /api/v1 made with a valid API key: handlers on it cannot run without one.
public struct APIKeyRequestContext: ChildRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let apiKey: APIKey
    public let requestID: String

    public init(context: SwitchboardRequestContext) throws {
        guard let apiKey = context.apiKey else { throw APIError.missingAPIKey }
        self.coreContext = context.coreContext
        self.apiKey = apiKey
        self.requestID = context.requestID
    }

    /// The key's organisation: every read and write of the request is scoped to it.
    public var orgID: UUID { apiKey.orgID }

    /// Bulk knowledge-base uploads may be larger than chat messages.
    public var maxUploadSize: Int { 4 * 1_048_576 }

    /// Refuses (403 `insufficient_scope`) unless the key has `scope`.
    public func require(scope: APIScope) throws {
        guard apiKey.allows(scope) else {
            throw APIError(
                .forbidden,
                code: "insufficient_scope",
                message: "This API key lacks the \(scope.rawValue) scope; create a key that has it."
            )
        }
    }
}

extension APIError {
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
