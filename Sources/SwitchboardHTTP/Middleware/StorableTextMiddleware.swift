import Hummingbird

/// Refuses a request whose path or query decodes to a NUL character (`%00`), which no
/// PostgreSQL text can hold: 422 `invalid_text` before any handler sees it. Bodies get the
/// same check in `JSONRequestBody`.
public struct StorableTextMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if Self.containsEncodedNUL(request.uri.path) || request.uri.query.map(Self.containsEncodedNUL) == true {
            throw APIError(
                .unprocessableContent,
                code: "invalid_text",
                message: "The address contains a NUL character (%00), which cannot be stored or searched for; remove it."
            )
        }
        return try await next(request, context)
    }

    /// True for `%00` anywhere in raw (still percent-encoded) text.
    static func containsEncodedNUL(_ raw: String) -> Bool {
        raw.utf8.count >= 3 && raw.range(of: "%00") != nil
    }
}
