import Hummingbird
import SwitchboardDomain

/// Names the least role a `RoleRequestContext` admits.
public protocol MinimumRole: Sendable {
    /// Agents with this role or a higher one get through.
    static var role: AgentRole { get }
}

/// The supervisor role and above: the minimum of `SupervisorRequestContext`.
public enum SupervisorRole: MinimumRole {
    public static var role: AgentRole { .supervisor }
}

/// The admin role: the minimum of `AdminRequestContext`.
public enum AdminRole: MinimumRole {
    public static var role: AgentRole { .admin }
}

/// A request by a signed-in agent whose role is at least `Minimum.role`. The role is part of the
/// route, not of the handler: a route registered on a group with this context refuses a lower
/// role (403) before its handler runs or its body is read, and a handler taking it cannot be
/// registered on a group that does not check the role.
public struct RoleRequestContext<Minimum: MinimumRole>: ChildRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let agent: SignedInAgent
    public let requestID: String
    /// The console session, for cookie-authenticated requests (nil for bearer tokens).
    public let session: WebSession?

    public init(context: AgentRequestContext) throws {
        guard context.agent.role >= Minimum.role else { throw APIError.forbidden(needs: Minimum.role) }
        self.coreContext = context.coreContext
        self.agent = context.agent
        self.requestID = context.requestID
        self.session = context.session
    }

    /// Bodies are read like every other console body (`JSONRequestBody`).
    public var requestDecoder: SwitchboardJSONDecoder { .init() }

    /// The same limit as every other console request.
    public var maxUploadSize: Int { 1_048_576 }
}

/// A request by a supervisor or an admin.
public typealias SupervisorRequestContext = RoleRequestContext<SupervisorRole>

/// A request by an admin.
public typealias AdminRequestContext = RoleRequestContext<AdminRole>
