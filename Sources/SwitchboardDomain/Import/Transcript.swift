import Foundation

/// One message of a sheet transcript.
public struct TranscriptMessage: Sendable, Equatable {
    /// Who wrote it: the customer, the AI, or an agent by display name.
    public enum Author: Sendable, Equatable, Hashable {
        case customer
        case ai
        case agent(String)
    }

    public var author: Author
    /// The text after the prefix (and the one space after it); continuation lines joined by "\n".
    public var body: String

    public init(_ author: Author, _ body: String) {
        self.author = author
        self.body = body
    }
}

/// Splits the ChatLog tab's `chat_log` cell into messages, and renders messages back the way
/// `reporting.chat_log` shows them.
///
/// A line that starts `Customer:`, `AI:` or `Agent[Name]:` starts a message; any other line
/// continues the message before it, so a multi-line message stays whole. A prefix that is not at
/// the start of a line is just text. Line endings (CRLF, CR, LF) all count as one line break, and
/// blank lines at the end are dropped.
public enum Transcript {
    /// Why a transcript cannot be split.
    public struct Problem: Error, Equatable, Sendable {
        public var reason: String

        public init(reason: String) { self.reason = reason }
    }

    /// The messages of `text`, in order; empty for an empty transcript. Throws `Problem`.
    public static func split(_ text: String) throws -> [TranscriptMessage] {
        let normalised = normaliseLineEndings(text)
        var lines = normalised.split(separator: "\n", omittingEmptySubsequences: false)
        while let last = lines.last, last.allSatisfy(\.isWhitespace) { lines.removeLast() }
        var messages: [TranscriptMessage] = []
        for (number, line) in lines.enumerated() {
            if let (author, body) = prefix(of: line) {
                messages.append(TranscriptMessage(author, String(body)))
            } else if messages.isEmpty {
                throw Problem(reason: "line \(number + 1) does not start with Customer:, AI: or Agent[Name]:")
            } else {
                messages[messages.count - 1].body += "\n" + line
            }
        }
        return messages
    }

    /// The transcript line by line, as `reporting.chat_log` renders stored messages.
    public static func render(_ messages: [TranscriptMessage]) -> String {
        messages.map { message in
            let prefix =
                switch message.author {
                case .customer: "Customer: "
                case .ai: "AI: "
                case .agent(let name): "Agent[\(name)]: "
                }
            return prefix + message.body
        }.joined(separator: "\n")
    }

    /// CRLF and lone CR become LF.
    public static func normaliseLineEndings(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "\r")) else { return text }
        return text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }

    /// The author and the text after the prefix (one following space dropped), or nil when the
    /// line starts no message.
    static func prefix(of line: Substring) -> (TranscriptMessage.Author, Substring)? {
        func rest(after count: Int) -> Substring {
            let body = line.dropFirst(count)
            return body.first == " " ? body.dropFirst() : body
        }
        if line.hasPrefix("Customer:") { return (.customer, rest(after: 9)) }
        if line.hasPrefix("AI:") { return (.ai, rest(after: 3)) }
        guard line.hasPrefix("Agent["), let close = line.range(of: "]:") else { return nil }
        let name = line[line.index(line.startIndex, offsetBy: 6)..<close.lowerBound]
        // "Agent[Carol] said: ..." has no "]:" right after a name without brackets: just text.
        guard !name.contains("["), !name.contains("]") else { return nil }
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        let body = line[close.upperBound...]
        return (.agent(trimmed), body.first == " " ? body.dropFirst() : body)
    }
}
