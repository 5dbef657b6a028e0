import Foundation
import SwitchboardDomain

/// An example question as the console (camelCase) and the REST API (snake_case, by its encoder)
/// show it; absent values are explicit nulls.
struct ExamplePayload: Encodable, Sendable {
    let example: ArticleExample

    init(_ example: ArticleExample) {
        self.example = example
    }

    enum CodingKeys: String, CodingKey {
        case id, articleId, question, status, source, conversationId, createdAt, approvedAt
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(example.id, forKey: .id)
        try c.encode(example.articleID, forKey: .articleId)
        try c.encode(example.question, forKey: .question)
        try c.encode(example.status, forKey: .status)
        try c.encode(example.source, forKey: .source)
        try c.encode(example.conversationID, forKey: .conversationId)
        try c.encode(example.createdAt, forKey: .createdAt)
        try c.encode(example.approvedAt, forKey: .approvedAt)
    }
}
