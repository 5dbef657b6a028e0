import Foundation

/// Decides whether a webhook target may be called: http(s) only and, unless the operator allows
/// it, never an address in a private, loopback or link-local range (SSRF). Implemented where DNS is.
public protocol WebhookTargetPolicy: Sendable {
    /// Throws a `DomainError` that says why the URL is refused.
    func check(_ url: URL) async throws
}

/// Seals a webhook's signing secret before it is stored; the worker opens it to sign.
public protocol WebhookSecretSealer: Sendable {
    func seal(_ secret: String) throws -> Data
}

/// Administrators' webhook subscriptions: validation, the one-time secret, test sends and the log.
public struct WebhookService: Sendable {
    private let webhooks: any WebhookRepository
    private let targets: any WebhookTargetPolicy
    private let sealer: any WebhookSecretSealer

    public static let maxURLLength = 2000
    public static let maxDescriptionLength = 200
    public static let defaultLogLimit = 50
    public static let maxLogLimit = 200

    public init(webhooks: any WebhookRepository, targets: any WebhookTargetPolicy, sealer: any WebhookSecretSealer) {
        self.webhooks = webhooks
        self.targets = targets
        self.sealer = sealer
    }

    /// A subscription just created and its signing secret, which is shown this once.
    public struct Created: Sendable {
        public var subscription: WebhookSubscription
        public var secret: String
    }

    public func subscriptions(orgID: UUID) async throws -> [WebhookSubscription] {
        try await webhooks.subscriptions(orgID: orgID)
    }

    public func subscriptionPage(orgID: UUID, after cursor: ConversationCursor?, limit: Int) async throws -> [PagedWebhookSubscription] {
        try await webhooks.subscriptionPage(orgID: orgID, after: cursor, limit: limit)
    }

    public func subscription(orgID: UUID, subscriptionID: UUID) async throws -> WebhookSubscription {
        guard let found = try await webhooks.subscription(orgID: orgID, subscriptionID: subscriptionID) else {
            throw WebhookErrors.notFound
        }
        return found
    }

    public func create(
        orgID: UUID,
        actor: AuditActor,
        url rawURL: String,
        eventTypes rawTypes: [String],
        description: String?
    ) async throws -> Created {
        let url = try Self.validURL(rawURL)
        let types = try Self.validEventTypes(rawTypes)
        let description = try Self.validDescription(description)
        // DNS last: a mistake in the body is reported without waiting for the resolver.
        try await targets.check(url)
        let secret = Self.newSecret()
        let subscription = try await webhooks.create(
            orgID: orgID,
            NewWebhookSubscription(
                url: url.absoluteString,
                eventTypes: types,
                description: description,
                sealedSecret: try sealer.seal(secret)
            ),
            by: actor
        )
        return Created(subscription: subscription, secret: secret)
    }

    /// Changes the fields given: a new URL is checked like a new subscription's; `active` pauses
    /// (false: no new deliveries are queued) or resumes; an empty description clears it.
    public func update(
        orgID: UUID,
        actor: AuditActor,
        subscriptionID: UUID,
        url rawURL: String?,
        eventTypes rawTypes: [String]?,
        description: String?,
        active: Bool?
    ) async throws -> WebhookSubscription {
        guard rawURL != nil || rawTypes != nil || description != nil || active != nil else {
            throw WebhookErrors.emptyChange
        }
        var change = WebhookSubscriptionChange(active: active)
        if let rawTypes { change.eventTypes = try Self.validEventTypes(rawTypes) }
        if let description { change.description = try Self.validDescription(description) ?? "" }
        if let rawURL {
            let url = try Self.validURL(rawURL)
            try await targets.check(url)
            change.url = url.absoluteString
        }
        guard let updated = try await webhooks.update(orgID: orgID, subscriptionID: subscriptionID, change, by: actor) else {
            throw WebhookErrors.notFound
        }
        return updated
    }

    /// A new signing secret, shown this once; deliveries sent from now on are signed with it.
    public func rotateSecret(orgID: UUID, actor: AuditActor, subscriptionID: UUID) async throws -> Created {
        let secret = Self.newSecret()
        guard
            try await webhooks.replaceSecret(
                orgID: orgID,
                subscriptionID: subscriptionID,
                sealedSecret: try sealer.seal(secret),
                by: actor
            )
        else {
            throw WebhookErrors.notFound
        }
        return Created(subscription: try await subscription(orgID: orgID, subscriptionID: subscriptionID), secret: secret)
    }

    public func delete(orgID: UUID, actor: AuditActor, subscriptionID: UUID) async throws {
        guard try await webhooks.delete(orgID: orgID, subscriptionID: subscriptionID, by: actor) else {
            throw WebhookErrors.notFound
        }
    }

    /// Queues a `ping` event for the subscription; returns the delivery's id.
    public func sendTest(orgID: UUID, subscriptionID: UUID) async throws -> UUID {
        guard let id = try await webhooks.enqueuePing(orgID: orgID, subscriptionID: subscriptionID) else {
            throw WebhookErrors.notFound
        }
        return id
    }

