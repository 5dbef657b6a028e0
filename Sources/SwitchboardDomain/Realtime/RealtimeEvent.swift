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
    }

    public var kind: Kind
    public var orgID: UUID
    public var conversationID: UUID
    public var seq: Int64?
    public var author: MessageAuthor?

    public init(kind: Kind, orgID: UUID, conversationID: UUID, seq: Int64? = nil, author: MessageAuthor? = nil) {
        self.kind = kind
        self.orgID = orgID
        self.conversationID = conversationID
        self.seq = seq
        self.author = author
    }

    enum CodingKeys: String, CodingKey {
        case kind = "k", orgID = "o", conversationID = "c", seq = "s", author = "a"
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
