import Foundation

/// Settings an organisation may never have stored: `defaults` are in force until it does.
public protocol DefaultableSettings: Sendable, Equatable {
    static var defaults: Self { get }
}

/// Organisations' settings of one kind in storage; each change and its audit entry commit together.
public protocol AuditedSettingsRepository<Settings>: Sendable {
    associatedtype Settings: DefaultableSettings

    /// The stored settings; nil when the organisation never changed them.
    func settings(orgID: UUID) async throws -> Settings?

    /// Locks the row, lets `decide` produce the new settings from the current ones (nil: none
    /// stored), stores them and an audit entry by `actor` when anything changed.
    func update(
        orgID: UUID,
        by actor: AuditActor,
        decide: @Sendable (Settings?) throws -> Settings
    ) async throws -> Settings
}

extension AuditedSettingsRepository {
    /// The stored settings, or the defaults when there are none.
    public func current(orgID: UUID) async throws -> Settings {
        try await settings(orgID: orgID) ?? .defaults
    }
}

/// A change to settings that keep one secret sealed: the fields given replace the stored ones,
/// and a new secret (in the clear) replaces the sealed one or the stored one is removed.
public protocol SealedSettingsChange: Sendable {
    associatedtype Settings: DefaultableSettings

    /// The new secret and whether to remove the stored one; both at once is refused with `conflict`.
    var secret: (new: String?, remove: Bool, conflict: SimpleDomainError) { get }

    /// The new secret as it is sealed, or a refusal.
    static func checkSecret(_ text: String) throws -> String

    /// Checks what can be checked of the change alone and returns the edit that applies it, with
    /// `secret` sealed, to the stored settings.
    func edit(secret: SealedSecretChange) throws -> @Sendable (inout Settings) -> Void

    /// Validates the changed settings as a whole: one invalid value refuses them all.
    static func validate(_ settings: Settings) throws
}

/// Reading and changing an organisation's settings that keep one secret sealed (the SMTP
/// password, a provider's API key): validation, sealing the secret, and an audited change.
/// Nothing it returns holds the secret, only whether one is set.
public struct SealedSettingsService<Change: SealedSettingsChange>: Sendable {
    private let settings: any AuditedSettingsRepository<Change.Settings>
    private let seal: @Sendable (String) throws -> Data

    init(settings: any AuditedSettingsRepository<Change.Settings>, seal: @escaping @Sendable (String) throws -> Data) {
        self.settings = settings
        self.seal = seal
    }

    /// The stored settings, or the defaults when there are none.
    public func current(orgID: UUID) async throws -> Change.Settings {
        try await settings.current(orgID: orgID)
    }

    /// Applies `change` to the stored settings (the defaults when there are none) after
    /// validating the result as a whole: one invalid value refuses it all.
    public func update(orgID: UUID, by actor: AuditActor, change: Change) async throws -> Change.Settings {
        let (secret, remove, conflict) = change.secret
        let sealed = try SealedSecretChange(new: secret, remove: remove, conflict: conflict, check: Change.checkSecret, seal: seal)
        let edit = try change.edit(secret: sealed)
        return try await settings.update(orgID: orgID, by: actor) { stored in
            var next = stored ?? .defaults
            edit(&next)
            try Change.validate(next)
            return next
        }
    }
}

/// A change's new secret (in the clear) or the removal of the stored one, for settings that keep
/// a secret sealed (the SMTP password, a provider's API key): checked and sealed before the
/// settings row is locked.
public struct SealedSecretChange: Sendable {
    private let sealed: Data?
    private let remove: Bool

    /// Throws `conflict` when the change gives a new secret and removes it too; `check` validates
    /// the new secret before `seal` seals it.
    public init(
        new secret: String?,
        remove: Bool,
        conflict: SimpleDomainError,
        check: (String) throws -> String,
        seal: (String) throws -> Data
    ) throws {
        if secret != nil, remove { throw conflict }
        sealed = try secret.map { try seal(try check($0)) }
        self.remove = remove
    }

    /// The sealed secret the settings keep after the change, given the one they keep now.
    public func applied(to stored: Data?) -> Data? {
        remove ? nil : sealed ?? stored
    }
}

extension RawRepresentable where RawValue == String {
    /// The value spelt `text`, or `refusal` thrown when there is none.
    init(_ text: String, orThrow refusal: @autoclosure () -> SimpleDomainError) throws {
        guard let value = Self(rawValue: text) else { throw refusal() }
        self = value
    }
}
