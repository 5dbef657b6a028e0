import Foundation
import SwitchboardDomain

/// The agent a request acts for, however they proved it: a console session cookie or a
/// server-signed bearer token. The role is read from the database, so a role change or a
/// disabled agent takes effect on the next request.
public struct SignedInAgent: Sendable, Equatable {
    public var orgID: UUID
    public var agentID: UUID
    public var role: AgentRole
    /// The console session, when the agent signed in through the browser; nil for a bearer token.
    public var sessionID: UUID?

    public init(orgID: UUID, agentID: UUID, role: AgentRole, sessionID: UUID? = nil) {
        self.orgID = orgID
        self.agentID = agentID
        self.role = role
        self.sessionID = sessionID
    }
}

extension APIError {
    /// The agent is signed in but their role does not allow this.
    static func forbidden(needs role: AgentRole) -> APIError {
        APIError(.forbidden, code: "forbidden", message: "This needs the \(role.rawValue) role or higher.")
    }
}
