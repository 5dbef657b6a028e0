import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HummingbirdWSTesting
import Logging
import NIOCore
import PostgresClient
import SwitchboardDomain
import SwitchboardStore
import TestSupport
import Testing
import WSClient

@testable import SwitchboardHTTP

// MARK: Wire formats, decoded the way the widget and console read them

/// The widget's answer to starting a chat.
struct StartedChat: Decodable, Sendable {
    let conversationId: UUID
    let customerToken: String
    let mode: Conversation.Mode
    let organisationName: String
    let messages: [MessagePayload]
}

/// What the widget reads when it polls a chat.
struct WidgetTranscript: Decodable, Sendable {
    let mode: Conversation.Mode
    let agentName: String?
    let messages: [MessagePayload]
    var satisfaction: SatisfactionPayload?
}

struct SentMessage: Decodable, Sendable {
    let message: MessagePayload
}

struct ConsoleList: Decodable, Sendable {
    let conversations: [ConversationPayload]
}

struct ConsoleTranscript: Decodable, Sendable {
    let conversation: ConversationPayload
    let messages: [MessagePayload]
}

/// One socket frame (see `SocketEvent`).
struct SocketFrame: Decodable, Sendable {
    let type: String
    let conversationId: UUID?
    let message: MessagePayload?
    let mode: Conversation.Mode?
    let agentName: String?
    let conversation: ConversationPayload?
    let author: MessageAuthor?
    var note: NotePayload?
}

/// Reads the server's JSON: RFC 3339 times with milliseconds.
func decodeWire<Value: Decodable>(_ type: Value.Type, from buffer: ByteBuffer) throws -> Value {
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .custom { decoder in
        let text = try decoder.singleValueContainer().decode(String.self)
        return try Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)
    }
    return try decoder.decode(type, from: Data(buffer.readableBytesView))
}

/// The `{"error": {"code", "message"}}` of a refused request.
func errorBody(_ response: TestResponse) throws -> ErrorBody.Detail {
    try JSONDecoder().decode(ErrorBody.self, from: Data(response.body.readableBytesView)).error
}

func jsonText(_ object: [String: String?]) -> String {
    let present = object.compactMapValues { $0 }
    return String(decoding: (try? JSONEncoder().encode(present)) ?? Data("{}".utf8), as: UTF8.self)
}
