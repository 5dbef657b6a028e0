import Foundation
import Hummingbird
import SwitchboardDomain

/// Authenticates /api/v1 requests by their API key, applies the key's rate limit and records
/// every use (method, path, status, request id) for the audit log.
struct APIKeyMiddleware: RouterMiddleware {
    typealias Context = SwitchboardRequestContext
    let keys: APIKeyService
    let limiter: RateLimiter
    let usage: APIKeyUsageRecorder

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // Only the Authorization header: a key in a URL would end up in logs and browser history.
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
            throw APIError.missingAPIKey
        }
        let presented = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        guard let key = try await keys.authenticate(presented) else { throw APIError.invalidAPIKey }
        var context = context
        context.apiKey = key
        context.logger[metadataKey: "api_key_id"] = .string(key.id.uuidString.lowercased())
        context.logger[metadataKey: "org_id"] = .string(key.orgID.uuidString.lowercased())
        let started = Date()
        do {
            if let retryAfter = await limiter.consume(key.id.uuidString) {
                throw APIError(
                    .tooManyRequests,
                    code: "rate_limited",
                    message: "This API key made too many requests; retry in \(retryAfter) s.",
                    headers: [.retryAfter: String(retryAfter)]
                )
            }
            let response = try await next(request, context)
            await usage.record(use(of: key, request, context, status: Int(response.status.code), at: started))
            return response
        } catch {
            let status = ErrorMapping.apiError(for: error, requestID: context.requestID).status
            await usage.record(use(of: key, request, context, status: Int(status.code), at: started))
            throw error
        }
    }

    private func use(of key: APIKey, _ request: Request, _ context: Context, status: Int, at: Date) -> APIKeyUse {
        APIKeyUse(
            orgID: key.orgID,
            keyID: key.id,
            at: at,
            method: request.method.rawValue,
            path: String(request.uri.path.prefix(500)),
            status: status,
            requestID: context.requestID
        )
    }
}
