/// An error a person can act on, raised by a domain service.
///
/// The HTTP layer maps `kind` to a status and shows `code` and `message` as
/// `{"error": {"code", "message"}}`; the message must never contain SQL, secrets or stack traces.
public protocol DomainError: Error, Sendable {
    var kind: DomainErrorKind { get }
    /// Stable machine-readable code, such as `conversation_taken`.
    var code: String { get }
    /// One sentence that says what was wrong and what to do.
    var message: String { get }
}

/// The broad class of a domain error, which decides the HTTP status.
public enum DomainErrorKind: Sendable {
    case invalidInput
    case notFound
    case conflict
    case forbidden
    case unauthorized
    case tooLarge
    /// A file of a type the service does not take.
    case unsupportedMediaType
    case rateLimited
    case unavailable
}

/// A domain error without a type of its own.
public struct SimpleDomainError: DomainError, Equatable {
    public var kind: DomainErrorKind
    public var code: String
    public var message: String

    public init(_ kind: DomainErrorKind, code: String, message: String) {
        self.kind = kind
        self.code = code
        self.message = message
    }

    /// The conversation does not exist in this organisation (another organisation's ids included).
    public static let conversationNotFound = SimpleDomainError(
        .notFound,
        code: "conversation_not_found",
        message: "There is no such conversation."
    )

    /// The after-hours form came for a conversation that is not waiting for it.
    public static let notWaitingForAfterHoursForm = SimpleDomainError(
        .conflict,
        code: "not_after_hours",
        message: "This conversation is not waiting for the after-hours form."
    )

    /// The conversation has no file with that id (another conversation's files included).
    public static let attachmentNotFound = SimpleDomainError(
        .notFound,
        code: "attachment_not_found",
        message: "This conversation has no such file."
    )
}

/// An error from a lower layer (the database client) that may stand for a domain error, such
/// as "the database is unavailable"; the store declares which, the HTTP layer asks.
public protocol DomainErrorConvertible: Error {
    /// The domain error this stands for, or nil when it is an internal failure.
    var domainError: (any DomainError)? { get }
}

extension SimpleDomainError {
    /// PostgreSQL cannot be reached (restarting, failing over, or every connection busy): retry soon.
    public static let databaseUnavailable = SimpleDomainError(
        .unavailable,
        code: "database_unavailable",
        message: "The database is briefly unavailable; try again in a few seconds."
    )
}
