import Foundation

/// An agent as the console's account pages and the admin list show them.
public struct AgentAccount: Sendable, Equatable {
    public var id: UUID
    public var orgID: UUID
    /// What customers and colleagues see: the override, else the sign-in name, else the email.
    public var displayName: String
    /// The `name` claim of the last sign-in.
    public var signInName: String?
    /// The name the agent chose in the console, if any.
    public var displayNameOverride: String?
    public var email: String?
    public var role: AgentRole
    public var disabled: Bool
    public var lastSignInAt: Date?

    public init(
        id: UUID,
        orgID: UUID,
        displayName: String,
        signInName: String?,
        displayNameOverride: String?,
        email: String?,
        role: AgentRole,
        disabled: Bool,
        lastSignInAt: Date?
    ) {
        self.id = id
        self.orgID = orgID
        self.displayName = displayName
        self.signInName = signInName
        self.displayNameOverride = displayNameOverride
        self.email = email
        self.role = role
        self.disabled = disabled
        self.lastSignInAt = lastSignInAt
    }
}

/// Who the identity provider says signed in.
public struct SignInIdentity: Sendable, Equatable {
    /// The provider's issuer URL; with `subject` it identifies the person for good.
    public var issuer: String
    public var subject: String
    public var email: String?
    public var name: String?
    /// The role the provider asserts through the configured claim; nil keeps the stored role.
    public var role: AgentRole?

    public init(issuer: String, subject: String, email: String?, name: String?, role: AgentRole?) {
        self.issuer = issuer
        self.subject = subject
        self.email = email
        self.name = name
        self.role = role
    }
}

/// Who made an audited change.
public enum AuditActor: Sendable, Equatable {
    case agent(UUID)
    /// A REST API request made with this key (its id).
    case apiKey(UUID)
    case commandLine
    case system

    /// `audit_log.actor_kind`.
    public var kind: String {
        switch self {
        case .agent: "agent"
        case .apiKey: "api_key"
        case .commandLine: "cli"
        case .system: "system"
        }
    }

    /// `audit_log.actor_id`.
    public var id: String? {
        switch self {
        case .agent(let id), .apiKey(let id): id.uuidString.lowercased()
        case .commandLine, .system: nil
        }
    }
}

extension AgentAccount {
    /// Longest display name an administrator or the agent may set.
    public static let maxDisplayNameLength = 80

    /// The display name override as stored: trimmed, nil (or empty) to use the name from sign-in.
    public static func checkedDisplayNameOverride(_ name: String?) throws -> String? {
        let trimmed = name?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let trimmed, trimmed.count > maxDisplayNameLength {
            throw SimpleDomainError(
                .invalidInput,
                code: "invalid_display_name",
                message: "Keep the display name to \(maxDisplayNameLength) characters."
            )
        }
        return trimmed
    }
}

extension SimpleDomainError {
    /// The agent does not exist in this organisation (another organisation's ids included).
    public static let agentNotFound = SimpleDomainError(.notFound, code: "agent_not_found", message: "There is no such agent.")

    /// A disabled agent tried to sign in.
    public static let agentDisabled = SimpleDomainError(
        .forbidden,
        code: "agent_disabled",
        message: "This agent account is disabled. Ask an administrator of your organisation to enable it."
    )
}
