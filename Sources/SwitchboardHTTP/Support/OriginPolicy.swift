import Foundation
import HTTPTypes
import Hummingbird
import SwitchboardDomain

/// Which web pages may use an organisation's widget.
///
/// Browsers always send `Origin` on cross-site requests and WebSocket handshakes, so a request
/// without one is not a browser page and is let through (the customer token still guards it).
/// With an origin, it must be in the organisation's allowed list or be this server itself.
enum OriginPolicy {
    static func allows(origin: String?, allowed: [String], host: String?) -> Bool {
        guard let origin = origin.map(normalise), !origin.isEmpty, origin != "null" else { return origin == nil }
        if allowed.map(normalise).contains(origin) { return true }
        guard let host = host?.lowercased() else { return false }
        return origin == "http://\(host)" || origin == "https://\(host)"
    }

    static func normalise(_ origin: String) -> String {
        var value = origin.trimmingCharacters(in: .whitespaces).lowercased()
        while value.hasSuffix("/") { value.removeLast() }
        return value
    }

    /// Refuses a browser page the organisation did not allow; reads the settings only when
    /// there is an Origin to check.
    static func check(_ request: Request, orgID: UUID, organisations: any OrganisationRepository) async throws {
        guard let origin = request.headers[.origin] else { return }
        let settings = try await organisations.settings(for: orgID)
        guard allows(origin: origin, allowed: settings.widgetAllowedOrigins, host: request.head.authority) else {
            throw refused
        }
    }

    static let refused = APIError(
        .forbidden,
        code: "origin_not_allowed",
        message: "This website is not allowed to use this chat widget. Add its origin to the organisation's allowed origins."
    )

    /// CORS headers for an allowed origin.
    static func corsHeaders(origin: String?) -> HTTPFields {
        guard let origin else { return [:] }
        return [
            .accessControlAllowOrigin: origin,
            .vary: "Origin",
            .accessControlExposeHeaders: "Retry-After, X-Request-Id",
        ]
    }
}
