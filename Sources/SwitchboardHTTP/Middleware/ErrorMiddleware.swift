import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import SwitchboardDomain

/// Turns every error into `{"error": {"code", "message"}}` and logs it once.
///
/// Domain errors keep their code and message; Hummingbird's own errors (unknown route, body
/// too large, undecodable JSON) get a code from their status; anything else becomes a 500
/// whose message names only the request id, never SQL, parameters or stack traces. On the
/// WebSocket router it answers plain GETs of a socket's address the same way (an upgrade that
/// is refused gets Hummingbird's bare 400 whatever the error).
public struct ErrorMiddleware<Context: EdgeRequestContext>: RouterMiddleware {
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let apiError = ErrorMapping.apiError(for: error, requestID: context.requestID)
            let metadata: Logger.Metadata = [
                "status": "\(apiError.status.code)", "code": "\(apiError.code)",
                "method": "\(request.method)", "path": "\(request.uri.path)",
            ]
            if apiError.status.code >= 500 {
                context.logger.error("request failed", metadata: metadata.merging(["error": "\(error)"]) { $1 })
            } else {
                context.logger.info("request refused", metadata: metadata.merging(["message": "\(apiError.message)"]) { $1 })
            }
            var response = try apiError.response(from: request, context: context)
            response.headers[.requestID] = context.requestID
            return response
        }
    }
}

/// How an error becomes `{"error": {"code", "message"}}`, for `ErrorMiddleware` and the few
/// middlewares that answer before it.
enum ErrorMapping {
    static func apiError(for error: any Error, requestID: String) -> APIError {
        if let convertible = error as? any DomainErrorConvertible, let domainError = convertible.domainError {
            return apiError(for: domainError)
        }
        switch error {
        case let error as APIError:
            return error
        case let error as any DomainError:
            return apiError(for: error)
        case let error as HTTPError:
            return APIError(
                error.status,
                code: code(for: error.status),
                message: error.body ?? defaultMessage(for: error.status),
                headers: error.headers
            )
        case is NIOTooManyBytesError:
            return APIError(.contentTooLarge, code: "payload_too_large", message: "The request body is larger than this endpoint accepts; send less.")
        case is DecodingError:
            return APIError(
                .unprocessableContent,
                code: "invalid_body",
                message: "The request body is not the JSON this endpoint expects."
            )
        default:
            return APIError(
                .internalServerError,
                code: "internal_error",
                message: "Something went wrong on our side. Quote request id \(requestID) if you contact support."
            )
        }
    }

    /// A domain error's response; "unavailable" tells clients when to retry.
    static func apiError(for error: any DomainError) -> APIError {
        var apiError = APIError(error)
        if error.kind == .unavailable, apiError.headers[.retryAfter] == nil {
            apiError.headers[.retryAfter] = "\(unavailableRetryAfterSeconds)"
        }
        return apiError
    }

    /// What a 503 asks clients to wait: a PostgreSQL restart or failover takes seconds.
    static let unavailableRetryAfterSeconds = 2

    static func code(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: "bad_request"
        case 401: "unauthorized"
        case 403: "forbidden"
        case 404: "not_found"
        case 405: "method_not_allowed"
        case 409: "conflict"
        case 413: "payload_too_large"
        case 415: "unsupported_media_type"
        case 422: "invalid_body"
        case 429: "rate_limited"
        default: status.code >= 500 ? "internal_error" : "bad_request"
        }
    }

    static func defaultMessage(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 404: "There is nothing at this address."
        case 405: "This address does not accept that method."
        case 413: "The request body is too large."
        default: status.reasonPhrase
        }
    }
}
