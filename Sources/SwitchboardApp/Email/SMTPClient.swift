import Foundation
import NIOCore
import NIOSSL

/// A small SMTP client (RFC 5321): EHLO (HELO for old servers), STARTTLS, AUTH PLAIN or LOGIN,
/// MAIL FROM, RCPT TO, DATA with dot-stuffing, QUIT. One message per session. A 4xx reply or a
/// broken connection is transient (the outbox retries); a 5xx reply is permanent.
struct SMTPClient: Sendable {
    /// Where and how to connect; `address` is the checked address of `host`.
    struct Server: Sendable {
        var host: String
        var address: SocketAddress
        var security: Security
        var username: String
        var password: String?
    }

    /// `none`, `starttls` or `tls` (the settings' `security`).
    enum Security: Sendable {
        case none, starttls, tls
    }

    var connectTimeout: Duration = .seconds(10)
    /// How long the server has for each reply but the one after the message data.
    var commandTimeout: Duration = .seconds(60)
    /// How long the server has to accept the message after its data (RFC 5321 suggests 10 minutes).
    var dataTimeout: Duration = .seconds(180)
    /// Whose certificates are trusted; the system's roots unless a test gives others.
    var tls: TLSConfiguration = .makeClientConfiguration()
    /// The name this client gives in EHLO.
    var clientName = "switchboard.invalid"

    /// Sends one message; returns when the server accepted it, throws `SMTPFailure` otherwise.
    func send(_ data: SMTPMessageData, from sender: String, to recipient: String, via server: Server) async throws {
        let context: NIOSSLContext
        do {
            context = try NIOSSLContext(configuration: tls)
        } catch {
            throw SMTPFailure.tls("could not set up TLS: \(SMTPConnection.describe(error))")
        }
        // Certificates name hosts; an address literal has no name to check against SNI.
        let serverHostname = IPAddress(server.host) == nil ? server.host : nil
        let connection = try await SMTPConnection.connect(
            to: server.address,
            tls: server.security == .tls ? (context, serverHostname) : nil,
            timeout: connectTimeout
        )
        do {
            try await session(connection, data: data, sender: sender, recipient: recipient, server: server) {
                try await connection.startTLS(context: context, serverHostname: serverHostname)
            }
            await connection.close()
        } catch {
            await connection.close()
            throw error
        }
    }

    private func session(
        _ connection: SMTPConnection,
        data: SMTPMessageData,
        sender: String,
        recipient: String,
        server: Server,
        startTLS: () async throws -> Void
    ) async throws {
        try expect(try await connection.readReply(timeout: commandTimeout), 220, command: "the connection (greeting)")
        var extensions = try await hello(connection, allowHELO: server.security != .starttls && server.username.isEmpty)
        if server.security == .starttls {
            guard extensions.keys.contains("STARTTLS") else {
                throw SMTPFailure.unsupported("the SMTP server does not offer STARTTLS; choose security tls or none")
            }
            try await command(connection, "STARTTLS", expecting: 220)
            try await startTLS()
            extensions = try await hello(connection, allowHELO: false)
        }
        if !server.username.isEmpty {
            try await authenticate(connection, extensions: extensions, username: server.username, password: server.password ?? "")
        }
        try await command(connection, "MAIL FROM:<\(sender)>", expecting: 250, name: "MAIL FROM")
        try await command(connection, "RCPT TO:<\(recipient)>", expecting: 250, 251, name: "RCPT TO")
        try await command(connection, "DATA", expecting: 354)
        try await connection.write(data.dotStuffed())
        try expect(try await connection.readReply(timeout: dataTimeout), 250, command: "the message")
        // The message is accepted; a server that does not answer QUIT changes nothing.
        try? await connection.send("QUIT")
        _ = try? await connection.readReply(timeout: .seconds(5))
    }

    /// EHLO, and the extensions the server announced (keyword → parameters); HELO when the server
    /// does not know EHLO and nothing needs extensions.
    private func hello(_ connection: SMTPConnection, allowHELO: Bool) async throws -> [String: [String]] {
        try await connection.send("EHLO \(clientName)")
        let reply = try await connection.readReply(timeout: commandTimeout)
        if reply.code == 250 {
            var extensions: [String: [String]] = [:]
            for line in reply.lines.dropFirst() {
                let words = line.split(separator: " ").map { String($0).uppercased() }
                if let keyword = words.first { extensions[keyword] = Array(words.dropFirst()) }
            }
            return extensions
        }
        guard allowHELO, [500, 502].contains(reply.code) else { throw SMTPFailure.refused(command: "EHLO", reply: reply) }
        try await command(connection, "HELO \(clientName)", expecting: 250, name: "HELO")
        return [:]
    }

    /// AUTH PLAIN when offered, else AUTH LOGIN; the secrets never appear in an error.
    private func authenticate(_ connection: SMTPConnection, extensions: [String: [String]], username: String, password: String) async throws {
        let mechanisms = extensions["AUTH"] ?? []
        if mechanisms.contains("PLAIN") {
            let token = Data(("\0" + username + "\0" + password).utf8).base64EncodedString()
            try await command(connection, "AUTH PLAIN \(token)", expecting: 235, name: "AUTH PLAIN")
        } else if mechanisms.contains("LOGIN") {
            try await command(connection, "AUTH LOGIN", expecting: 334)
            try await command(connection, Data(username.utf8).base64EncodedString(), expecting: 334, name: "AUTH LOGIN (username)")
            try await command(connection, Data(password.utf8).base64EncodedString(), expecting: 235, name: "AUTH LOGIN (password)")
        } else {
            throw SMTPFailure.unsupported(
                "the SMTP server offers no AUTH PLAIN or LOGIN" + (mechanisms.isEmpty ? " (over this connection)" : "")
            )
        }
    }

    /// Sends a command and checks its reply; `name` is what an error calls it (never its arguments).
    private func command(_ connection: SMTPConnection, _ line: String, expecting codes: Int..., name: String? = nil) async throws {
        try await connection.send(line)
        try expect(try await connection.readReply(timeout: commandTimeout), codes, command: name ?? line)
    }

    private func expect(_ reply: SMTPReply, _ codes: Int..., command: String) throws {
        try expect(reply, codes, command: command)
    }

    private func expect(_ reply: SMTPReply, _ codes: [Int], command: String) throws {
        guard codes.contains(reply.code) else { throw SMTPFailure.refused(command: command, reply: reply) }
    }
}

extension SMTPClient {
    /// A client trusting the system's certificate authorities and, when given, those in `file` (PEM).
    init(extraCertificateAuthorities file: String?) {
        self.init()
        if let file { tls.additionalTrustRoots = [.file(file)] }
    }
}
