import Hummingbird

extension Request {
    /// The `Authorization: Bearer …` token, or the `token` query parameter (WebSockets cannot set headers).
    var bearerToken: String? {
        if let header = headers[.authorization], header.lowercased().hasPrefix("bearer ") {
            return String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        }
        return uri.queryParameters["token"].map(String.init)
    }
}

extension APIError {
    static let unauthorized = APIError(
        .unauthorized,
        code: "unauthorized",
        message: "Sign in again: the token is missing, invalid or expired."
    )
}
