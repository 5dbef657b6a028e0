import HTTPTypes
import Hummingbird

/// Lets widget pages on other sites read every widget response, errors included.
///
/// Echoing the origin grants nothing by itself: each widget request checks the page's origin
/// against its organisation's allowed list and refuses others with 403 before touching data.
struct WidgetCORSMiddleware: RouterMiddleware {
    typealias Context = SwitchboardRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let cors = OriginPolicy.corsHeaders(origin: request.headers[.origin])
        do {
            var response = try await next(request, context)
            response.headers.append(contentsOf: cors)
            return response
        } catch {
            var apiError = ErrorMapping.apiError(for: error, requestID: context.requestID)
            // Server errors keep their original error, so the error middleware logs the cause.
            guard apiError.status.code < 500 else { throw error }
            apiError.headers.append(contentsOf: cors)
            throw apiError
        }
    }
}

/// Answers CORS preflights for the widget API before routing (routes only know GET and POST).
struct WidgetPreflightMiddleware: RouterMiddleware {
    typealias Context = SwitchboardRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .options, request.uri.path.hasPrefix("/widget/v1/") else {
            return try await next(request, context)
        }
        // Preflight only lets the browser ask; every real request checks its organisation's origins.
        var headers = OriginPolicy.corsHeaders(origin: request.headers[.origin])
        headers[.accessControlAllowMethods] = "GET, POST"
        headers[.accessControlAllowHeaders] = "Authorization, Content-Type"
        headers[.accessControlMaxAge] = "600"
        return Response(status: .noContent, headers: headers)
    }
}
