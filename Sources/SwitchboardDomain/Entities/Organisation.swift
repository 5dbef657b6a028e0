import Foundation

/// A tenant: one company whose agents, customers and knowledge base are kept apart from all others.
public struct Organisation: Sendable, Equatable, Codable, Identifiable {
    public var id: UUID
    /// URL-safe short name (`careerlearning`), used to pick the sign-in provider.
    public var slug: String
    public var name: String
    /// The demo organisation that `switchboard demo` seeds; the console shows a banner for it.
    public var isDemo: Bool
    /// Public key in the widget's `<script data-key>`.
    public var widgetKey: String
    public var createdAt: Date

    public init(id: UUID, slug: String, name: String, isDemo: Bool, widgetKey: String, createdAt: Date) {
        self.id = id
        self.slug = slug
        self.name = name
        self.isDemo = isDemo
        self.widgetKey = widgetKey
        self.createdAt = createdAt
    }

    /// True for a slug PostgreSQL will accept: lower-case letters, digits and inner hyphens.
    public static func isValidSlug(_ slug: String) -> Bool {
        slug.range(of: #"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$"#, options: .regularExpression) != nil
    }

    /// The slug and the trimmed name of a new organisation, or the rule it breaks.
    public static func checkedNew(slug: String, name: String) throws -> (slug: String, name: String) {
        guard isValidSlug(slug) else { throw SimpleDomainError.invalidOrganisationSlug }
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw SimpleDomainError.invalidOrganisationName }
        return (slug, trimmed)
    }
}

extension SimpleDomainError {
    /// No organisation has that id (or slug).
    public static let organisationNotFound = SimpleDomainError(.notFound, code: "organisation_not_found", message: "No such organisation.")

    public static let invalidOrganisationSlug = SimpleDomainError(
        .invalidInput,
        code: "invalid_slug",
        message: "Use lower-case letters, digits and inner hyphens for the slug (e.g. \"acme-support\")."
    )

    public static let invalidOrganisationName = SimpleDomainError(.invalidInput, code: "invalid_name", message: "Give the organisation a name.")

    /// Another organisation already has `slug`.
    public static func slugTaken(_ slug: String) -> SimpleDomainError {
        SimpleDomainError(.conflict, code: "slug_taken", message: "An organisation with the slug \"\(slug)\" already exists.")
    }
}

/// Settings each organisation controls for itself.
public struct OrganisationSettings: Sendable, Equatable, Codable {
    /// Whether the AI answers at all; when off, new conversations wait for a human.
    public var aiChatEnabled: Bool
    /// IANA time zone for business hours and the console's charts.
    public var timeZone: String
    /// Origins allowed to embed the widget (`https://www.example.com`).
    public var widgetAllowedOrigins: [String]
    /// AI-only conversations idle this long are closed.
    public var idleCloseMinutes: Int
    /// The built-in engine answers only above this score (0...1).
    public var answerThreshold: Double

    public init(
        aiChatEnabled: Bool = true,
        timeZone: String = "UTC",
        widgetAllowedOrigins: [String] = [],
        idleCloseMinutes: Int = 30,
        answerThreshold: Double = 0.5
    ) {
        self.aiChatEnabled = aiChatEnabled
        self.timeZone = timeZone
        self.widgetAllowedOrigins = widgetAllowedOrigins
        self.idleCloseMinutes = idleCloseMinutes
        self.answerThreshold = answerThreshold
    }
}
