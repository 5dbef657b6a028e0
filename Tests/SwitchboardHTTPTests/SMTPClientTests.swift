import Foundation
import SwitchboardDomain
import Testing

@testable import SwitchboardApp

/// The SMTP client against a real server on loopback that the test scripts: the whole session,
/// multi-line replies, AUTH PLAIN and LOGIN, dot-stuffing, and which failures are retried.
@Suite struct SMTPClientTests {
    static let secret = "smtp-client-test-secret-of-some-length"

    static func transport(commandTimeout: Duration = .seconds(10)) -> SMTPEmailTransport {
        var client = SMTPClient()
        client.commandTimeout = commandTimeout
        return SMTPEmailTransport(
            client: client,
            targets: WebhookTargetRules(allowAllPrivate: true),
            passwords: EmailPasswordBox(secret: secret)
        )
    }

    static func settings(
        _ server: ScriptedSMTPServer,
        username: String = "",
        password: String? = nil,
        security: EmailSettings.Security = .none
    )
        throws -> EmailSettings
    {
        EmailSettings(
            enabled: true,
            host: "127.0.0.1",
            port: server.port,
            security: security,
            username: username,
            sealedPassword: try password.map { try EmailPasswordBox(secret: secret).seal($0) },
            fromAddress: "help@harbour.example",
            fromName: "Harbour Shop"
        )
    }

    static let message = EmailMessage(
        recipient: "dana@example.com",
        subject: "Carol replied to your chat with Harbour Shop",
        body: "Hello Dana,\n\n.a line that starts with a dot\n..and one with two\n.\nThe end.\n"
    )

    @Test func aMessageGoesThroughTheWholeSessionWithAuthPlainAndDotStuffing() async throws {
        let server = try ScriptedSMTPServer(ehlo: ["250-smtp.test greets you", "250-AUTH LOGIN PLAIN", "250-SIZE 10240000", "250 8BITMIME"])
        defer { server.stop() }
        try await Self.transport().send(
            Self.message,
            settings: try Self.settings(server, username: "harbour", password: "pa ss:wörd"),
            organisationName: "Harbour"
        )
        let commands = server.commands
        #expect(commands.first?.hasPrefix("EHLO ") == true)
        let auth = try #require(commands.first { $0.hasPrefix("AUTH PLAIN ") })
        let token = try #require(Data(base64Encoded: String(auth.dropFirst("AUTH PLAIN ".count))))
        #expect(token == Data("\0harbour\0pa ss:wörd".utf8))
        #expect(commands.contains("MAIL FROM:<help@harbour.example>"))
        #expect(commands.contains("RCPT TO:<dana@example.com>"))
        #expect(commands.last == "QUIT")

        let received = try #require(server.messages.first)
        #expect(received.contains("From: \"Harbour Shop\" <help@harbour.example>\r\n"))
        #expect(received.contains("To: <dana@example.com>\r\n"))
        #expect(received.contains("Subject: Carol replied to your chat with Harbour Shop\r\n"))
        #expect(received.contains("Content-Transfer-Encoding: quoted-printable\r\n"))
        // The body's own dot lines arrive intact (stuffed by the client, unstuffed by the server).
        #expect(received.contains("\r\n.a line that starts with a dot\r\n..and one with two\r\n.\r\nThe end.\r\n"))
    }

    @Test func authLoginWhenTheServerOffersOnlyLogin() async throws {
        let server = try ScriptedSMTPServer(ehlo: ["250-smtp.test", "250 AUTH LOGIN"])
        defer { server.stop() }
        try await Self.transport().send(
            Self.message,
            settings: try Self.settings(server, username: "harbour", password: "s3cret"),
            organisationName: "H"
        )
        #expect(server.commands.contains("LOGIN-USER \(Data("harbour".utf8).base64EncodedString())"))
        #expect(server.commands.contains("LOGIN-PASSWORD \(Data("s3cret".utf8).base64EncodedString())"))
        #expect(server.messages.count == 1)
    }

