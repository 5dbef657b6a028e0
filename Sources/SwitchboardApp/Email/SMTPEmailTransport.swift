import Foundation
import NIOCore
import SwitchboardDomain

/// Sends email through an organisation's SMTP server with `SMTPClient`: opens the sealed
/// password, checks the server's addresses (SSRF, as for webhooks) and connects to the one it
/// checked, builds the message, and turns every failure into a reason an administrator can act on.
public struct SMTPEmailTransport: EmailTransport {
    let client: SMTPClient
    let targets: WebhookTargetRules
    let passwords: EmailPasswordBox

    init(client: SMTPClient = SMTPClient(), targets: WebhookTargetRules, passwords: EmailPasswordBox) {
        self.client = client
        self.targets = targets
        self.passwords = passwords
    }

    public func send(_ message: EmailMessage, settings: EmailSettings, organisationName: String) async throws {
        var password: String?
        if let sealed = settings.sealedPassword {
            guard let opened = passwords.open(sealed) else {
                throw EmailTransportError(
                    transient: false,
                    reason: "the stored SMTP password was sealed under another SWITCHBOARD_SECRET; enter it again in the email settings"
                )
            }
            password = opened
        }
        let address = try await checkedAddress(settings.host, port: settings.port)
        let security: SMTPClient.Security =
            switch settings.security {
            case .none: .none
            case .starttls: .starttls
            case .tls: .tls
            }
        let server = SMTPClient.Server(
            host: settings.host,
            address: address,
            security: security,
            username: settings.username,
            password: password
        )
        let data = SMTPMessageData(
            from: settings.fromAddress,
            fromName: settings.fromName.isEmpty ? organisationName : settings.fromName,
            to: message.recipient,
            subject: message.subject,
            body: message.body
        )
        do {
            try await client.send(data, from: settings.fromAddress, to: message.recipient, via: server)
        } catch let failure as SMTPFailure {
            throw EmailTransportError(transient: failure.transient, reason: failure.reason)
        } catch {
            throw EmailTransportError(transient: true, reason: "sending failed: \(SMTPConnection.describe(error))")
        }
    }

    /// The first address of `host`, every one of them allowed by the target rules.
    func checkedAddress(_ host: String, port: Int) async throws -> SocketAddress {
        let addresses: [IPAddress]
        do {
            addresses = try await WebhookTargetRules.lookUp(host, timeout: .seconds(10))
        } catch {
            throw EmailTransportError(transient: true, reason: "the SMTP host \(host.prefix(100)) could not be resolved")
        }
        guard let first = addresses.first else {
            throw EmailTransportError(transient: true, reason: "the SMTP host \(host.prefix(100)) does not resolve to any address")
        }
        if let refused = addresses.first(where: { !targets.allows($0) }) {
            throw EmailTransportError(
                transient: false,
                reason: "the SMTP host \(host.prefix(100)) resolves to \(refused), a non-public address; "
                    + "the operator may allow it with SWITCHBOARD_SMTP_ALLOW_PRIVATE"
            )
        }
        do {
            return try SocketAddress(ipAddress: first.description, port: port)
        } catch {
            throw EmailTransportError(transient: false, reason: "the SMTP host's address \(first) is not usable")
        }
    }
}
