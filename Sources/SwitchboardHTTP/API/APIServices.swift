import Foundation
import SwitchboardDomain

/// What the REST API (/api/v1) and the console's API key administration need beyond the console's services.
public struct APIServices: Sendable {
    public var keys: APIKeyService
    /// Requests per minute for each key (token bucket).
    public var limiter: RateLimiter
    public var usage: APIKeyUsageRecorder
    public var idempotency: any IdempotencyStore
    public var browsing: any ConversationBrowsing
    public var articles: ArticleService
    /// Example questions of articles (imports from old tickets).
    public var examples: ArticleExampleService
    /// The built-in engine's search, for /api/v1/kb/search.
    public var knowledge: any KnowledgeSearch
    /// The built-in engine's answer from the matches that search found.
    public var matchAnswering: any MatchAnswering

    public init(
        keys: APIKeyService,
        limiter: RateLimiter,
        usage: APIKeyUsageRecorder,
        idempotency: any IdempotencyStore,
        browsing: any ConversationBrowsing,
        articles: ArticleService,
        examples: ArticleExampleService,
        knowledge: any KnowledgeSearch,
        matchAnswering: any MatchAnswering
    ) {
        self.matchAnswering = matchAnswering
        self.articles = articles
        self.examples = examples
        self.knowledge = knowledge
        self.keys = keys
        self.limiter = limiter
        self.usage = usage
        self.idempotency = idempotency
        self.browsing = browsing
    }

    /// Requests per minute per key from `SWITCHBOARD_API_RATE_PER_MINUTE`, default 600.
    public static var configuredRatePerMinute: Int {
        ProcessInfo.processInfo.environment["SWITCHBOARD_API_RATE_PER_MINUTE"].flatMap(Int.init).map { max(1, $0) } ?? 600
    }
}
