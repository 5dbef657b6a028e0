import Foundation

/// What `/readyz` reports: each check's name and outcome.
public struct ReadinessReport: Sendable, Codable, Equatable {
    public var ready: Bool
    public var checks: [String: String]

    public init(ready: Bool, checks: [String: String]) {
        self.ready = ready
        self.checks = checks
    }
}
