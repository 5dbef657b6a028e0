import Hummingbird
import SwitchboardDomain

/// What the edge middlewares (request id, client address, error mapping) read and write. Both
/// routers' root contexts have it: `SwitchboardRequestContext` for plain requests and
/// `SocketRequestContext` for WebSocket upgrades, so one middleware serves both.
public protocol EdgeRequestContext: RequestContext, RemoteAddressRequestContext {
    /// The id echoed in `X-Request-Id` and attached to every log line of this request.
    var requestID: String { get set }
    /// The client behind a trusted reverse proxy, set by `ClientAddressMiddleware`.
    var forwardedClientIP: String? { get set }
}

extension EdgeRequestContext {
    /// The caller's IP address, for rate limits: the TCP peer, or the client a trusted proxy names.
    public var clientIP: String {
        forwardedClientIP ?? remoteAddress?.ipAddress ?? "unknown"
    }
}

/// A root context `AgentAuthenticationMiddleware` signs agents into.
public protocol AgentAuthenticatingContext: EdgeRequestContext {
    /// Set by `AgentAuthenticationMiddleware` when the request carries a valid agent token or session.
    var agent: SignedInAgent? { get set }
    /// The console session the agent signed in with, when the request carried the session cookie.
    var session: WebSession? { get set }
    /// Why a session cookie did not sign the request in (a change without the CSRF token).
    var authenticationRefusal: APIError? { get set }
}
