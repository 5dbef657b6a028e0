import PostgresClient
import SwitchboardDomain

/// A lost or unobtainable connection is "the database is unavailable" (503 with Retry-After);
/// every other client error stays internal.
extension PostgresError: DomainErrorConvertible {
    public var domainError: (any DomainError)? {
        switch kind {
        case .connectionLost, .poolTimeout, .poolClosed: SimpleDomainError.databaseUnavailable
        default: nil
        }
    }
}
