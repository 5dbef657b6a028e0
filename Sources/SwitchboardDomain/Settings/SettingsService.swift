import Foundation

/// Reading and changing an organisation's settings: validation, widget key rotation, and an audit
/// entry with before and after for every change.
public struct SettingsService: Sendable {
    private let settings: any SettingsRepository
    private let audit: any AuditLog

    public init(settings: any SettingsRepository, audit: any AuditLog) {
        self.settings = settings
        self.audit = audit
    }

    public func current(orgID: UUID) async throws -> ConsoleSettings {
        try await settings.settings(orgID: orgID)
    }

    /// Applies the settings that `change` names, after validating all of them: one invalid value
    /// refuses the whole change and nothing stored is lost.
    public func update(orgID: UUID, agentID: UUID, change: SettingsChange) async throws -> ConsoleSettings {
        let timeZone = try change.timeZone.map(SettingsRules.timeZone)
        let hours = try change.businessHours.map(SettingsRules.businessHours)
        let origins = try change.widgetAllowedOrigins.map(SettingsRules.origins)
        let idle = try change.idleCloseMinutes.map(SettingsRules.idleCloseMinutes)
        return try await settings.update(orgID: orgID) { current in
            var next = current
            if let enabled = change.aiChatEnabled { next.aiChatEnabled = enabled }
            if let timeZone { next.timeZone = timeZone }
            if let hours { next.businessHours = hours }
            if let origins { next.widgetAllowedOrigins = origins }
            if let idle { next.idleCloseMinutes = idle }
            return (next, Self.auditRecord(agentID: agentID, orgID: orgID, action: "settings.updated", from: current, to: next))
        }
    }

    /// Replaces the widget's public key; pages with the old `<script>` tag stop working.
    public func rotateWidgetKey(orgID: UUID, agentID: UUID) async throws -> ConsoleSettings {
        let key = Self.newWidgetKey()
        return try await settings.update(orgID: orgID) { current in
            var next = current
            next.widgetKey = key
            return (next, Self.auditRecord(agentID: agentID, orgID: orgID, action: "settings.widget_key_rotated", from: current, to: next))
        }
    }

    /// The newest audit entries, at most `limit` (1…500).
    public func auditEntries(orgID: UUID, limit: Int) async throws -> [AuditEntry] {
        try await audit.entries(orgID: orgID, limit: max(1, min(limit, 500)))
    }

    /// 32 lower-case hex characters, like the database's default key.
    static func newWidgetKey() -> String {
        UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    }

    static func auditRecord(agentID: UUID, orgID: UUID, action: String, from before: ConsoleSettings, to after: ConsoleSettings) -> AuditRecord? {
        guard before != after else { return nil }
        let details = ChangeDetails(before: SettingsSnapshot(before, differingFrom: after), after: SettingsSnapshot(after, differingFrom: before))
        return AuditRecord(
            agentID: agentID,
            action: action,
            targetKind: "organisation",
            targetID: orgID.uuidString.lowercased(),
            detailsJSON: AuditRecord.details(details)
        )
    }
}
