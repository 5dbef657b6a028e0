import Foundation

/// Agents' accounts: sign-in, their own name, and administration by an admin.
public protocol AgentAccountRepository: Sendable {
    func account(orgID: UUID, agentID: UUID) async throws -> AgentAccount?
    /// Every agent of the organisation, disabled ones included, by display name.
    func accounts(orgID: UUID) async throws -> [AgentAccount]
    /// Finds or creates the agent for a provider identity, refreshes name and email (and the
    /// role when the provider asserts one) and records the sign-in. Throws `agentDisabled`.
    func signIn(orgID: UUID, identity: SignInIdentity) async throws -> AgentAccount
    /// Sets (or with nil/blank clears) the name the agent chose.
    func setDisplayNameOverride(orgID: UUID, agentID: UUID, name: String?) async throws -> AgentAccount
    /// Changes role and/or disabled state, audited. Disabling revokes every session of the
    /// agent and tells every instance to close their sockets. Nil when there is no such agent.
    func update(orgID: UUID, agentID: UUID, role: AgentRole?, disabled: Bool?, by actor: AuditActor) async throws -> AgentAccount?
}
