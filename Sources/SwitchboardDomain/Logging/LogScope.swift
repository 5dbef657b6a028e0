import Foundation
import Logging

/// What every log line of a piece of work carries without a logger passed down to it: the request
/// it serves and the organisation it works for, as task-local values that `metadataProvider` reads.
///
/// The executable installs the provider with the log handler, so the lines of any logger (the
/// database pool's included) carry `request_id` and `org_id` while those are known. Work started
/// by a request on a task of its own (the AI's answer) inherits them.
public enum LogScope {
    /// Set by the HTTP edge for the whole of a request.
    @TaskLocal public static var requestID: String?
    /// Set by the Store for the whole of a tenant transaction.
    @TaskLocal public static var orgID: UUID?

    /// `request_id` and `org_id` from the current task, when set.
    public static let metadataProvider = Logger.MetadataProvider {
        var metadata: Logger.Metadata = [:]
        if let requestID { metadata["request_id"] = .string(requestID) }
        if let orgID { metadata["org_id"] = .string(orgID.uuidString.lowercased()) }
        return metadata
    }
}
