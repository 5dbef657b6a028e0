/// An error from PostgreSQL or from this client.
///
/// `description` names the kind, the SQLSTATE and the constraint, never SQL text or parameter
/// values, so it is safe to log at any level and to wrap in a client-facing message. The
/// server's own wording (which can quote values) is kept apart in `serverMessage`.
public struct PostgresError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, in terms a caller can branch on.
    public enum Kind: Sendable, Equatable {
        case uniqueViolation
        case foreignKeyViolation
        case checkViolation
        case notNullViolation
        case exclusionViolation
        case serializationFailure
        case deadlockDetected
        case insufficientPrivilege
        case invalidTextRepresentation
        case queryCanceled
        case undefinedObject
        case syntaxError
        /// The server closed the connection, the backend was terminated, or it could not be reached.
        case connectionLost
        /// No pooled connection became free within the acquire timeout.
        case poolTimeout
        /// The pool was shut down.
        case poolClosed
        /// A column's value could not be decoded into the requested Swift type.
        case decoding
        /// A parameter could not be encoded.
        case encoding
        /// Any other server error; inspect `sqlState`.
        case other
    }

    public var kind: Kind
    /// Five-character SQLSTATE code, when the server sent one.
    public var sqlState: String?
    /// The constraint the error is about (unique, foreign key, check), when there is one.
    public var constraint: String?
    /// The table the error is about, when the server named one.
    public var table: String?
    /// The server's primary message. It may quote values: log it at debug level only.
    public var serverMessage: String?

    public init(
        kind: Kind,
        sqlState: String? = nil,
        constraint: String? = nil,
        table: String? = nil,
        serverMessage: String? = nil
    ) {
        self.kind = kind
        self.sqlState = sqlState
        self.constraint = constraint
        self.table = table
        self.serverMessage = serverMessage
    }

    /// Maps an SQLSTATE to a kind; class 08 and the admin-shutdown codes mean the connection is gone.
    public static func kind(forSQLState state: String) -> Kind {
        switch state {
        case "23505": return .uniqueViolation
        case "23503": return .foreignKeyViolation
        case "23514": return .checkViolation
        case "23502": return .notNullViolation
        case "23P01": return .exclusionViolation
        case "40001": return .serializationFailure
        case "40P01": return .deadlockDetected
        case "42501": return .insufficientPrivilege
        case "22P02": return .invalidTextRepresentation
        case "57014": return .queryCanceled
        case "42704": return .undefinedObject
        case "42601": return .syntaxError
        case "57P01", "57P02", "57P03": return .connectionLost
        default: return state.hasPrefix("08") ? .connectionLost : .other
        }
    }

    public var description: String {
        var text = "PostgreSQL error (\(kind)"
        if let sqlState { text += ", SQLSTATE \(sqlState)" }
        if let table { text += ", table \(table)" }
        if let constraint { text += ", constraint \(constraint)" }
        return text + ")"
    }

    /// True when retrying the whole transaction may succeed.
    public var isTransient: Bool {
        kind == .serializationFailure || kind == .deadlockDetected || kind == .connectionLost
    }
}
