import Foundation
import NIOCore

/// The text of one email (RFC 5322): headers and a UTF-8 plain-text body in quoted-printable, so
/// no line is longer than 76 characters whatever customers typed. Header values are one line by
/// construction (the domain refuses CR and LF in addresses and strips them from names).
struct SMTPMessageData: Sendable, Equatable {
    /// Header and body lines without line ends.
    let lines: [String]

    init(
        from address: String,
        fromName: String,
        to recipient: String,
        subject: String,
        body: String,
        date: Date = Date(),
        messageID: UUID = UUID()
    ) {
        let domain = address.split(separator: "@").last.map(String.init) ?? "switchboard.invalid"
        var lines = [
            "Date: \(Self.rfc5322(date))",
            "From: \(Self.mailbox(name: fromName, address: address))",
            "To: <\(recipient)>",
            "Subject: \(Self.encodedWords(subject))",
            "Message-ID: <\(messageID.uuidString.lowercased())@\(domain)>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
            "",
        ]
        lines += Self.quotedPrintable(body)
        self.lines = lines
    }

    /// The DATA section: every line that starts with "." gets another, CRLF line ends, and the
    /// terminating "." line.
    func dotStuffed() -> ByteBuffer {
        var text = ""
        for line in lines {
            if line.hasPrefix(".") { text += "." }
            text += line + "\r\n"
        }
        text += ".\r\n"
        return ByteBuffer(string: text)
    }

    /// `"Name" <address>`, the name quoted (ASCII) or as encoded words (anything else).
    static func mailbox(name: String, address: String) -> String {
        let name = name.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(String.init).joined()
        guard !name.isEmpty else { return "<\(address)>" }
        if name.unicodeScalars.allSatisfy(\.isASCII) {
            let quoted = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "\"\(quoted)\" <\(address)>"
        }
        return "\(encodedWords(name)) <\(address)>"
    }

    /// ASCII text as it is; anything else as RFC 2047 `=?UTF-8?B?…?=` words of at most 75
    /// characters, folded onto continuation lines.
    static func encodedWords(_ text: String) -> String {
        let text = text.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(String.init).joined()
        if text.unicodeScalars.allSatisfy(\.isASCII) && text.utf8.count <= 900 { return text }
        var words: [String] = []
        var chunk = ""
        for character in text {
            // 45 bytes of UTF-8 become 60 of base64: with the 12 of the wrapper, under 75.
            if chunk.utf8.count + String(character).utf8.count > 45 {
                words.append(chunk)
                chunk = ""
            }
            chunk.append(character)
        }
        if !chunk.isEmpty { words.append(chunk) }
        return words.map { "=?UTF-8?B?\(Data($0.utf8).base64EncodedString())?=" }.joined(separator: "\r\n ")
    }

    /// Quoted-printable (RFC 2045) lines: `=` and bytes outside printable ASCII as `=XX`,
    /// trailing spaces encoded, soft breaks before 76 characters.
    static func quotedPrintable(_ body: String) -> [String] {
        let normalised = body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var result: [String] = []
        for line in normalised.split(separator: "\n", omittingEmptySubsequences: false) {
            let bytes = Array(line.utf8)
            var current = ""
            for (index, byte) in bytes.enumerated() {
                let isLast = index == bytes.count - 1
                let literal = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")) || ((byte == 32 || byte == 9) && !isLast)
                let piece = literal ? String(UnicodeScalar(byte)) : String(format: "=%02X", byte)
                if current.utf8.count + piece.utf8.count > 75 {
                    result.append(current + "=")
                    current = ""
                }
                current += piece
            }
            result.append(current)
        }
        return result
    }

    /// `Tue, 02 May 2025 14:03:00 +0000`.
    static func rfc5322(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
