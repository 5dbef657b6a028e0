import Foundation
import SwitchboardDomain

/// An example question as the console (camelCase) and the REST API (snake_case, by its encoder)
/// show it; absent values are explicit nulls.
struct ExamplePayload: Encodable, Sendable {
    var id: UUID
    var articleId: UUID
    var question: String
    var status: ArticleExample.Status
    var source: ArticleExample.Source
    @Explicit var conversationId: UUID?
    var createdAt: Date
    @Explicit var approvedAt: Date?

    init(_ example: ArticleExample) {
        id = example.id
        articleId = example.articleID
        question = example.question
        status = example.status
        source = example.source
        conversationId = example.conversationID
        createdAt = example.createdAt
        approvedAt = example.approvedAt
    }
}
