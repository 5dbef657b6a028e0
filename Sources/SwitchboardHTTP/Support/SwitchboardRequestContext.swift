import Hummingbird
import Logging
import NIOCore
import SwitchboardDomain

/// The context of every HTTP request: Hummingbird's core storage, our request id, the
/// identity the authentication middleware found. WebSocket upgrades have their own router and
/// context (`SocketRequestContext`).
public struct SwitchboardRequestContext: AgentAuthenticatingContext {
    public var coreContext: CoreRequestContextStorage
    /// The id echoed in `X-Request-Id` and attached to every log line of this request.
    public var requestID: String
    /// Set by `AgentAuthenticationMiddleware` when the request carries a valid agent token.
    public var agent: SignedInAgent?
    /// The console session the agent signed in with, when the request carried the session cookie.
    public var session: WebSession?
    /// Why a session cookie did not sign the request in (a change without the CSRF token);
    /// `AgentRequestContext` reports it instead of a plain 401.
    public var authenticationRefusal: APIError?
    /// Set by `APIKeyMiddleware` on /api/v1 when the request carries a live API key.
    public var apiKey: APIKey?
    /// Set by `CustomerAuthenticationMiddleware` on a widget conversation's routes: the customer
    /// of that conversation, token verified and origin allowed.
    public var customer: CustomerIdentity?
    public let remoteAddress: SocketAddress?
    /// The client behind a trusted reverse proxy, set by `ClientAddressMiddleware`.
    public var forwardedClientIP: String?

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
        self.requestID = ""
        self.requestID = self.logger[metadataKey: "hb.request.id"]?.description ?? ""
    }

    /// Request bodies above this are refused before decoding (messages are far smaller).
    public var maxUploadSize: Int { 1_048_576 }

    /// Every body is read the same way: size, JSON syntax, storable text, then shape.
    public var requestDecoder: SwitchboardJSONDecoder { .init() }
}

/// A request that a signed-in agent made: handlers on it cannot run without an agent.
/// Routes that need a higher role use `SupervisorRequestContext` or `AdminRequestContext`.
public struct AgentRequestContext: ChildRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let agent: SignedInAgent
    public let requestID: String
    /// The console session, for cookie-authenticated requests (nil for bearer tokens).
    public let session: WebSession?

    public init(context: SwitchboardRequestContext) throws {
        guard let agent = context.agent else { throw context.authenticationRefusal ?? APIError.unauthorized }
        self.coreContext = context.coreContext
        self.agent = agent
        self.requestID = context.requestID
        self.session = context.session
    }

    /// Console bodies are read like every other body (`JSONRequestBody`).
    public var requestDecoder: SwitchboardJSONDecoder { .init() }

    /// The same limit as every widget and console request.
    public var maxUploadSize: Int { 1_048_576 }
}
