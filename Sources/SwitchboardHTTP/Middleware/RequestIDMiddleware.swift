import HTTPTypes
import Hummingbird
import Logging
import SwitchboardDomain

/// Gives every request an id (the caller's `X-Request-Id` when it is sane), puts it on every
/// log line of the request and echoes it in the response; on plain requests and WebSocket
/// upgrades alike.
public struct RequestIDMiddleware<Context: EdgeRequestContext>: RouterMiddleware {
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let incoming = request.headers[.requestID], RequestIDs.isAcceptable(incoming) {
            context.requestID = incoming
        }
        context.logger[metadataKey: "request_id"] = .string(context.requestID)
        context.logger[metadataKey: "hb.request.id"] = nil
        let scoped = context
        do {
            // Every log line written while the request runs (the database pool's too) names it.
            var response = try await LogScope.$requestID.withValue(context.requestID) { try await next(request, scoped) }
            response.headers[.requestID] = context.requestID
            return response
        } catch var error as APIError {
            error.headers[.requestID] = context.requestID
            throw error
        }
    }
}

/// Which caller-sent request ids are kept.
enum RequestIDs {
    /// Up to 128 characters of letters, digits, `-`, `_` and `.`: anything else is replaced.
    static func isAcceptable(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 128
            && id.unicodeScalars.allSatisfy {
                $0.properties.isASCIIHexDigit || ("a"..."z").contains($0) || ("A"..."Z").contains($0) || "-_.".unicodeScalars.contains($0)
            }

    }
}

extension HTTPField.Name {
    /// `X-Request-Id`.
    public static let requestID = Self("X-Request-Id")!
}