    public func deliveries(
        orgID: UUID,
        subscriptionID: UUID,
        before cursor: ConversationCursor? = nil,
        limit: Int?
    ) async throws -> [WebhookDeliveryRecord] {
        let limit = min(max(limit ?? Self.defaultLogLimit, 1), Self.maxLogLimit)
        guard let log = try await webhooks.deliveries(orgID: orgID, subscriptionID: subscriptionID, before: cursor, limit: limit)
        else {
            throw WebhookErrors.notFound
        }
        return log
    }

    /// Sends a delivered or failed delivery's event again, as a new delivery due now.
    public func redeliver(orgID: UUID, actor: AuditActor, subscriptionID: UUID, deliveryID: UUID) async throws -> WebhookDeliveryRecord {
        switch try await webhooks.redeliver(orgID: orgID, subscriptionID: subscriptionID, deliveryID: deliveryID, by: actor) {
        case .queued(let record): return record
        case .stillPending: throw WebhookErrors.deliveryPending
        case .notFound: throw WebhookErrors.deliveryNotFound
        }
    }

    /// Trimmed; nil when empty.
    static func validDescription(_ raw: String?) throws -> String? {
        try raw.map { try Validation.text($0, field: "description", maxLength: maxDescriptionLength, allowEmpty: true) }
            .flatMap { $0.isEmpty ? nil : $0 }
    }

    /// An absolute http(s) URL with a host and no credentials in it.
    static func validURL(_ raw: String) throws -> URL {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, Validation.length(text) <= maxURLLength, !text.utf8.contains(0), !text.contains(where: \.isWhitespace),
            let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty
        else {
            throw WebhookErrors.invalidURL
        }
        guard scheme == "https" || scheme == "http" else { throw WebhookErrors.unsupportedScheme }
        guard url.user == nil && url.password == nil else { throw WebhookErrors.credentialsInURL }
        return url
    }

    /// Known event types, each once, in the order given.
    static func validEventTypes(_ raw: [String]) throws -> [WebhookEventType] {
        guard !raw.isEmpty else { throw WebhookErrors.noEventTypes }
        var types: [WebhookEventType] = []
        for name in raw {
            guard let type = WebhookEventType(rawValue: name) else { throw WebhookErrors.unknownEventType(name) }
            if !types.contains(type) { types.append(type) }
        }
        return types
    }

    /// `whsec_` and 32 random bytes in hex.
    static func newSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return "whsec_" + bytes.map { String(format: "%02x", $0) }.joined()
    }
}

/// The errors of webhook administration, with messages that say what to do.
public enum WebhookErrors {
    public static let notFound = SimpleDomainError(
        .notFound,
        code: "webhook_not_found",
        message: "There is no such webhook subscription."
    )
    public static let invalidURL = SimpleDomainError(
        .invalidInput,
        code: "invalid_webhook_url",
        message: "Enter the full URL of the receiver, such as https://crm.example.com/hooks/switchboard."
    )
    public static let unsupportedScheme = SimpleDomainError(
        .invalidInput,
        code: "unsupported_webhook_scheme",
        message: "Webhook URLs must start with https:// or http://."
    )
    public static let credentialsInURL = SimpleDomainError(
        .invalidInput,
        code: "webhook_url_credentials",
        message: "Leave user names and passwords out of the URL; verify the Switchboard-Signature header instead."
    )
    public static let deliveryNotFound = SimpleDomainError(
        .notFound,
        code: "webhook_delivery_not_found",
        message: "This webhook subscription has no such delivery."
    )
    public static let deliveryPending = SimpleDomainError(
        .conflict,
        code: "webhook_delivery_pending",
        message: "This delivery is still being tried; redeliver it once it is delivered or failed."
    )
    public static let emptyChange = SimpleDomainError(
        .invalidInput,
        code: "empty_webhook_change",
        message: "Send at least one of url, events, description and active."
    )
    public static let noEventTypes = SimpleDomainError(
        .invalidInput,
        code: "no_webhook_events",
        message: "Choose at least one event type to subscribe to."
    )

    public static func unknownEventType(_ name: String) -> SimpleDomainError {
        let known = WebhookEventType.allCases.map(\.rawValue).joined(separator: ", ")
        return SimpleDomainError(
            .invalidInput,
            code: "unknown_webhook_event",
            message: "\"\(name.prefix(60))\" is not an event type; use one of \(known)."
        )
    }

    /// The target resolves to an address the operator has not allowed.
    public static func targetRefused(_ reason: String) -> SimpleDomainError {
        SimpleDomainError(
            .invalidInput,
            code: "webhook_target_refused",
            message: "\(reason) Webhooks may only call public addresses unless the operator sets SWITCHBOARD_WEBHOOK_ALLOW_PRIVATE."
        )
    }
}
