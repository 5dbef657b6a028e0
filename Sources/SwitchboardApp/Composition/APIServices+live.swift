import Logging
import SwitchboardAI
import SwitchboardDomain
import SwitchboardHTTP

extension APIServices {
    /// The REST API's services over the shared repositories; `knowledge` is the process's one index cache.
    static func live(
        _ stores: Repositories,
        knowledge: any KnowledgeSearch,
        ratePerMinute: Int = configuredRatePerMinute,
        logger: Logger
    ) -> APIServices {
        let keys = APIKeyService(keys: stores.apiKeys)
        return APIServices(
            keys: keys,
            limiter: RateLimiter(limit: ratePerMinute, per: .seconds(60)),
            usage: APIKeyUsageRecorder(keys: keys, logger: logger),
            idempotency: stores.idempotency,
            browsing: stores.browsing,
            articles: ArticleService(articles: stores.articles),
            examples: ArticleExampleService(examples: stores.examples),
            knowledge: knowledge,
            matchAnswering: KnowledgeBaseMatchAnswering()
        )
    }
}
