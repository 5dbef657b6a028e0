import Foundation

/// A console sign-in: the browser holds a random token, the database only its SHA-256 hash.
///
/// A session ends after `WebSessionPolicy.idleTimeout` without a request, after
/// `absoluteLifetime` in any case, on sign-out, and when the agent is disabled.
public struct WebSession: Sendable, Equatable {
    public var id: UUID
    public var orgID: UUID
    public var agentID: UUID
    /// Must accompany every state-changing request made with the session cookie.
    public var csrfToken: String
    public var expiresAt: Date

    public init(id: UUID, orgID: UUID, agentID: UUID, csrfToken: String, expiresAt: Date) {
        self.id = id
        self.orgID = orgID
        self.agentID = agentID
        self.csrfToken = csrfToken
        self.expiresAt = expiresAt
    }
}

/// How long console sessions last.
public struct WebSessionPolicy: Sendable, Equatable {
    /// A session unused this long ends (12 hours: one working day).
    public var idleTimeout: Duration
    /// No session lasts longer than this (7 days), however active.
    public var absoluteLifetime: Duration

    public init(idleTimeout: Duration = .seconds(12 * 3600), absoluteLifetime: Duration = .seconds(7 * 24 * 3600)) {
        self.idleTimeout = idleTimeout
        self.absoluteLifetime = absoluteLifetime
    }
}

/// A live session with its agent's current role.
public struct ActiveWebSession: Sendable, Equatable {
    public var session: WebSession
    public var role: AgentRole

    public init(session: WebSession, role: AgentRole) {
        self.session = session
        self.role = role
    }
}

/// Console sessions in storage.
public protocol WebSessionRepository: Sendable {
    /// Stores a new session for the token's hash.
    func create(
        orgID: UUID,
        agentID: UUID,
        tokenHash: Data,
        csrfToken: String,
        userAgent: String?,
        policy: WebSessionPolicy
    ) async throws -> WebSession

    /// The live session for this token hash (not revoked, not expired, not idle, agent enabled),
    /// marking it used; nil otherwise.
    func find(tokenHash: Data, policy: WebSessionPolicy) async throws -> ActiveWebSession?
    /// Ends the session and tells every instance to close its sockets.
    func revoke(orgID: UUID, sessionID: UUID) async throws
}
