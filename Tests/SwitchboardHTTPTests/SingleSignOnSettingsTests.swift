import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchboardDomain
import SwitchboardStore
import TestSupport
import Testing

@testable import SwitchboardHTTP

/// An organisation's single sign-on settings, sign-in accounts, the sign-in pages' limits and
/// the development sign-in switch, over the real database.
@Suite struct SingleSignOnSettingsTests {
    struct Settings: Decodable {
        let issuer: String?
        let clientId: String?
        let clientSecretSet: Bool
        let roleClaim: String?
        let scopes: [String]
    }

    @Test func anAdminSetsTheProviderAndTheSecretIsNeverShown() async throws {
        try await TestSystem.with { system in
            let admin = try await system.agent("Ada", role: .admin)
            try await system.application().test(.router) { client in
                let empty = try decodeWire(Settings.self, from: try await client.consoleGet("/console/api/sso", token: admin.token).body)
                #expect(!empty.clientSecretSet && empty.issuer == nil)

                let body = #"{"issuer": "https://login.acme.test", "clientId": "switchboard", "clientSecret": "s3cret-value", "roleClaim": "roles"}"#
                let saved = try await client.request(.put, "/console/api/sso", json: body, token: admin.token, origin: nil)
                #expect(saved.status == .ok)
                #expect(!String(buffer: saved.body).contains("s3cret-value"))
                let settings = try decodeWire(Settings.self, from: saved.body)
                #expect(settings.clientSecretSet && settings.issuer == "https://login.acme.test" && settings.roleClaim == "roles")
                #expect(settings.scopes == ["openid", "email", "profile"])

                // Stored sealed: not the plain text, and it opens with the server's secret only.
                let stored = try #require(try await system.signIn.singleSignOn.configuration(orgID: system.orgID))
                #expect(!String(decoding: stored.sealedClientSecret, as: UTF8.self).contains("s3cret-value"))
                #expect(try system.signIn.secrets.open(stored.sealedClientSecret) == "s3cret-value")
                #expect(throws: ClientSecretUnreadable.self) {
                    try ClientSecretBox(secret: "another-secret-of-at-least-32-characters").open(stored.sealedClientSecret)
                }

                // Leaving the secret out keeps it; the change is audited without the secret.
                let renamed = #"{"issuer": "https://login.acme.test", "clientId": "switchboard-2"}"#
                #expect(try await client.request(.put, "/console/api/sso", json: renamed, token: admin.token, origin: nil).status == .ok)
                let kept = try #require(try await system.signIn.singleSignOn.configuration(orgID: system.orgID))
                #expect(kept.clientID == "switchboard-2" && kept.sealedClientSecret == stored.sealedClientSecret)
                #expect(try await system.auditActions().prefix(2) == ["sso.updated", "sso.created"])
                let details = try await system.pool.withTenant(system.orgID) { session in
                    try await session.query("SELECT string_agg(details::text, ' ') AS d FROM audit_log WHERE org_id = $1", [system.orgID])
                        .singleRow()?.decode("d", as: String.self)
                }
                #expect(details?.contains("s3cret") == false)
            }
        }
    }

    @Test func badSettingsAreRefusedWithAReason() async throws {
        try await TestSystem.with { system in
            let admin = try await system.agent("Ada", role: .admin)
            try await system.application().test(.router) { client in
                let cases: [(String, String)] = [
                    (#"{"issuer": "not a url", "clientId": "x", "clientSecret": "y"}"#, "invalid_issuer"),
                    (#"{"issuer": "https://idp.test", "clientId": "x"}"#, "client_secret_required"),
                    (#"{"issuer": "https://idp.test", "clientId": "x", "clientSecret": "y", "allowedAlgorithms": ["HS256"]}"#, "invalid_algorithms"),
                    (#"{"issuer": "https://idp.test", "clientId": "x", "clientSecret": "y", "scopes": ["email"]}"#, "invalid_scopes"),
                ]
                for (body, code) in cases {
                    let response = try await client.request(.put, "/console/api/sso", json: body, token: admin.token, origin: nil)
                    #expect(response.status == .unprocessableContent, "\(body)")
                    #expect(try errorBody(response).code == code)
                }
            }
        }
    }

    @Test func theFirstSignInCreatesTheAgentAndLaterOnesRefreshNameEmailAndRole() async throws {
        try await TestSystem.with { system in
            let accounts = system.signIn.accounts
            let first = try await accounts.signIn(
                orgID: system.orgID,
                identity: SignInIdentity(issuer: "https://idp.test", subject: "u-1", email: "carol@acme.test", name: "Carol", role: nil)
            )
            #expect(first.role == .agent && first.displayName == "Carol" && first.lastSignInAt != nil)

            let promoted = try await accounts.signIn(
                orgID: system.orgID,
                identity: SignInIdentity(
                    issuer: "https://idp.test",
                    subject: "u-1",
                    email: "c.mendes@acme.test",
                    name: "Carol Mendes",
                    role: .supervisor
                )
            )
            #expect(promoted.id == first.id)
            #expect(promoted.signInName == "Carol Mendes" && promoted.email == "c.mendes@acme.test" && promoted.role == .supervisor)

            // Without a role claim the stored role stays.
            let again = try await accounts.signIn(
                orgID: system.orgID,
                identity: SignInIdentity(issuer: "https://idp.test", subject: "u-1", email: nil, name: "Carol M.", role: nil)
            )
            #expect(again.role == .supervisor)

            // Another provider's user with the same subject is another person.
            let stranger = try await accounts.signIn(
                orgID: system.orgID,
                identity: SignInIdentity(issuer: "https://other-idp.test", subject: "u-1", email: nil, name: "Someone", role: nil)
            )
            #expect(stranger.id != first.id)
        }
    }

    @Test func aDisabledAgentCannotSignIn() async throws {
        try await TestSystem.with { system in
            let identity = SignInIdentity(issuer: "https://idp.test", subject: "u-2", email: nil, name: "Dan", role: nil)
            let dan = try await system.signIn.accounts.signIn(orgID: system.orgID, identity: identity)
            _ = try await system.signIn.accounts.update(orgID: system.orgID, agentID: dan.id, role: nil, disabled: true, by: .commandLine)
            await #expect(throws: SimpleDomainError.agentDisabled) {
                try await system.signIn.accounts.signIn(orgID: system.orgID, identity: identity)
            }
            #expect(try await system.auditActions().first == "agent.updated")
        }
    }

    @Test func theLoginPageEscapesWhatItShows() async throws {
        try await TestSystem.with { system in
            try await system.application().test(.router) { client in
                let page = try await client.executeRequest(
                    uri: "/console/login?org=%3Cscript%3Ealert(1)%3C/script%3E",
                    method: .get,
                    headers: [:],
                    body: nil
                )
                #expect(page.status == .notFound)
                let html = String(buffer: page.body)
                #expect(!html.contains("<script>") && html.contains("&lt;script&gt;"))

                let known = try await client.executeRequest(
                    uri: "/console/login?org=\(system.organisation.slug)",
                    method: .get,
                    headers: [:],
                    body: nil
                )
                #expect(known.status == .ok)
                #expect(String(buffer: known.body).contains("Sign in with Harbour Shop"))
            }
        }
        #expect(SignInPages.escape(#"<a href="x">'&'</a>"#) == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
    }

    @Test func tooManySignInAttemptsFromOneAddressAreRefused() async throws {
        try await TestSystem.with { system in
            try await system.application().test(.router) { client in
                // 20 a minute, refilled continuously: the first 20 pass; on a slow machine a few more
                // may pass while tokens trickle back (one every 3 s), but a burst soon hits the limit.
                var statuses: [HTTPResponse.Status] = []
                var refused: TestResponse?
                for _ in 0..<40 {
                    let response = try await client.executeRequest(uri: "/console/auth/start?org=no-such-org", method: .get, headers: [:], body: nil)
                    if response.status == .tooManyRequests {
                        refused = response
                        break
                    }
                    statuses.append(response.status)
                }
                #expect(statuses.count >= 20 && statuses.allSatisfy { $0 == .notFound })
                let refusal = try #require(refused)
                #expect(refusal.status == .tooManyRequests)
                #expect(Int(refusal.headers[.retryAfter] ?? "") ?? 0 >= 1)
            }
        }
    }

    @Test func developmentSignInIsNotThereUnlessSwitchedOn() async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            try await system.application().test(.router) { client in
                let page = try await client.executeRequest(
                    uri: "/console/dev-login?org=\(system.organisation.slug)",
                    method: .get,
                    headers: [:],
                    body: nil
                )
                #expect(page.status == .notFound)
                let post = try await client.request(
                    .post,
                    "/console/dev-login",
                    json: jsonText(["org": system.organisation.slug, "agentId": carol.id.uuidString]),
                    origin: nil
                )
                #expect(post.status == .notFound)
                #expect(post.headers[.setCookie] == nil)
            }
            // The test database is not the embedded demo, so serve --dev-sign-in would refuse to start.
            #expect(try await EmbeddedDemoMarker.isPresent(using: system.pool) == false)
        }
    }
}
