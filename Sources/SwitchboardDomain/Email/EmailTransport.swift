import Foundation

/// One email as it leaves: the recipient, a one-line subject and a plain-text body.
public struct EmailMessage: Sendable, Equatable {
    public var recipient: String
    public var subject: String
    public var body: String

    public init(recipient: String, subject: String, body: String) {
        self.recipient = recipient
        self.subject = subject
        self.body = body
    }
}

/// Sends email through an organisation's SMTP server (the SMTP client in the composition root).
public protocol EmailTransport: Sendable {
    /// Returns when the server accepted the message; throws `EmailTransportError` otherwise.
    func send(_ message: EmailMessage, settings: EmailSettings, organisationName: String) async throws
}

/// Why a send failed, in words an administrator can act on (never the password).
public struct EmailTransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// True when trying again later may help (4xx replies, no connection, timeouts).
    public var transient: Bool
    public var reason: String

    public init(transient: Bool, reason: String) {
        self.transient = transient
        self.reason = String(reason.prefix(300))
    }

    public var description: String { reason }
}
