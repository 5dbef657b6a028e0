import Foundation

/// A change every server instance hears about through PostgreSQL LISTEN/NOTIFY.
///
/// The payload carries ids only: listeners read the data itself from the database, under the
/// organisation's row-level security, after the writing transaction has committed.
public struct RealtimeEvent: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        /// A conversation started.
        case created
        /// A message was stored with sequence number `seq`.
        case message
        /// Mode, owner or handoff details changed.
        case state
        /// Someone (`author`) is typing; nothing is stored.
        case typing
        /// The AI's answer so far (`text`), as it streams; nothing is stored, and "" takes the
        /// partial text off the screens (retracted, cut by a take-over, or failed).
        case draft
        /// An internal note (`noteID`) was added: for the organisation's consoles only, never a customer.
        case note
    }

    public var kind: Kind
    public var orgID: UUID
    public var conversationID: UUID
    public var seq: Int64?
    public var author: MessageAuthor?
    /// The draft's text so far (kind `draft` only), at most `maxDraftBytes` of UTF-8.
    public var text: String?
    /// The note added (kind `note` only).
    public var noteID: UUID?

    public init(
        kind: Kind,
        orgID: UUID,
        conversationID: UUID,
        seq: Int64? = nil,
        author: MessageAuthor? = nil,
        text: String? = nil,
        noteID: UUID? = nil
    ) {
        self.noteID = noteID
        self.kind = kind
        self.orgID = orgID
        self.conversationID = conversationID
        self.seq = seq
        self.author = author
        self.text = text
    }

    /// A draft of the AI's answer: `text` cut to whole characters within `maxDraftBytes`.
    public static func draft(orgID: UUID, conversationID: UUID, text: String) -> RealtimeEvent {
        var cut = Substring(text)
        while cut.utf8.count > maxDraftBytes { cut = cut.dropLast() }
        var event = RealtimeEvent(kind: .draft, orgID: orgID, conversationID: conversationID, author: .ai, text: String(cut))
        // Escapes can grow the payload (a control character takes six bytes): shorten until it fits.
        while event.payload.utf8.count > maxPayloadBytes, let current = event.text, !current.isEmpty {
            event.text = String(current.dropLast(max(1, current.count / 10)))
        }
        return event
    }

    /// A draft's text stops growing here (a longer answer shows in full once stored).
    public static let maxDraftBytes = 3000
    /// PostgreSQL refuses NOTIFY payloads of 8000 bytes or more.
    static let maxPayloadBytes = 7500

    enum CodingKeys: String, CodingKey {
        case kind = "k"
        case orgID = "o"
        case conversationID = "c"
        case seq = "s"
        case author = "a"
        case text = "t"
        case noteID = "n"
    }

    /// The compact JSON sent as the NOTIFY payload (well under PostgreSQL's 8000-byte limit).
    public var payload: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? String(decoding: encoder.encode(self), as: UTF8.self)) ?? "{}"
    }

    /// Reads a payload; nil for anything that is not one of ours.
    public init?(payload: String) {
        guard let event = try? JSONDecoder().decode(RealtimeEvent.self, from: Data(payload.utf8)) else { return nil }
        self = event
    }
}
