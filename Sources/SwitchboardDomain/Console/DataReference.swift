import Foundation

/// A reporting view as the console's "Sheet Structure Reference" shows it.
public struct ReportingView: Sendable, Equatable {
    public struct Column: Sendable, Equatable {
        public var name: String
        /// The SQL type, as PostgreSQL formats it (`timestamp with time zone`).
        public var type: String
        public var description: String?

        public init(name: String, type: String, description: String?) {
            self.name = name
            self.type = type
            self.description = description
        }
    }

    public var name: String
    public var description: String?
    public var columns: [Column]

    public init(name: String, description: String?, columns: [Column]) {
        self.name = name
        self.description = description
        self.columns = columns
    }
}

/// The reporting views and their column comments, read from the database's catalogue so the
/// reference and an analyst's SQL never disagree.
public protocol DataReference: Sendable {
    func reportingViews(orgID: UUID) async throws -> [ReportingView]
}
