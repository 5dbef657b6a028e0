import Foundation
import Hummingbird
import SwitchboardDomain

/// Query parameters of the REST API, each checked: a bad value is 422 `invalid_parameter` naming it.
struct APIQuery {
    let request: Request

    /// The parameter's text; NUL characters (which PostgreSQL text cannot hold) are removed.
    func string(_ name: String) -> String? {
        request.uri.queryParameters[Substring(name)].map { String($0).replacingOccurrences(of: "\u{0}", with: "") }
    }

    /// `limit`: 1 to 100, default 25.
    func limit(default fallback: Int = 25, max: Int = 100) throws -> Int {
        guard let text = string("limit") else { return fallback }
        guard let value = Int(text), (1...max).contains(value) else {
            throw Self.invalid("limit", "must be an integer from 1 to \(max)")
        }
        return value
    }

    func bool(_ name: String) throws -> Bool? {
        guard let text = string(name) else { return nil }
        switch text {
        case "true": return true
        case "false": return false
        default: throw Self.invalid(name, "must be true or false")
        }
    }

    func time(_ name: String) throws -> Date? {
        guard let text = string(name) else { return nil }
        guard let date = APIJSON.parseTime(text) else { throw Self.invalid(name, "must be an RFC 3339 time such as 2026-01-31T09:00:00Z") }
        return date
    }

    func uuid(_ name: String) throws -> UUID? {
        guard let text = string(name) else { return nil }
        guard let id = UUID(uuidString: text) else { throw Self.invalid(name, "must be a UUID") }
        return id
    }

    func cursor() throws -> ConversationCursor? {
        guard let text = string("cursor") else { return nil }
        guard let cursor = ConversationCursor(token: text) else { throw Self.invalid("cursor", "is not a cursor this API returned") }
        return cursor
    }

    /// The conversation filters: mode (comma-separated), the three flags, started_after/before, agent_id.
    func conversationFilter() throws -> ConversationFilter {
        var filter = ConversationFilter()
        if let modes = string("mode") {
            let parsed = modes.split(separator: ",", omittingEmptySubsequences: false).map { Conversation.Mode(rawValue: String($0)) }
            guard !parsed.contains(nil) else {
                throw Self.invalid("mode", "must be a comma-separated list of: \(Conversation.Mode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            filter.modes = Set(parsed.compactMap { $0 })
        }
        filter.flaggedIncorrect = try bool("flagged_incorrect")
        filter.kbUpdateNeeded = try bool("kb_update_needed")
        filter.followupNeeded = try bool("followup_needed")
        filter.startedAfter = try time("started_after")
        filter.startedBefore = try time("started_before")
        filter.agentID = try uuid("agent_id")
        if let label = string("label") {
            guard let canonical = try? ConversationLabels.canonical(label) else {
                throw Self.invalid("label", "must be 1 to \(ConversationLabels.maxLength) letters, digits, spaces, '-' or '_'")
            }
            filter.label = canonical
        }
        return filter
    }

    static func invalid(_ name: String, _ problem: String) -> APIError {
        APIError(.unprocessableContent, code: "invalid_parameter", message: "\(name) \(problem).")
    }
}
