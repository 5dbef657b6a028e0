import Foundation

/// The delivery worker's side of an outbox (webhooks, email): find due rows, claim them for a
/// lease, record outcomes, purge finished ones.
public protocol DeliveryOutbox<Claim, Outcome>: Sendable {
    /// A row a worker holds: what to send, and the claim that lets it record the outcome.
    associatedtype Claim: Sendable & Identifiable<UUID>
    /// What one attempt came to.
    associatedtype Outcome: Sendable
    /// Organisations with pending rows due now.
    func organisationsWithDueRows() async throws -> [UUID]
    /// Claims up to `limit` due rows of the organisation until `lease` has passed; rows another
    /// worker holds are skipped, and a claim that is never settled expires by itself.
    func claim(orgID: UUID, limit: Int, lease: Duration) async throws -> [Claim]
    /// Records the outcome of a claimed attempt; ignored when the claim was lost meanwhile.
    func settle(_ claim: Claim, outcome: Outcome) async throws
    /// Removes finished (sent, delivered or failed) rows created more than `age` ago, in every
    /// organisation; returns how many. Pending ones stay, however old.
    func purgeFinished(olderThan age: Duration) async throws -> Int
}
