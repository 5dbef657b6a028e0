import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JWTKit
import SwitchboardDomain
import TestSupport
import Testing

@testable import SwitchboardApp
@testable import SwitchboardHTTP

/// The authorization code flow end to end against the in-memory provider: start, the
/// provider's redirect back, the token request with PKCE, the session cookie, and the
/// callbacks that must be refused.
@Suite struct SignInFlowTests {
    /// The organisation's app wired to `provider` instead of the network.
    private func withProviderApp<Result: Sendable>(
        _ system: TestSystem,
        _ provider: TestIdentityProvider,
        roleClaim: String? = nil,
        _ body: @escaping @Sendable (LiveSystem, any TestClientProtocol) async throws -> Result
    ) async throws -> Result {
        let live = LiveSystem(
            pool: system.pool,
            secret: TestSystem.secret,
            sqlDirectory: TestDatabase.sqlDirectory,
            limits: TestSystem.generousLimits,
            openID: provider,
            logger: TestDatabase.quietLogger
        )
        try await live.dependencies.signIn.singleSignOn.save(
            orgID: system.orgID,
            SingleSignOnConfiguration(
                issuer: TestIdentityProvider.issuer,
                clientID: TestIdentityProvider.clientID,
                sealedClientSecret: try live.dependencies.signIn.secrets.seal("client-secret"),
                roleClaim: roleClaim
            ),
            by: .system
        )
        let app = buildApplication(
            configuration: ServerConfiguration(host: "127.0.0.1", port: 0, connections: .patientTestClients),
            dependencies: live.dependencies,
            logger: TestDatabase.quietLogger
        )
        return try await app.test(.router) { client in try await body(live, client) }
    }

    /// What `/console/auth/start` sent the browser off with.
    private struct Started {
        let query: [String: String]
        let pendingCookie: String
    }

    private func start(_ client: some TestClientProtocol, slug: String) async throws -> Started {
        let response = try await client.executeRequest(
            uri: "/console/auth/start?org=\(slug)",
            method: .get,
            headers: [:],
            body: nil
        )
        try #require(response.status == .found, "start: \(String(buffer: response.body))")
        let location = try #require(response.headers[.location].flatMap(URLComponents.init(string:)))
        #expect(location.host == "idp.test" && location.path == "/authorize")
        let query = Dictionary((location.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
        let setCookie = try #require(response.headers[.setCookie])
        #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Lax") && setCookie.contains("Path=/console/auth"))
        let value = try #require(setCookie.split(separator: ";").first?.split(separator: "=", maxSplits: 1).last)
        return Started(query: query, pendingCookie: String(value))
    }

    private func callback(_ client: some TestClientProtocol, code: String, state: String, cookie: String?) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let cookie { headers[.cookie] = "\(PendingSignIn.cookieName)=\(cookie)" }
        return try await client.executeRequest(uri: "/console/auth/callback?code=\(code)&state=\(state)", method: .get, headers: headers, body: nil)
    }

    @Test func aSignInThroughTheProviderOpensASession() async throws {
        try await TestSystem.with { system in
            let provider = TestIdentityProvider()
            let key = try TestIdentityProvider.rsaKey()
            await provider.publish(try TestIdentityProvider.jwk(rsa: key, kid: "rsa-1"))
            try await withProviderApp(system, provider, roleClaim: "roles") { _, client in
                let started = try await start(client, slug: system.organisation.slug)
                #expect(started.query["response_type"] == "code")
                #expect(started.query["client_id"] == TestIdentityProvider.clientID)
                #expect(started.query["redirect_uri"] == "http://localhost/console/auth/callback")
                #expect(started.query["scope"] == "openid email profile")
                #expect(started.query["code_challenge_method"] == "S256")
                let state = try #require(started.query["state"])
                let nonce = try #require(started.query["nonce"])

                var claims = TestIdentityProvider.Claims()
                claims.nonce = nonce
                claims.name = "Zoë Okafor"
                claims.roles = ["supervisor"]
                await provider.issue(code: "code-1", idToken: try await TestIdentityProvider.sign(claims, rsa: key, kid: "rsa-1"))

                let done = try await callback(client, code: "code-1", state: state, cookie: started.pendingCookie)
                #expect(done.status == .found)
                #expect(done.headers[.location] == "/console")
                let sessionCookie = try #require(done.headers[values: .setCookie].first { $0.hasPrefix("\(SessionCookie.name)=") })
                #expect(sessionCookie.contains("HttpOnly") && sessionCookie.contains("SameSite=Lax") && sessionCookie.contains("Path=/"))
                #expect(!sessionCookie.contains("Secure"))

                // PKCE: the verifier sent to the token endpoint hashes to the challenge; the secret goes as HTTP Basic.
                let request = try #require(await provider.tokenRequests.last)
                let verifier = try #require(request["code_verifier"])
                #expect(TokenSigner.base64URL(Data(SHA256.hash(data: Data(verifier.utf8)))) == started.query["code_challenge"])
                #expect(request["basic"] == "\(TestIdentityProvider.clientID):client-secret")
                #expect(request["redirect_uri"] == "http://localhost/console/auth/callback")

                let token = String(try #require(sessionCookie.split(separator: ";").first?.split(separator: "=", maxSplits: 1).last))
                let me = try await client.executeRequest(
                    uri: "/console/api/me",
                    method: .get,
                    headers: [.cookie: "\(SessionCookie.name)=\(token)"],
                    body: nil
                )
                #expect(me.status == .ok)
                let body = String(buffer: me.body)
                #expect(body.contains("\"signInName\":\"Zoë Okafor\"") && body.contains("\"role\":\"supervisor\""))
            }
        }
    }

    @Test func callbacksThatDoNotMatchTheStartAreRefused() async throws {
        try await TestSystem.with { system in
            let provider = TestIdentityProvider()
            let key = try TestIdentityProvider.rsaKey()
            await provider.publish(try TestIdentityProvider.jwk(rsa: key, kid: "rsa-1"))
            try await withProviderApp(system, provider) { _, client in
                let started = try await start(client, slug: system.organisation.slug)
                let state = try #require(started.query["state"])
                var claims = TestIdentityProvider.Claims()
                claims.nonce = started.query["nonce"]
                await provider.issue(code: "code-1", idToken: try await TestIdentityProvider.sign(claims, rsa: key, kid: "rsa-1"))

                // No sign-in cookie (another browser), a forged state, a tampered cookie: refused, no session.
                for response in [
                    try await callback(client, code: "code-1", state: state, cookie: nil),
                    try await callback(client, code: "code-1", state: "forged", cookie: started.pendingCookie),
                    try await callback(client, code: "code-1", state: state, cookie: started.pendingCookie + "x"),
                ] {
                    #expect(response.status == .badRequest)
                    #expect(!(response.headers[values: .setCookie].contains { $0.hasPrefix("\(SessionCookie.name)=") }))
                }
                #expect(await provider.tokenRequests.isEmpty, "the code is never spent on a refused callback")

                // A token whose nonce belongs to another sign-in is refused after the exchange.
                claims.nonce = "another-sign-in"
                await provider.issue(code: "code-2", idToken: try await TestIdentityProvider.sign(claims, rsa: key, kid: "rsa-1"))
                let replay = try await callback(client, code: "code-2", state: state, cookie: started.pendingCookie)
                #expect(replay.status == .forbidden)
                #expect(!String(buffer: replay.body).contains("nonce"))
            }
        }
    }
}
