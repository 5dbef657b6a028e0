import Foundation
import SwitchboardDomain

/// Where a bulk run stands: what has been written so far and how fast.
public struct DemoScaleProgress: Sendable, CustomStringConvertible {
    /// Conversations the run will write in all.
    public var target: Int
    public var conversations = 0
    public var messages = 0
    /// Rows in all tables (contacts, conversations, messages, owner history, flags).
    public var rows = 0
    public var elapsedSeconds = 0.0

    public init(target: Int) {
        self.target = target
    }

    /// Rows written per second since the start.
    public var rowsPerSecond: Double { elapsedSeconds > 0 ? Double(rows) / elapsedSeconds : 0 }

    mutating func add(_ batch: DemoScaleBatch, elapsed: Duration) {
        conversations += batch.conversations
        messages += batch.messages
        rows += batch.rows
        elapsedSeconds = elapsed.seconds
    }

    public var description: String {
        let percent = target > 0 ? 100 * Double(conversations) / Double(target) : 100
        return "\(conversations)/\(target) conversations (\(String(format: "%.0f", percent))%), \(messages) messages, "
            + "\(rows) rows in \(String(format: "%.1f", elapsedSeconds)) s, \(String(format: "%.0f", rowsPerSecond)) rows/s"
    }
}

/// What a bulk run wrote.
public struct DemoScaleSummary: Sendable, CustomStringConvertible {
    public var organisationID: UUID
    public var slug: String
    /// Whether the run created the organisation.
    public var createdOrganisation: Bool
    public var conversations: Int
    public var messages: Int
    public var rows: Int
    /// Conversations per mode, as written.
    public var modes: [Conversation.Mode: Int]
    /// Generating and writing, from start to the last commit.
    public var writeSeconds: Double
    public var analyzeSeconds: Double
    /// Whether ANALYZE ran as the tables' owner (as the app role PostgreSQL skips them).
    public var analyzedAsOwner: Bool

    public var description: String {
        let modeList = Conversation.Mode.allCases.map { "\($0.rawValue) \(modes[$0, default: 0])" }.joined(separator: ", ")
        let rate = writeSeconds > 0 ? Double(rows) / writeSeconds : 0
        return "\(slug)\(createdOrganisation ? " (created)" : ""): \(conversations) conversations, \(messages) messages, "
            + "\(rows) rows in \(String(format: "%.1f", writeSeconds)) s (\(String(format: "%.0f", rate)) rows/s); "
            + "modes: \(modeList); ANALYZE \(String(format: "%.1f", analyzeSeconds)) s"
            + (analyzedAsOwner ? "" : " (as the app role: tables it does not own were skipped)")
    }
}
