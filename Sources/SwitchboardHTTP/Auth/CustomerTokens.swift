import Foundation
import Hummingbird
import SwitchboardDomain

/// How long a customer token lasts: `lifetime` while the chat is open (the widget refreshes it),
/// and a closed chat stays readable for `readableAfterClose` after it ended, then never again.
public struct CustomerTokenPolicy: Sendable {
    public var lifetime: Duration
    public var readableAfterClose: Duration

    public init(lifetime: Duration = .seconds(24 * 3600), readableAfterClose: Duration = .seconds(7 * 24 * 3600)) {
        self.lifetime = lifetime
        self.readableAfterClose = readableAfterClose
    }
}

/// Issues, checks and refreshes customer tokens under a `CustomerTokenPolicy`.
struct CustomerTokens: Sendable {
    let signer: TokenSigner
    let policy: CustomerTokenPolicy
    var now: @Sendable () -> Date = { Date() }

    /// A token for a conversation that has just started.
    func issue(orgID: UUID, conversationID: UUID) throws -> (token: String, expiresAt: Date) {
        let expiresAt = now().addingTimeInterval(policy.lifetime.seconds)
        return (try signer.sign(CustomerIdentity(orgID: orgID, conversationID: conversationID, expiresAt: expiresAt)), expiresAt)
    }

    /// The identity of the request's token; 401 `unauthorized` for a forged or malformed token,
    /// 401 `token_expired` for one past its time.
    func verify(_ request: Request) throws -> CustomerIdentity {
        guard let token = request.bearerToken, let customer = signer.verify(token, as: CustomerIdentity.self) else {
            throw APIError.unauthorized
        }
        guard customer.expiresAt > now() else { throw Self.expired }
        return customer
    }

    /// Refuses (401 `token_expired`) a conversation that ended longer ago than the policy allows.
    func checkReadable(_ conversation: ConversationSummary) throws {
        if let closedAt = conversation.closedAt, closedAt.addingTimeInterval(policy.readableAfterClose.seconds) <= now() {
            throw Self.expired
        }
    }

    /// A fresh token: a full lifetime while the chat is open; until the end of the reading
    /// window once it has ended.
    func refresh(_ customer: CustomerIdentity, conversation: ConversationSummary) throws -> (token: String, expiresAt: Date) {
        try checkReadable(conversation)
        var expiresAt = now().addingTimeInterval(policy.lifetime.seconds)
        if let closedAt = conversation.closedAt {
            expiresAt = closedAt.addingTimeInterval(policy.readableAfterClose.seconds)
        }
        let identity = CustomerIdentity(orgID: customer.orgID, conversationID: customer.conversationID, expiresAt: expiresAt)
        return (try signer.sign(identity), expiresAt)
    }

    static let expired = APIError(
        .unauthorized,
        code: "token_expired",
        message: "This chat has expired; start a new chat to keep talking."
    )
}
