import Foundation

/// An entry about to be written to the audit log, in the same transaction as the change it records.
public struct AuditRecord: Sendable, Equatable {
    /// The agent who made the change.
    public var agentID: UUID
    /// What happened, as `area.verb` (`settings.updated`, `cleanup.deleted`).
    public var action: String
    public var targetKind: String?
    public var targetID: String?
    /// A JSON object with the details (for changes: `before` and `after`).
    public var detailsJSON: String

    public init(agentID: UUID, action: String, targetKind: String?, targetID: String?, detailsJSON: String) {
        self.agentID = agentID
        self.action = action
        self.targetKind = targetKind
        self.targetID = targetID
        self.detailsJSON = detailsJSON
    }

    /// Details as compact JSON with sorted keys.
    public static func details(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? "{}"
    }
}

/// One line of the audit log as administrators read it.
public struct AuditEntry: Sendable, Equatable {
    public var at: Date
    /// The agent's display name, or the kind of actor (`system`, `cli`) when it was not an agent.
    public var actor: String
    public var action: String
    public var targetKind: String?
    public var targetID: String?
    public var detailsJSON: String

    public init(at: Date, actor: String, action: String, targetKind: String?, targetID: String?, detailsJSON: String) {
        self.at = at
        self.actor = actor
        self.action = action
        self.targetKind = targetKind
        self.targetID = targetID
        self.detailsJSON = detailsJSON
    }
}

/// The organisation's audit log, newest first.
public protocol AuditLog: Sendable {
    func entries(orgID: UUID, limit: Int) async throws -> [AuditEntry]
}

/// Before and after of a change, for an audit entry's details.
struct ChangeDetails<Value: Encodable>: Encodable {
    let before: Value
    let after: Value
}
