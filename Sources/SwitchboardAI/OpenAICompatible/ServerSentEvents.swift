import Foundation
import NIOCore

/// Splits a `text/event-stream` body into events, whatever the network's chunking: an event (or a
/// line, or a character of UTF-8) may arrive across several reads.
struct ServerSentEventParser {
    /// One dispatched event: its `event:` name ("message" when absent) and its `data:` lines joined by "\n".
    struct Event: Equatable {
        var name: String
        var data: String
    }

    private var pending: [UInt8] = []
    private var name = ""
    private var data: [String] = []
    private var hasData = false

    /// The events completed by `bytes`.
    mutating func feed(_ bytes: ByteBuffer) -> [Event] {
        pending.append(contentsOf: bytes.readableBytesView)
        var events: [Event] = []
        var lineStart = 0
        var index = 0
        while index < pending.count {
            let byte = pending[index]
            guard byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") else {
                index += 1
                continue
            }
            // A "\r" at the end of what arrived may be half of "\r\n": wait for the next read.
            if byte == UInt8(ascii: "\r"), index + 1 == pending.count { break }
            let line = String(decoding: pending[lineStart..<index], as: UTF8.self)
            if byte == UInt8(ascii: "\r"), pending[index + 1] == UInt8(ascii: "\n") { index += 1 }
            index += 1
            lineStart = index
            if let event = process(line) { events.append(event) }
        }
        pending.removeFirst(lineStart)
        return events
    }

    private mutating func process(_ line: String) -> Event? {
        if line.isEmpty {
            defer {
                name = ""
                data = []
                hasData = false
            }
            return hasData ? Event(name: name.isEmpty ? "message" : name, data: data.joined(separator: "\n")) : nil
        }
        if line.hasPrefix(":") { return nil }  // a comment, e.g. a keep-alive
        let field: Substring
        var value: Substring
        if let colon = line.firstIndex(of: ":") {
            field = line[..<colon]
            value = line[line.index(after: colon)...]
            if value.first == " " { value = value.dropFirst() }
        } else {
            field = Substring(line)
            value = ""
        }
        switch field {
        case "data":
            data.append(String(value))
            hasData = true
        case "event":
            name = String(value)
        default:
            break  // id, retry: not needed for a single completion
        }
        return nil
    }
}

/// What a chat completions stream says, event by event.
enum CompletionStreamEvent: Equatable {
    case text(String)
    case usage(prompt: Int, completion: Int)
    /// An `error` object or event inside a 200 stream.
    case failure(String)
    case done
}

/// Decodes the `data:` of one chat completions event.
enum CompletionChunk {
    private struct Chunk: Decodable {
        struct Choice: Decodable {
            struct Delta: Decodable { var content: String? }
            var delta: Delta?
        }
        struct Usage: Decodable {
            var prompt_tokens: Int?
            var completion_tokens: Int?
        }
        struct Failure: Decodable { var message: String? }
        var choices: [Choice]?
        var usage: Usage?
        var error: Failure?
    }

    /// The events in `event`; a chunk that is not JSON is a failure.
    static func decode(_ event: ServerSentEventParser.Event) -> [CompletionStreamEvent] {
        let data = event.data.trimmingCharacters(in: .whitespaces)
        if data == "[DONE]" { return [.done] }
        guard let chunk = try? JSONDecoder().decode(Chunk.self, from: Data(data.utf8)) else {
            return [.failure(event.name == "error" ? "error event" : "undecodable event")]
        }
        if event.name == "error" || chunk.error != nil {
            return [.failure(chunk.error?.message ?? "error event")]
        }
        var events: [CompletionStreamEvent] = []
        let text = (chunk.choices ?? []).compactMap { $0.delta?.content }.joined()
        if !text.isEmpty { events.append(.text(text)) }
        if let usage = chunk.usage, usage.prompt_tokens != nil || usage.completion_tokens != nil {
            events.append(.usage(prompt: usage.prompt_tokens ?? 0, completion: usage.completion_tokens ?? 0))
        }
        return events
    }
}
