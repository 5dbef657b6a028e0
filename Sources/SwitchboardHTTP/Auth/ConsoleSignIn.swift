import Foundation
import Hummingbird
import SwitchboardDomain

/// Everything console sign-in needs: accounts, sessions, the organisations' providers, and
/// the development sign-in switch (on only for `serve --dev-sign-in` on the embedded demo).
public struct ConsoleSignIn: Sendable {
    public var accounts: any AgentAccountRepository
    public var sessions: any WebSessionRepository
    public var singleSignOn: any SingleSignOnRepository
    public var flow: AuthorizationCodeFlow
    public var secrets: ClientSecretBox
    public var policy: WebSessionPolicy
    /// Sign-in attempts (start, callback, development sign-in) per IP address.
    public var attempts: RateLimiter
    public var devSignInEnabled: Bool
    /// The server's external URL (`SWITCHBOARD_PUBLIC_URL`) for the redirect URI; else the request's host.
    public var publicURL: String?

    public init(
        accounts: any AgentAccountRepository,
        sessions: any WebSessionRepository,
        singleSignOn: any SingleSignOnRepository,
        flow: AuthorizationCodeFlow,
        secrets: ClientSecretBox,
        policy: WebSessionPolicy = WebSessionPolicy(),
        attempts: RateLimiter = RateLimiter(limit: 20, per: .seconds(60)),
        devSignInEnabled: Bool = false,
        publicURL: String? = nil
    ) {
        self.accounts = accounts
        self.sessions = sessions
        self.singleSignOn = singleSignOn
        self.flow = flow
        self.secrets = secrets
        self.policy = policy
        self.attempts = attempts
        self.devSignInEnabled = devSignInEnabled
        self.publicURL = publicURL
    }

    /// Starts a session for the agent; the cookie carries the token, the database its hash.
    func openSession(for account: AgentAccount, request: Request) async throws -> (WebSession, Cookie) {
        let token = SessionCookie.randomToken()
        let session = try await sessions.create(
            orgID: account.orgID,
            agentID: account.id,
            tokenHash: SessionCookie.hash(token),
            csrfToken: SessionCookie.randomToken(),
            userAgent: request.headers[.userAgent],
            policy: policy
        )
        return (session, SessionCookie.make(token: token, maxAge: policy.absoluteLifetime, for: request))
    }

    /// Refuses (429 with Retry-After) an address that tries to sign in too often.
    func limitAttempts(from ip: String) async throws {
        if let wait = await attempts.consume("signin:\(ip)") {
            throw APIError(
                .tooManyRequests,
                code: "rate_limited",
                message: "Too many sign-in attempts. Try again in \(wait) seconds.",
                headers: [.retryAfter: "\(wait)"]
            )
        }
    }

    /// The console's own origin, `scheme://host[:port]` lower-cased with default ports left out:
    /// from `SWITCHBOARD_PUBLIC_URL` when set, else from the request (TLS here or at a proxy, Host).
    func consoleOrigin(for request: Request) -> String? {
        if let publicURL {
            return WebOrigin.normalise(publicURL)
        }
        guard let authority = request.head.authority else { return nil }
        return WebOrigin.normalise("\(SessionCookie.isSecure(request) ? "https" : "http")://\(authority)")
    }

    /// Where the provider sends the browser back to.
    func redirectURI(for request: Request) -> String {
        if let publicURL {
            return (publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL) + "/console/auth/callback"
        }
        let scheme = SessionCookie.isSecure(request) ? "https" : "http"
        return "\(scheme)://\(request.head.authority ?? "localhost")/console/auth/callback"
    }
}
