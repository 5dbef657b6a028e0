import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchboardDomain
import SwitchboardStore
import TestSupport
import Testing

@testable import SwitchboardApp
@testable import SwitchboardHTTP

/// An organisation's SMTP settings on the console and over REST: the password sealed and never
/// shown, every change audited without it, clear refusals (no line breaks anywhere), a test email
/// through a real server on loopback, and each organisation seeing and changing only its own.
@Suite struct EmailSettingsTests {
    static let password = "pw-VERY-secret-0123"

    struct Settings: Decodable {
        let enabled: Bool
        let host: String
        let port: Int
        let security: String
        let username: String
        let passwordSet: Bool
        let fromAddress: String
        let fromName: String
    }

    @Test func anAdminSetsUpEmailAndThePasswordIsSealedAuditedAndNeverShown() async throws {
        try await TestSystem.with { system in
            let admin = try await system.agent("Ada", role: .admin)
            let agent = try await system.agent("Carol", role: .agent)
            try await system.application().test(.router) { client in
                let defaults = try decodeWire(Settings.self, from: try await client.consoleGet("/console/api/email", token: admin.token).body)
                #expect(
                    !defaults.enabled && !defaults.passwordSet && defaults.host.isEmpty && defaults.port == 587 && defaults.security == "starttls"
                )
                #expect(try await client.consoleGet("/console/api/email", token: agent.token).status == .forbidden)

                let body = """
                    {"enabled": true, "host": "SMTP.Harbour.example", "port": 465, "security": "tls", "username": "harbour",
                     "password": "\(Self.password)", "fromAddress": "Help@Harbour.example", "fromName": "Harbour Help"}
                    """
                let saved = try await client.putSettings("/console/api/email", json: body, token: admin.token)
                #expect(saved.status == .ok, "\(String(buffer: saved.body))")
                #expect(!String(buffer: saved.body).contains("secret"))
                let settings = try decodeWire(Settings.self, from: saved.body)
                #expect(settings.enabled && settings.passwordSet && settings.host == "smtp.harbour.example" && settings.port == 465)
                #expect(settings.fromAddress == "help@harbour.example" && settings.security == "tls" && settings.fromName == "Harbour Help")

                // Sealed for its own purpose, opening only with this server's secret.
                let stored = try #require(try await PostgresEmailSettings(pool: system.pool).settings(orgID: system.orgID))
                let sealed = try #require(stored.sealedPassword)
                expectSealed(sealed, as: Self.password) { EmailPasswordBox(secret: $0).open($1) }
                #expect(ProviderKeyBox(secret: TestSystem.secret).open(sealed) == nil)

                // Leaving the password out keeps it; removePassword forgets it.
                let renamed = try await client.putSettings("/console/api/email", json: #"{"fromName": "Harbour"}"#, token: admin.token)
                #expect(try decodeWire(Settings.self, from: renamed.body).passwordSet)
                let removed = try await client.putSettings("/console/api/email", json: #"{"removePassword": true}"#, token: admin.token)
                #expect(try decodeWire(Settings.self, from: removed.body).passwordSet == false)

                #expect(try await system.auditActions().prefix(3) == ["email.updated", "email.updated", "email.updated"])
                let details = try await system.auditDetails("email.updated", allBy: admin)
                #expect(!details.text.contains("secret") && details.text.contains("passwordChanged"))
                #expect(details.allByAgent)
                let before = try await system.auditActions().count
                _ = try await client.putSettings("/console/api/email", json: #"{"fromName": "Harbour"}"#, token: admin.token)
                #expect(try await system.auditActions().count == before, "no change, no entry")
            }
        }
    }

    @Test func badSettingsAreRefusedWithAReasonAndNothingChanges() async throws {
        try await TestSystem.with { system in
            let admin = try await system.agent("Ada", role: .admin)
            try await system.application().test(.router) { client in
                let cases: [(String, String)] = [
                    (#"{"enabled": true}"#, "invalid_host"),
                    (#"{"enabled": true, "host": "smtp.harbour.example"}"#, "invalid_from_address"),
                    (#"{"host": "smtp.harbour.example\r\nRCPT TO:<x@y.z>"}"#, "invalid_host"),
                    (#"{"host": "smtp harbour"}"#, "invalid_host"),
                    (#"{"port": 0}"#, "invalid_port"),
                    (#"{"port": 70000}"#, "invalid_port"),
                    (#"{"security": "ssl"}"#, "invalid_security"),
                    (#"{"fromAddress": "help@harbour.example\r\nBcc: all@victims.example"}"#, "invalid_from_address"),
                    (#"{"fromAddress": "not an address"}"#, "invalid_from_address"),
                    (#"{"fromName": "Harbour\r\nBcc: all@victims.example"}"#, "invalid_from_name"),
                    (#"{"username": "harbour\nx"}"#, "invalid_username"),
                    (#"{"password": "line\r\nbreak"}"#, "invalid_password"),
                    (#"{"password": "x", "removePassword": true}"#, "invalid_password"),
                    (#"{"host": "smtp.harbour.example", "security": "none", "username": "harbour"}"#, "insecure_authentication"),
                    (#"{"port": "many"}"#, "invalid_email_settings"),
                ]
                try await client.expectRefused(cases, at: "/console/api/email", token: admin.token)
                #expect(try await PostgresEmailSettings(pool: system.pool).settings(orgID: system.orgID) == nil)
                // Plain text with a password is fine to a server on this machine.
                let local = try await client.putSettings(
                    "/console/api/email",
                    json: #"{"host": "127.0.0.1", "port": 2525, "security": "none", "username": "harbour", "password": "pw"}"#,
                    token: admin.token
                )
                #expect(local.status == .ok, "\(String(buffer: local.body))")
            }
        }
    }

    @Test func theRESTSettingsNeedTheAdminScopeAndEachOrganisationHasItsOwn() async throws {
        try await TestSystem.with { system in
            let admin = try await system.apiKey([.admin])
            let reader = try await system.apiKey([.conversationsRead])
            let other = try await system.makeOrganisation()
            let otherAdmin = try await system.apiKey([.admin], in: other.id)
            try await system.application().test(.router) { client in
                #expect(try await client.v1(.get, "settings/email", key: reader).status == .forbidden)
                let patched = try await client.v1(
                    .patch,
                    "settings/email",
                    key: admin,
                    json:
                        #"{"enabled": true, "host": "smtp.harbour.example", "from_address": "help@harbour.example", "password": "\#(Self.password)"}"#
                )
                #expect(patched.status == .ok, "\(String(buffer: patched.body))")
                let body = try jsonObject(patched)
                #expect(body["password_set"] as? Bool == true && body["password"] == nil && !String(buffer: patched.body).contains("secret"))
                let actor = try await system.pool.withTenant(system.orgID) { session in
                    try await session.query("SELECT actor_kind FROM audit_log WHERE org_id = $1 AND action = 'email.updated'", [system.orgID])
                        .singleRow()?.decode("actor_kind", as: String.self)
                }
                #expect(actor == "api_key")

                // The other organisation sees its own defaults and changes only its own.
                let theirs = try jsonObject(try await client.v1(.get, "settings/email", key: otherAdmin))
                #expect(theirs["enabled"] as? Bool == false && theirs["host"] as? String == "")
                _ = try await client.v1(.patch, "settings/email", key: otherAdmin, json: #"{"host": "smtp.other.example"}"#)
                let ours = try jsonObject(try await client.v1(.get, "settings/email", key: admin))
                #expect(ours["host"] as? String == "smtp.harbour.example")
            }
        }
    }

    @Test func aTestEmailGoesThroughTheServerAndARefusalIsShown() async throws {
        let server = try ScriptedSMTPServer { command, connection in
            command == "RCPT" && connection == 2 ? "550 5.1.1 no such user" : nil
        }
        defer { server.stop() }
        try await TestSystem.with { system in
            let admin = try await system.agent("Ada", role: .admin)
            try await system.application().test(.router) { client in
                let unset = try await client.request(
                    .post,
                    "/console/api/email/test",
                    json: #"{"to": "ada@harbour.example"}"#,
                    token: admin.token,
                    origin: nil
                )
                #expect(unset.status == .conflict)
                #expect(try errorBody(unset).code == "email_not_configured")
                let settings = #"{"host": "127.0.0.1", "port": \#(server.port), "security": "none", "fromAddress": "help@harbour.example"}"#
                #expect(try await client.putSettings("/console/api/email", json: settings, token: admin.token).status == .ok)

                let sent = try await client.request(
                    .post,
                    "/console/api/email/test",
                    json: #"{"to": "ada@harbour.example"}"#,
                    token: admin.token,
                    origin: nil
                )
                #expect(sent.status == .ok)
                #expect(try jsonObject(sent)["sent"] as? Bool == true)
                #expect(server.messages.first?.contains("Subject: Test email from Harbour Shop") == true)

                let refused = try await client.request(
                    .post,
                    "/console/api/email/test",
                    json: #"{"to": "ada@harbour.example"}"#,
                    token: admin.token,
                    origin: nil
                )
                let answer = try jsonObject(refused)
                #expect(answer["sent"] as? Bool == false)
                #expect((answer["error"] as? String)?.contains("550 5.1.1 no such user") == true)

                let injected = try await client.request(
                    .post,
                    "/console/api/email/test",
                    json: #"{"to": "ada@harbour.example>\r\nRCPT TO:<all@victims.example"}"#,
                    token: admin.token,
                    origin: nil
                )
                #expect(injected.status == .unprocessableContent)
                #expect(try errorBody(injected).code == "invalid_email")
                #expect(server.connections == 2)
            }
        }
    }
}
