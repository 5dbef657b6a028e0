import Foundation

/// One use case's reads and writes for one organisation as a single transaction.
///
/// Every repository call that `body` makes for `orgID`, on the task that called `run`, joins the
/// transaction as a step of its own (a failed step undoes only its writes, so a use case may catch
/// a refusal and go on); everything commits when `body` returns and nothing when it throws. Calls
/// for another organisation, and work started on other tasks (a `Task {}`, a child task), run
/// apart in transactions of their own, so start background work after `run` returns.
public protocol UnitOfWork: Sendable {
    func run<Result>(
        orgID: UUID,
        isolation: isolated (any Actor)?,
        _ body: () async throws -> Result
    ) async throws -> Result
}

extension UnitOfWork {
    /// `run` on the caller's isolation.
    public func run<Result>(
        orgID: UUID,
        isolation: isolated (any Actor)? = #isolation,
        _ body: () async throws -> Result
    ) async throws -> Result {
        try await run(orgID: orgID, isolation: isolation, body)
    }
}
