import Foundation
import PostgresClient
import SwitchboardDomain

/// SQL shared by the conversation repository's reads and writes, and the row decoders.
enum ConversationSQL {
    /// The channel every instance listens on; payloads carry ids only (see `RealtimeEvent`).
    static let channel = RealtimeChannel.name

    static let summaryColumns = """
        c.conversation_id, c.org_id, c.mode, c.owner_agent_id, owner.display_name AS owner_name,
        c.page_url, c.context::text AS context, ct.name AS contact_name, ct.email AS contact_email,
        ct.phone AS contact_phone, c.handoff_requested, c.handoff_reason, c.status, c.name_provided,
        c.email_provided, c.owner_changes, c.last_seq, c.started_at, c.updated_at, c.last_message_at,
        c.closed_at,
        ARRAY(SELECT l.label FROM conversation_labels l
              WHERE l.org_id = c.org_id AND l.conversation_id = c.conversation_id ORDER BY l.label) AS labels,
        (SELECT ARRAY[lm.author_kind, pg_catalog.left(lm.body, 140)] FROM messages lm
         WHERE lm.org_id = c.org_id AND lm.conversation_id = c.conversation_id AND lm.seq = c.last_seq) AS last_message
        """

    static let summaryJoins = """
        FROM conversations c
        LEFT JOIN agents owner ON owner.org_id = c.org_id AND owner.agent_id = c.owner_agent_id
        LEFT JOIN contacts ct ON ct.org_id = c.org_id AND ct.contact_id = c.contact_id
        """

    /// Message columns with the agent's name and the AI answer's articles (in the order used).
    static let messageColumns = """
        m.conversation_id, m.seq, m.author_kind, m.agent_id, author.display_name AS agent_name, m.body,
        m.client_message_id, m.created_at, m.ai_outcome, m.ai_confidence,
        COALESCE((SELECT json_agg(json_build_object('id', k.article_id, 'title', k.title, 'url', k.url)
                                  ORDER BY array_position(m.ai_article_ids, k.article_id))
                  FROM kb_articles k
                  WHERE k.org_id = m.org_id AND k.article_id = ANY (m.ai_article_ids)), '[]') AS articles,
        (SELECT json_build_object('id', f.attachment_id, 'name', f.file_name, 'contentType', f.content_type, 'size', f.byte_size)
         FROM attachments f WHERE f.org_id = m.org_id AND f.attachment_id = m.attachment_id) AS attachment
        """

    static let messageJoins = """
        FROM messages m
        LEFT JOIN agents author ON author.org_id = m.org_id AND author.agent_id = m.agent_id
        """

    static func summary(from row: PostgresRow) throws -> ConversationSummary {
        ConversationSummary(
            id: try row.decode("conversation_id"),
            orgID: try row.decode("org_id"),
            mode: try mode(row.decode("mode")),
            ownerAgentID: try row.decode("owner_agent_id"),
            ownerName: try row.decode("owner_name"),
            pageURL: try row.decode("page_url"),
            contextJSON: try row.decode("context"),
            contact: ContactDetails(
                email: try row.decode("contact_email"),
                phone: try row.decode("contact_phone"),
                name: try row.decode("contact_name")
            ),
            handoffRequested: try row.decode("handoff_requested"),
            handoffReason: try row.decode("handoff_reason"),
            status: try row.decode("status"),
            nameProvided: try row.decode("name_provided"),
            emailProvided: try row.decode("email_provided"),
            ownerChanges: try row.decode("owner_changes"),
            lastSeq: try row.decode("last_seq"),
            startedAt: try row.decode("started_at"),
            updatedAt: try row.decode("updated_at"),
            lastMessageAt: try row.decode("last_message_at"),
            closedAt: try row.decode("closed_at"),
            labels: try row.decode("labels"),
            lastMessage: preview(try row.decode("last_message", as: [String]?.self))
        )
    }

    /// `[author_kind, text]` of the latest message, as the list's preview.
    static func preview(_ pair: [String]?) -> MessagePreview? {
        guard let pair, pair.count == 2 else { return nil }
        return MessagePreview(author: MessageAuthor(rawValue: pair[0]) ?? .system, text: pair[1])
    }

    static func message(from row: PostgresRow) throws -> ChatMessage {
        let author: String = try row.decode("author_kind")
        let outcome: String? = try row.decode("ai_outcome")
        let confidence: Double? = try row.decode("ai_confidence")
        return ChatMessage(
            conversationID: try row.decode("conversation_id"),
            seq: try row.decode("seq"),
            author: MessageAuthor(rawValue: author) ?? .system,
            agentID: try row.decode("agent_id"),
            agentName: try row.decode("agent_name"),
            body: try row.decode("body"),
            clientMessageID: try row.decode("client_message_id"),
            createdAt: try row.decode("created_at"),
            aiOutcome: outcome.flatMap(AIOutcome.init(rawValue:)),
            articles: try row.decodeJSON("articles", as: [ArticleReference].self),
            confidence: confidence,
            attachment: row.isNull("attachment") ? nil : try row.decodeJSON("attachment", as: AttachmentReference.self)
        )
    }

    static func mode(_ text: String) throws -> Conversation.Mode {
        guard let mode = Conversation.Mode(rawValue: text) else { throw PostgresError(kind: .decoding) }
        return mode
    }

    /// Sends a realtime notification; delivered to listeners only when the transaction commits.
    static func notify(_ session: PostgresSession, _ event: RealtimeEvent) async throws {
        try await session.query("SELECT pg_notify($1, $2)", [channel, event.payload])
    }
}
