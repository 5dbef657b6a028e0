import Foundation
import SwitchboardDomain

/// The widget's rate limits, in layers so that people who share an address (an office, a campus,
/// a mobile carrier) are not locked out together: conversation starts per visitor, per address and
/// per widget key; messages per conversation and per address. Each layer allows a burst, and each
/// refusal says honestly which limit it was and when to come back (the widget retries by itself).
public struct WidgetRateLimits: Sendable {
    /// The limits, each a sustained rate with a burst.
    public struct Configuration: Sendable, Equatable {
        /// Starts from one browser (the widget's random visitor id).
        public var startsPerVisitor = RateLimit(perMinute: 10, burst: 10)
        /// Starts from one address (an IPv6 address counts by its /64 network).
        public var startsPerAddress = RateLimit(perMinute: 120, burst: 60)
        /// Starts on one organisation's widget key, whoever makes them.
        public var startsPerWidgetKey = RateLimit(perMinute: 600, burst: 300)
        /// Messages in one conversation.
        public var messagesPerConversation = RateLimit(perMinute: 20, burst: 20)
        /// Messages from one address across its conversations.
        public var messagesPerAddress = RateLimit(perMinute: 600, burst: 200)

        public init() {}
    }

    public let configuration: Configuration
    private let startsPerVisitor: RateLimiter
    private let startsPerAddress: RateLimiter
    private let startsPerWidgetKey: RateLimiter
    private let messagesPerConversation: RateLimiter
    private let messagesPerAddress: RateLimiter

    public init(_ configuration: Configuration = Configuration()) {
        self.configuration = configuration
        startsPerVisitor = RateLimiter(configuration.startsPerVisitor)
        startsPerAddress = RateLimiter(configuration.startsPerAddress)
        startsPerWidgetKey = RateLimiter(configuration.startsPerWidgetKey)
        messagesPerConversation = RateLimiter(configuration.messagesPerConversation)
        messagesPerAddress = RateLimiter(configuration.messagesPerAddress)
    }

    /// A new conversation: the visitor's own limit (when the widget sent its id), then the address's, then the site's.
    func admitStart(visitor: String?, address: String, widgetKey: String) async throws {
        var layers: [Layer] = []
        if let visitor { layers.append(Layer(limiter: startsPerVisitor, key: visitor, refusal: .visitorStarts)) }
        layers.append(Layer(limiter: startsPerAddress, key: Self.addressKey(address), refusal: .addressStarts))
        layers.append(Layer(limiter: startsPerWidgetKey, key: widgetKey, refusal: .siteStarts))
        try await admit(layers)
    }

    /// A customer message: the conversation's limit, then the address's.
    func admitMessage(conversation: UUID, address: String) async throws {
        try await admit([
            Layer(limiter: messagesPerConversation, key: conversation.uuidString, refusal: .conversationMessages),
            Layer(limiter: messagesPerAddress, key: Self.addressKey(address), refusal: .addressMessages),
        ])
    }

    private struct Layer {
        let limiter: RateLimiter
        let key: String
        let refusal: Refusal
    }

    /// Takes a token from every layer, or none: a refused layer gives back what the earlier ones took.
    private func admit(_ layers: [Layer]) async throws {
        for (index, layer) in layers.enumerated() {
            guard let retryAfter = await layer.limiter.consume(layer.key) else { continue }
            for taken in layers[..<index] { await taken.limiter.refund(taken.key) }
            throw APIError(
                .tooManyRequests,
                code: "rate_limited",
                message: layer.refusal.message(retryAfter: retryAfter),
                headers: [.retryAfter: String(retryAfter)]
            )
        }
    }

    /// Which limit refused, in the customer's words.
    enum Refusal {
        case visitorStarts, addressStarts, siteStarts, conversationMessages, addressMessages

        func message(retryAfter seconds: Int) -> String {
            switch self {
            case .visitorStarts: "You've started several chats in a short time; the next one can start in \(seconds) s."
            case .addressStarts: "Many people on your network are starting chats right now; we'll connect you in \(seconds) s."
            case .siteStarts: "This chat is very busy right now; we'll connect you in \(seconds) s."
            case .conversationMessages: "You're sending messages faster than we can take them; this one goes in \(seconds) s."
            case .addressMessages: "Many people on your network are chatting right now; your message goes in \(seconds) s."
            }
        }
    }

    /// The widget's visitor id as a limiter key: 8 to 64 letters, digits, '-' or '_'.
    static func visitorKey(_ id: String) throws -> String {
        let allowed = id.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
        guard allowed, (8...64).contains(id.utf8.count) else {
            throw APIError(
                .unprocessableContent,
                code: "invalid_visitor_id",
                message: "visitorId must be 8 to 64 letters, digits, '-' or '_'."
            )
        }
        return id
    }

    /// An address as a limiter key: an IPv6 address by its /64 network, which one subscriber usually holds whole.
    static func addressKey(_ address: String) -> String {
        guard address.contains(":") else { return address }
        var bytes = [UInt8](repeating: 0, count: 16)
        guard inet_pton(AF_INET6, address, &bytes) == 1 else { return address }
        return bytes[0..<8].map { String(format: "%02x", $0) }.joined() + "::/64"
    }
}