    @Test func aWrongPasswordFailsForGoodAndTheErrorHoldsNoSecret() async throws {
        let server = try ScriptedSMTPServer(ehlo: ["250-smtp.test", "250 AUTH PLAIN"]) { command, _ in
            command == "AUTH-RESULT" ? "535 5.7.8 Authentication credentials invalid" : nil
        }
        defer { server.stop() }
        let error = try await #require(throws: EmailTransportError.self) {
            try await Self.transport().send(
                Self.message,
                settings: try Self.settings(server, username: "harbour", password: "s3cret"),
                organisationName: "H"
            )
        }
        #expect(!error.transient)
        #expect(error.reason == "the SMTP server refused AUTH PLAIN: 535 5.7.8 Authentication credentials invalid")
        #expect(!error.reason.contains("s3cret") && !error.reason.contains(Data("\0harbour\0s3cret".utf8).base64EncodedString()))
        #expect(server.messages.isEmpty)
    }

    @Test func aMultiLine4xxReplyIsTransientAndA5xxIsPermanent() async throws {
        let busy = try ScriptedSMTPServer { command, _ in
            command == "RCPT" ? "451-4.3.0 Mailbox temporarily unavailable\r\n451 4.3.0 Try again later" : nil
        }
        defer { busy.stop() }
        let later = try await #require(throws: EmailTransportError.self) {
            try await Self.transport().send(Self.message, settings: try Self.settings(busy), organisationName: "H")
        }
        #expect(later.transient)
        #expect(later.reason == "the SMTP server refused RCPT TO: 451 4.3.0 Mailbox temporarily unavailable 4.3.0 Try again later")

        let unknown = try ScriptedSMTPServer { command, _ in command == "RCPT" ? "550 5.1.1 <dana@example.com>: user unknown" : nil }
        defer { unknown.stop() }
        let never = try await #require(throws: EmailTransportError.self) {
            try await Self.transport().send(Self.message, settings: try Self.settings(unknown), organisationName: "H")
        }
        #expect(!never.transient)
        #expect(never.reason.hasPrefix("the SMTP server refused RCPT TO: 550 5.1.1"))
        #expect(unknown.messages.isEmpty)
    }

    @Test func aRefusedMessageAfterItsDataIsReportedWithTheServersWords() async throws {
        let server = try ScriptedSMTPServer { command, _ in command == "END-OF-DATA" ? "554 5.7.1 Rejected as spam" : nil }
        defer { server.stop() }
        let error = try await #require(throws: EmailTransportError.self) {
            try await Self.transport().send(Self.message, settings: try Self.settings(server), organisationName: "H")
        }
        #expect(!error.transient && error.reason == "the SMTP server refused the message: 554 5.7.1 Rejected as spam")
    }

    @Test func starttlsRequiredButNotOfferedIsRefusedBeforeAnythingIsSent() async throws {
        let server = try ScriptedSMTPServer()
        defer { server.stop() }
        let error = try await #require(throws: EmailTransportError.self) {
            try await Self.transport().send(Self.message, settings: try Self.settings(server, security: .starttls), organisationName: "H")
        }
        #expect(!error.transient && error.reason.contains("does not offer STARTTLS"))
        #expect(!server.commands.contains { $0.hasPrefix("MAIL") || $0.hasPrefix("AUTH") })
    }

    @Test func aServerThatNeverGreetsTimesOutAndNobodyListeningIsTransient() async throws {
        // Far beyond the 500 ms limit: on a loaded machine the client's timer may fire seconds late,
        // and a greeting that arrived first would let the send succeed.
        let silent = try ScriptedSMTPServer(greetingDelay: 30)
        defer { silent.stop() }
        let slow = try await #require(throws: EmailTransportError.self) {
            try await Self.transport(commandTimeout: .milliseconds(500)).send(
                Self.message,
                settings: try Self.settings(silent),
                organisationName: "H"
            )
        }
        #expect(slow.transient && slow.reason == "the SMTP server did not answer in time")

        let closed = try ScriptedSMTPServer()
        closed.stop()
        let refused = try await #require(throws: EmailTransportError.self) {
            try await Self.transport().send(Self.message, settings: try Self.settings(closed), organisationName: "H")
        }
        #expect(refused.transient && refused.reason.hasPrefix("could not connect to 127.0.0.1 port \(closed.port)"))
    }

    @Test func privateAddressesAreRefusedUnlessTheOperatorAllowsThem() async throws {
        let server = try ScriptedSMTPServer()
        defer { server.stop() }
        let strict = SMTPEmailTransport(targets: WebhookTargetRules(), passwords: EmailPasswordBox(secret: Self.secret))
        let error = try await #require(throws: EmailTransportError.self) {
            try await strict.send(Self.message, settings: try Self.settings(server), organisationName: "H")
        }
        #expect(!error.transient && error.reason.contains("SWITCHBOARD_SMTP_ALLOW_PRIVATE"))
        #expect(server.connections == 0)
    }

    @Test func longAndNonASCIILinesTravelAsQuotedPrintableAndEncodedWords() {
        let data = SMTPMessageData(
            from: "help@harbour.example",
            fromName: "Hafen Café",
            to: "dana@example.com",
            subject: "Ihre Unterhaltung mit dem Hafen Café",
            body: String(repeating: "Grüße aus dem Hafen ", count: 40) + "= end  "
        )
        #expect(data.lines.allSatisfy { $0.utf8.count <= 998 })
        let body = data.lines.drop { !$0.isEmpty }.dropFirst()
        #expect(body.allSatisfy { $0.utf8.count <= 76 && $0.unicodeScalars.allSatisfy(\.isASCII) })
        #expect(body.joined().contains("Gr=C3=BC=C3=9Fe"))
        #expect(body.joined(separator: "\n").replacingOccurrences(of: "=\n", with: "").hasSuffix("=3D end =20"))
        let subject = try! #require(data.lines.first { $0.hasPrefix("Subject: ") })
        #expect(subject.contains("=?UTF-8?B?"))
        #expect(data.lines.contains { $0.hasPrefix("From: =?UTF-8?B?") && $0.hasSuffix(" <help@harbour.example>") })
    }
}
