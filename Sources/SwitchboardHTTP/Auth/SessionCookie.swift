import Crypto
import Foundation
import Hummingbird
import SwitchboardDomain

/// The console's session cookie `sb_session` and the short-lived sign-in cookie.
enum SessionCookie {
    static let name = "sb_session"

    /// Secure when the request came over TLS here or at a proxy that says so.
    static func isSecure(_ request: Request) -> Bool {
        request.head.scheme == "https"
            || request.headers[.init("X-Forwarded-Proto")!]?.lowercased().split(separator: ",").first?
                .trimmingCharacters(in: .whitespaces) == "https"
    }

    static func make(token: String, maxAge: Duration, for request: Request) -> Cookie {
        Cookie(
            name: name,
            value: token,
            maxAge: Int(maxAge.components.seconds),
            path: "/",
            secure: isSecure(request),
            httpOnly: true,
            sameSite: .lax
        )
    }

    /// Tells the browser to forget the session.
    static func cleared(for request: Request) -> Cookie {
        Cookie(name: name, value: "", maxAge: 0, path: "/", secure: isSecure(request), httpOnly: true, sameSite: .lax)
    }

    /// The SHA-256 of a session token: all the database ever stores.
    static func hash(_ token: String) -> Data {
        Data(SHA256.hash(data: Data(token.utf8)))
    }

    /// 32 random bytes, base64url.
    static func randomToken() -> String {
        TokenSigner.base64URL(Data(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }))
    }
}

extension APIError {
    /// A cookie-authenticated change came without the session's CSRF token.
    static let csrfFailed = APIError(
        .forbidden,
        code: "csrf_failed",
        message: "This request needs the X-CSRF-Token header from GET /console/api/me; reload the console and try again."
    )
}
