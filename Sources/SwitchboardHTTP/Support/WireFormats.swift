import Foundation
import SwitchboardDomain

/// A message as the widget and the console receive it.
public struct MessagePayload: Codable, Sendable, Equatable {
    public var seq: Int64
    public var author: MessageAuthor
    public var agentName: String?
    public var body: String
    public var createdAt: Date
    public var clientMessageId: String?
    public var aiOutcome: AIOutcome?
    public var articles: [ArticleReference]
    /// The file the message sends: fetch it from `…/conversations/{id}/attachments/{attachment.id}`.
    public var attachment: AttachmentReference?

    public init(_ message: ChatMessage) {
        attachment = message.attachment
        seq = message.seq
        author = message.author
        agentName = message.agentName
        body = message.body
        createdAt = message.createdAt
        clientMessageId = message.clientMessageID
        aiOutcome = message.aiOutcome
        articles = message.articles
    }
}

/// A conversation as the console lists it.
public struct ConversationPayload: Codable, Sendable, Equatable {
    public var id: UUID
    public var mode: Conversation.Mode
    public var ownerId: UUID?
    public var ownerName: String?
    public var pageUrl: String?
    public var context: String
    public var customerName: String?
    public var customerEmail: String?
    public var customerPhone: String?
    public var handoffRequested: Bool
    public var handoffReason: String?
    public var status: String?
    public var nameProvided: String?
    public var emailProvided: String?
    public var ownerChanges: Int
    public var lastSeq: Int64
    public var startedAt: Date
    public var updatedAt: Date
    public var lastMessageAt: Date?
    /// Its labels, sorted.
    public var labels: [String]
    /// The latest message's author and first 140 characters (text, never markup).
    public var lastMessage: MessagePreview?

    public init(_ summary: ConversationSummary) {
        labels = summary.labels
        lastMessage = summary.lastMessage
        id = summary.id
        mode = summary.mode
        ownerId = summary.ownerAgentID
        ownerName = summary.ownerName
        pageUrl = summary.pageURL
        context = summary.contextJSON
        customerName = summary.contact.name
        customerEmail = summary.contact.email
        customerPhone = summary.contact.phone
        handoffRequested = summary.handoffRequested
        handoffReason = summary.handoffReason
        status = summary.status
        nameProvided = summary.nameProvided
        emailProvided = summary.emailProvided
        ownerChanges = summary.ownerChanges
        lastSeq = summary.lastSeq
        startedAt = summary.startedAt
        updatedAt = summary.updatedAt
        lastMessageAt = summary.lastMessageAt
    }
}

/// What sockets receive, one JSON object per text frame.
public enum SocketEvent: Sendable, Equatable {
    case message(conversationID: UUID, MessagePayload)
    case state(conversationID: UUID, mode: Conversation.Mode, agentName: String?)
    case conversation(ConversationPayload)
    case typing(conversationID: UUID, author: MessageAuthor)
    /// The AI's answer so far, while it streams: for display only, never stored; "" removes it.
    case draft(conversationID: UUID, text: String)
    /// The server may have missed changes (listener reconnected): reload lists.
    case resync
    /// An internal note: consoles only.
    case note(NotePayload)

    /// The JSON text frame.
    public var json: String {
        let encoder = JSONCoding.encoder()
        let data: Data?
        switch self {
        case .message(let id, let message):
            data = try? encoder.encode(Frame(type: "message", conversationId: id, message: message))
        case .state(let id, let mode, let agentName):
            data = try? encoder.encode(Frame(type: "state", conversationId: id, mode: mode, agentName: agentName))
        case .conversation(let conversation):
            data = try? encoder.encode(Frame(type: "conversation", conversationId: conversation.id, conversation: conversation))
        case .typing(let id, let author):
            data = try? encoder.encode(Frame(type: "typing", conversationId: id, author: author))
        case .draft(let id, let text):
            data = try? encoder.encode(Frame(type: "draft", conversationId: id, author: .ai, text: text))
        case .resync:
            data = try? encoder.encode(Frame(type: "resync"))
        case .note(let note):
            data = try? encoder.encode(Frame(type: "note", conversationId: note.conversationId, note: note))
        }
        return data.map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    private struct Frame: Encodable {
        var type: String
        var conversationId: UUID?
        var message: MessagePayload?
        var mode: Conversation.Mode?
        var agentName: String?
        var conversation: ConversationPayload?
        var author: MessageAuthor?
        var text: String?
        var note: NotePayload?
    }
}

/// The JSON settings of every response and socket frame: RFC 3339 UTC times with milliseconds.
enum JSONCoding {
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(date))
        }
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

/// The customer's rating of an ended chat, as the widget and the console receive it.
public struct SatisfactionPayload: Codable, Sendable, Equatable {
    public var rating: Int
    public var comment: String?
    public var ratedAt: Date

    public init(_ rating: SatisfactionRating) {
        self.rating = rating.rating
        comment = rating.comment
        ratedAt = rating.ratedAt
    }
}

/// An internal note as consoles and the REST API receive it; `internal` is always true, so a
/// client that lists notes beside messages cannot mistake one for something the customer saw.
public struct NotePayload: Codable, Sendable, Equatable {
    public var id: UUID
    public var conversationId: UUID
    public var agentId: UUID
    public var agentName: String?
    public var body: String
    public var mentions: [UUID]
    public var createdAt: Date
    public var `internal` = true

    public init(_ note: ConversationNote) {
        id = note.id
        conversationId = note.conversationID
        agentId = note.agentID
        agentName = note.agentName
        body = note.body
        mentions = note.mentions
        createdAt = note.createdAt
    }
}
