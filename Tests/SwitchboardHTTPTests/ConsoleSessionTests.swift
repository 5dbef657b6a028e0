import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HummingbirdWSTesting
import SwitchboardDomain
import TestSupport
import Testing

@testable import SwitchboardHTTP

/// Console sessions over the real database: the cookie signs the agent in, cookie changes need
/// the CSRF token, signing out and disabling end sessions and close sockets on every instance,
/// and the admin endpoints keep to their organisation and role.
@Suite(.timeLimit(.minutes(2))) struct ConsoleSessionTests {
    struct MeBody: Decodable {
        struct Agent: Decodable {
            let id: UUID
            let displayName: String
            let displayNameOverride: String?
            let role: AgentRole
        }
        struct Org: Decodable {
            let id: UUID
            let slug: String
            let isDemo: Bool
        }
        let agent: Agent
        let organisation: Org
        let csrfToken: String?
    }

    @Test(arguments: Transport.allCases) func theSessionCookieSignsTheAgentIn(over transport: Transport) async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            let browser = try await system.browserSession(for: carol)
            try await system.application().test(transport.setup) { client in
                let me = try await client.browser(.get, "/console/api/me", as: browser)
                #expect(me.status == .ok)
                let body = try decodeWire(MeBody.self, from: me.body)
                #expect(body.agent.id == carol.id)
                #expect(body.agent.displayName == "Carol")
                #expect(body.organisation.slug == system.organisation.slug)
                #expect(body.csrfToken == browser.csrfToken)
                #expect(String(buffer: me.body).contains(#""displayNameOverride":null"#))

                let forged = ConsoleBrowser(cookie: SessionCookie.randomToken(), csrfToken: "x", sessionID: UUID())
                #expect(try await client.browser(.get, "/console/api/me", as: forged).status == .unauthorized)
            }
        }
    }

    @Test(arguments: Transport.allCases) func cookieChangesNeedTheSessionsCSRFToken(over transport: Transport) async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            let browser = try await system.browserSession(for: carol)
            try await system.application().test(transport.setup) { client in
                let rename = jsonText(["displayNameOverride": "Caz"])
                let missing = try await client.browser(.patch, "/console/api/me", as: browser, json: rename)
                #expect(missing.status == .forbidden)
                #expect(try errorBody(missing).code == "csrf_failed")
                let wrong = try await client.browser(.patch, "/console/api/me", as: browser, csrf: "not-the-token", json: rename)
                #expect(wrong.status == .forbidden)
                #expect(try errorBody(wrong).code == "csrf_failed")
                #expect(try await system.signIn.accounts.account(orgID: system.orgID, agentID: carol.id)?.displayNameOverride == nil)

                let right = try await client.browser(.patch, "/console/api/me", as: browser, csrf: browser.csrfToken, json: rename)
                #expect(right.status == .ok)
                #expect(try decodeWire(MeBody.self, from: right.body).agent.displayName == "Caz")

                // Customers now see the chosen name when Carol takes over.
                let chat = try await client.startChat(system.organisation)
                #expect(try await client.say("I want to speak to a human please", in: chat).status == .created)
                let takeOver = try await client.browser(
                    .post,
                    "/console/api/conversations/\(chat.conversationId)/take-over",
                    as: browser,
                    csrf: browser.csrfToken,
                    json: "{}"
                )
                #expect(takeOver.status == .ok)
                #expect(try await client.widgetTranscript(chat).messages.contains { $0.body == "Caz joined" })
            }
        }
    }

    @Test(arguments: Transport.allCases) func bearerTokensNeedNoCSRFToken(over transport: Transport) async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            try await system.application().test(transport.setup) { client in
                let response = try await client.request(
                    .patch,
                    "/console/api/me",
                    json: jsonText(["displayNameOverride": "Caro"]),
                    token: carol.token,
                    origin: nil
                )
                #expect(response.status == .ok)
                #expect(try decodeWire(MeBody.self, from: response.body).csrfToken == nil)
            }
        }
    }

    @Test(arguments: Transport.allCases) func signingOutRevokesTheSessionAndClearsTheCookie(over transport: Transport) async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            let browser = try await system.browserSession(for: carol)
            let other = try await system.browserSession(for: carol)
            try await system.application().test(transport.setup) { client in
                #expect(try await client.browser(.post, "/console/api/logout", as: browser).status == .forbidden)
                let logout = try await client.browser(.post, "/console/api/logout", as: browser, csrf: browser.csrfToken)
                #expect(logout.status == .noContent)
                let cookie = try #require(logout.headers[.setCookie])
                #expect(cookie.contains("\(SessionCookie.name)=;") && cookie.contains("Max-Age=0"))
                #expect(try await client.browser(.get, "/console/api/me", as: browser).status == .unauthorized)
                // Only this browser signed out.
                #expect(try await client.browser(.get, "/console/api/me", as: other).status == .ok)
            }
        }
    }

    @Test(arguments: Transport.allCases) func aSessionEndsAfterTwelveIdleHoursOrSevenDays(over transport: Transport) async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            let idle = try await system.browserSession(for: carol)
            let old = try await system.browserSession(for: carol)
            let fresh = try await system.browserSession(for: carol)
            try await system.pool.withTenant(system.orgID) { session in
                try await session.execute(
                    "UPDATE web_sessions SET last_seen_at = now() - interval '12 hours 1 minute' WHERE org_id = $1 AND session_id = $2",
                    [system.orgID, idle.sessionID]
                )
                try await session.execute(
                    "UPDATE web_sessions SET expires_at = now() - interval '1 second' WHERE org_id = $1 AND session_id = $2",
                    [system.orgID, old.sessionID]
                )
                try await session.execute(
                    "UPDATE web_sessions SET last_seen_at = now() - interval '11 hours' WHERE org_id = $1 AND session_id = $2",
                    [system.orgID, fresh.sessionID]
                )
            }
            try await system.application().test(transport.setup) { client in
                let statuses = [
                    try await client.browser(.get, "/console/api/me", as: idle).status,
                    try await client.browser(.get, "/console/api/me", as: old).status,
                    try await client.browser(.get, "/console/api/me", as: fresh).status,
                ]
                #expect(statuses == [.unauthorized, .unauthorized, .ok])
            }
            // Using a session marks it seen, which restarts its idle clock.
            let lastSeen = try await system.pool.withTenant(system.orgID) { session in
                try await session.query(
                    "SELECT last_seen_at > now() - interval '1 minute' AS recent FROM web_sessions WHERE org_id = $1 AND session_id = $2",
                    [system.orgID, fresh.sessionID]
                ).singleRow()?.decode("recent", as: Bool.self)
            }
            #expect(lastSeen == true)
        }
    }

    @Test func sessionsThatEndedOverADayAgoArePurged() async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            let ended = try await system.browserSession(for: carol)
            let recent = try await system.browserSession(for: carol)
            let live = try await system.browserSession(for: carol)
            try await system.pool.withTenant(system.orgID) { session in
                try await session.execute(
                    "UPDATE web_sessions SET revoked_at = now() - interval '25 hours' WHERE org_id = $1 AND session_id = $2",
                    [system.orgID, ended.sessionID]
                )
                try await session.execute(
                    "UPDATE web_sessions SET revoked_at = now() - interval '1 hour' WHERE org_id = $1 AND session_id = $2",
                    [system.orgID, recent.sessionID]
                )
            }
            #expect(try await system.live.webSessions.purgeEnded(policy: system.signIn.policy) >= 1)
            let left = try await system.pool.withTenant(system.orgID) { session in
                try await session.query("SELECT session_id FROM web_sessions WHERE org_id = $1", [system.orgID])
                    .map { try $0.decode("session_id", as: UUID.self) }
            }
            #expect(Set(left) == [recent.sessionID, live.sessionID])
        }
    }

    @Test func theCookieIsHttpOnlyLaxAndSecureBehindTLS() throws {
        let plain = Request(head: .init(method: .get, scheme: "http", authority: "chat.test", path: "/"), body: .init(buffer: .init()))
        let proxied = Request(
            head: .init(method: .get, scheme: "http", authority: "chat.test", path: "/", headerFields: [.init("X-Forwarded-Proto")!: "https"]),
            body: .init(buffer: .init())
        )
        let cookie = SessionCookie.make(token: "abc", maxAge: .seconds(60), for: plain)
        #expect(cookie.httpOnly && cookie.sameSite == .lax && cookie.path == "/" && !cookie.secure)
        #expect(SessionCookie.make(token: "abc", maxAge: .seconds(60), for: proxied).secure)
    }

    @Test func revokingASessionClosesItsSocketAndDisablingClosesTheRest() async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            let dave = try await system.agent("Dave")
            let admin = try await system.agent("Ada", role: .admin)
            let laptop = try await system.browserSession(for: carol)
            let phone = try await system.browserSession(for: carol)
            try await system.withSecondInstance { second in
                try await system.withRelay {
                    try await second.withRelay {
                        try await system.application().test(.live) { first in
                            try await second.application().test(.live) { other in
                                let (port1, port2) = (try #require(first.port), try #require(other.port))
                                let laptopSocket = CookieSocket(port: port1, browser: laptop)
                                let phoneSocket = CookieSocket(port: port2, browser: phone)
                                // Dave's sockets prove both relays listen before anything is revoked.
                                let dave1 = TestSocket(port: port1, path: "/console/api/socket?token=\(dave.token)")
                                let dave2 = TestSocket(port: port2, path: "/console/api/socket?token=\(dave.token)")
                                try await system.waitForSockets(customers: 0, agents: 2)
                                try await second.waitForSockets(customers: 0, agents: 2)
                                try await system.waitUntilRelayReaches(dave1, conversationID: UUID(), typist: .customer)
                                try await second.waitUntilRelayReaches(dave2, conversationID: UUID(), typist: .customer)
                                #expect(await laptopSocket.isOpen())
                                #expect(await phoneSocket.isOpen())

                                // The laptop signs out on instance one: only its socket closes.
                                let logout = try await first.browser(.post, "/console/api/logout", as: laptop, csrf: laptop.csrfToken)
                                #expect(logout.status == .noContent)
                                #expect(await laptopSocket.hasEnded(within: .seconds(10)))
                                try await system.waitForSockets(customers: 0, agents: 1)
                                #expect(await !phoneSocket.hasEnded(within: .milliseconds(300)))

                                // An admin disables Carol on instance one: her phone's socket on instance two closes.
                                let disable = try await first.request(
                                    .put,
                                    "/console/api/admin/agents/\(carol.id)",
                                    json: #"{"disabled": true}"#,
                                    token: admin.token,
                                    origin: nil
                                )
                                #expect(disable.status == .ok)
                                #expect(await phoneSocket.hasEnded(within: .seconds(10)))
                                try await second.waitForSockets(customers: 0, agents: 1)
                                #expect(try await other.browser(.get, "/console/api/me", as: phone).status == .unauthorized)
                                await dave1.close()
                                await dave2.close()
                            }
                        }
                    }
                }
            }
        }
    }

    @Test(arguments: Transport.allCases) func aCookieSocketFromAnotherSiteIsRefused(over transport: Transport) async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            let browser = try await system.browserSession(for: carol)
            try await system.application().test(transport.setup) { client in
                let response = try await client.executeRequest(
                    uri: "/console/api/socket",
                    method: .get,
                    headers: [
                        .cookie: "\(SessionCookie.name)=\(browser.cookie)", .origin: "https://evil.example",
                        .connection: "Upgrade", .upgrade: "websocket", .secWebSocketVersion: "13",
                        .secWebSocketKey: "dGhlIHNhbXBsZSBub25jZQ==",
                    ],
                    body: nil
                )
                // Over a real connection the upgrade path refuses with a bare 400 (Hummingbird's
                // failed-upgrade answer); in process the router's 403 is visible. Never a 101.
                #expect(response.status == (transport == .live ? .badRequest : .forbidden))
            }
        }
    }

    @Test func aCookieSocketNeedsTheConsolesSchemeHostAndPort() async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            let browser = try await system.browserSession(for: carol)
            try await system.application().test(.live) { client in
                let port = try #require(client.port)
                // Same host, another port; same host and port over another scheme; no origin at all.
                for origin in ["http://localhost:9999", "https://localhost:\(port)", "http://localhost.evil.example:\(port)", ""] {
                    let socket = CookieSocket(port: port, browser: browser, origin: origin)
                    #expect(await socket.hasEnded(within: .seconds(5)), "\(origin)")
                    #expect(!(await socket.isOpen(within: .zero)), "\(origin)")
                }
                let counts = await system.live.hub.socketCounts()
                #expect(counts.agents == 0)
                // Control: the console's own origin opens.
                let own = CookieSocket(port: port, browser: browser)
                #expect(await own.isOpen())
            }
        }
    }

    @Test(arguments: Transport.allCases) func adminEndpointsNeedTheAdminRole(over transport: Transport) async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            let sam = try await system.agent("Sam", role: .supervisor)
            try await system.application().test(transport.setup) { client in
                for token in [carol.token, sam.token] {
                    let list = try await client.consoleGet("/console/api/admin/agents", token: token)
                    #expect(list.status == .forbidden)
                    #expect(try errorBody(list).code == "forbidden")
                    #expect(try await client.consoleGet("/console/api/sso", token: token).status == .forbidden)
                    let promote = try await client.request(
                        .put,
                        "/console/api/admin/agents/\(carol.id)",
                        json: #"{"role": "admin"}"#,
                        token: token,
                        origin: nil
                    )
                    #expect(promote.status == .forbidden)
                }
                #expect(try await system.signIn.accounts.account(orgID: system.orgID, agentID: carol.id)?.role == .agent)
            }
        }
    }

    @Test(arguments: Transport.allCases) func anotherOrganisationsAgentIsNotFound(over transport: Transport) async throws {
        try await TestSystem.with { system in
            let admin = try await system.agent("Ada", role: .admin)
            let other = try await system.makeOrganisation()
            let mallory = try await system.agent("Mallory", in: other.id)
            try await system.application().test(transport.setup) { client in
                let update = try await client.request(
                    .put,
                    "/console/api/admin/agents/\(mallory.id)",
                    json: #"{"disabled": true}"#,
                    token: admin.token,
                    origin: nil
                )
                #expect(update.status == .notFound)
                #expect(try errorBody(update).code == "agent_not_found")
                let list = try await client.consoleGet("/console/api/admin/agents", token: admin.token)
                #expect(!String(buffer: list.body).contains(mallory.id.uuidString.lowercased()))
                #expect(try await system.signIn.accounts.account(orgID: other.id, agentID: mallory.id)?.disabled == false)
            }
        }
    }

    @Test(arguments: Transport.allCases) func anAdminChangesRolesAuditedButCannotDisableThemselves(over transport: Transport) async throws {
        try await TestSystem.with { system in
            let admin = try await system.agent("Ada", role: .admin)
            let carol = try await system.agent("Carol")
            try await system.application().test(transport.setup) { client in
                let promote = try await client.request(
                    .put,
                    "/console/api/admin/agents/\(carol.id)",
                    json: #"{"role": "supervisor"}"#,
                    token: admin.token,
                    origin: nil
                )
                #expect(promote.status == .ok)
                #expect(try await system.signIn.accounts.account(orgID: system.orgID, agentID: carol.id)?.role == .supervisor)
                #expect(try await system.auditActions().first == "agent.updated")

                let selfDisable = try await client.request(
                    .put,
                    "/console/api/admin/agents/\(admin.id)",
                    json: #"{"disabled": true}"#,
                    token: admin.token,
                    origin: nil
                )
                #expect(selfDisable.status == .unprocessableContent)
                #expect(try errorBody(selfDisable).code == "cannot_demote_yourself")
            }
        }
    }
}
