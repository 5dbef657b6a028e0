import Foundation

/// Writes the plain-text emails customers get: no links, no HTML, customer and agent text as
/// typed. Subjects are one line (names are stripped of control characters), so no header can
/// be injected through a name.
public struct EmailComposer: Sendable {
    /// The organisation's name as customers know it.
    public var organisationName: String
    /// The organisation's time zone for message times.
    public var timeZone: TimeZone

    /// Most messages an agent-reply email quotes before the reply.
    public static let excerptMessages = 10
    /// Longest body in characters (the outbox allows 200,000); older messages are left out first.
    public static let maxBody = 150_000

    public init(organisationName: String, timeZone: TimeZone) {
        self.organisationName = Self.oneLine(organisationName, max: 100)
        self.timeZone = timeZone
    }

    /// The email for an agent's reply the customer left before reading, with the messages before it.
    public func agentReply(_ reply: ChatMessage, transcript: [ChatMessage], customerName: String?) -> (subject: String, body: String) {
        let agent = Self.oneLine(reply.agentName ?? "An agent", max: 60)
        let subject = "\(agent) replied to your chat with \(organisationName)"
        let earlier = transcript.filter { $0.seq < reply.seq }.suffix(Self.excerptMessages)
        var body = greeting(customerName)
        body += "\(agent) replied after you left the chat:\n\n"
        body += Self.indented(reply.body) + "\n\n"
        if !earlier.isEmpty {
            body += "The conversation before the reply:\n\n"
            body += lines(Array(earlier))
            body += "\n"
        }
        body += "To continue, open the chat on our website again.\n\n-- \n\(organisationName)\n"
        return (subject, body)
    }

    /// The email with the whole chat (the newest messages when it is very long).
    public func transcript(_ messages: [ChatMessage], startedAt: Date, customerName: String?) -> (subject: String, body: String) {
        let subject = "Your chat with \(organisationName) on \(day(startedAt))"
        var kept = messages
        var omitted = 0
        while Validation.length(lines(kept)) > Self.maxBody, !kept.isEmpty {
            kept.removeFirst(max(1, kept.count / 10))
            omitted = messages.count - kept.count
        }
        var body = greeting(customerName)
        body += "Here is the transcript of your chat with \(organisationName), as you asked.\n\n"
        if omitted > 0 { body += "(\(omitted) earlier messages are left out.)\n\n" }
        body += kept.isEmpty ? "(No messages.)\n" : lines(kept)
        body += "\n-- \n\(organisationName)\n"
        return (subject, body)
    }

    private func greeting(_ name: String?) -> String {
        let name = name.map { Self.oneLine($0, max: 60) } ?? ""
        return name.isEmpty ? "Hello,\n\n" : "Hello \(name),\n\n"
    }

    /// "[2025-05-02 14:03] Carol: text", continuation lines indented.
    func lines(_ messages: [ChatMessage]) -> String {
        messages.map { message in
            let text = message.attachment != nil ? "(sent a file: \(message.body))" : message.body
            return "[\(time(message.createdAt))] \(author(message)):\n\(Self.indented(text))\n"
        }.joined()
    }

    private func author(_ message: ChatMessage) -> String {
        switch message.author {
        case .customer: "You"
        case .ai: "\(organisationName) assistant"
        case .agent: Self.oneLine(message.agentName ?? "Agent", max: 60)
        case .system: organisationName
        }
    }

    private func time(_ date: Date) -> String {
        format(date, "yyyy-MM-dd HH:mm")
    }

    private func day(_ date: Date) -> String {
        format(date, "yyyy-MM-dd")
    }

    private func format(_ date: Date, _ pattern: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.timeZone = timeZone
        formatter.dateFormat = pattern
        return formatter.string(from: date)
    }

    /// Every line of `text` indented by four spaces (line breaks normalised to \n).
    static func indented(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { "    " + $0 }
            .joined(separator: "\n")
    }

    /// Control characters become spaces, runs of spaces one, at most `max` characters.
    public static func oneLine(_ text: String, max: Int) -> String {
        let cleaned = String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 }))
        let collapsed = cleaned.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        return String(String.UnicodeScalarView(collapsed.unicodeScalars.prefix(max)))
    }
}
