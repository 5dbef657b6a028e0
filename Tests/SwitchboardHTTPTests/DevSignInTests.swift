import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PostgresClient
import SwitchboardDomain
import SwitchboardStore
import TestSupport
import Testing

@testable import SwitchboardApp
@testable import SwitchboardHTTP

/// Development sign-in: what it does when `serve --dev-sign-in` switched it on, and the
/// database marker without which `serve` refuses the flag.
@Suite struct DevSignInTests {
    @Test func whenSwitchedOnItListsTheDemoAgentsAndSignsInAsOne() async throws {
        try await TestSystem.with { system in
            let repository = PostgresOrganisationRepository(pool: system.pool)
            let suffix = UUID().uuidString.prefix(8).lowercased()
            let demo = try await repository.create(slug: "demo-\(suffix)", name: "Demo <Academy>", isDemo: true, settings: .init())
            let carol = try await system.agent("Carol <b>", in: demo.id)
            let live = LiveSystem(
                pool: system.pool,
                secret: TestSystem.secret,
                sqlDirectory: TestDatabase.sqlDirectory,
                limits: TestSystem.generousLimits,
                devSignInEnabled: true,
                logger: TestDatabase.quietLogger
            )
            let app = buildApplication(
                configuration: ServerConfiguration(host: "127.0.0.1", port: 0, connections: .patientTestClients),
                dependencies: live.dependencies,
                logger: TestDatabase.quietLogger
            )
            try await app.test(.router) { client in
                let page = try await client.executeRequest(uri: "/console/dev-login?org=\(demo.slug)", method: .get, headers: [:], body: nil)
                #expect(page.status == .ok)
                let html = String(buffer: page.body)
                #expect(html.contains("Development sign-in — demo data only"))
                #expect(html.contains("Carol &lt;b&gt;") && !html.contains("Carol <b>"))
                #expect(html.contains("Demo &lt;Academy&gt;"))

                // Only organisations marked as demo.
                let real = try await client.executeRequest(
                    uri: "/console/dev-login?org=\(system.organisation.slug)",
                    method: .get,
                    headers: [:],
                    body: nil
                )
                #expect(real.status == .notFound)

                let form = "org=\(demo.slug)&agentId=\(carol.id.uuidString.lowercased())"
                let signedIn = try await client.executeRequest(
                    uri: "/console/dev-login",
                    method: .post,
                    headers: [.contentType: "application/x-www-form-urlencoded"],
                    body: ByteBuffer(string: form)
                )
                #expect(signedIn.status == .seeOther)
                #expect(signedIn.headers[.location] == "/console")
                let cookie = try #require(signedIn.headers[.setCookie])
                let token = String(try #require(cookie.split(separator: ";").first?.split(separator: "=", maxSplits: 1).last))
                let me = try await client.executeRequest(
                    uri: "/console/api/me",
                    method: .get,
                    headers: [.cookie: "\(SessionCookie.name)=\(token)"],
                    body: nil
                )
                #expect(me.status == .ok)
                #expect(String(buffer: me.body).contains(#""id":"\#(carol.id.uuidString)""#))

                // A browser that is already signed in can still pick another agent (no CSRF token on this form).
                let switched = try await client.executeRequest(
                    uri: "/console/dev-login",
                    method: .post,
                    headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "\(SessionCookie.name)=\(token)"],
                    body: ByteBuffer(string: form)
                )
                #expect(switched.status == .seeOther)
            }
        }
    }

    @Test func onlyASuperuserCanMarkTheDatabaseAsTheEmbeddedDemo() async throws {
        let database = try await TestDatabase.makeDatabase(migrated: true)
        try await TestDatabase.withPool(database.app, size: 1) { pool in
            #expect(try await EmbeddedDemoMarker.isPresent(using: pool) == false)
            // The server's role can neither mark the database nor fake the marker for its session.
            await #expect(throws: PostgresError.self) {
                try await pool.withConnection { try await $0.runScript("ALTER DATABASE \(database.name) SET switchboard.embedded_demo = 'on'") }
            }
            let faked = try await pool.withConnection { session in
                try await session.runScript("SET switchboard.embedded_demo = 'on'")
                return try await session.query("SELECT database_is_embedded_demo() AS marked").singleRow()?.decode("marked", as: Bool.self)
            }
            #expect(faked == false)
        }
        // What ops/demo does on its own cluster, as the superuser.
        try await TestDatabase.withPool(database.admin, size: 1) { pool in
            try await pool.withConnection { try await $0.runScript("ALTER DATABASE \(database.name) SET switchboard.embedded_demo = 'on'") }
        }
        let marked = try await TestDatabase.withPool(database.app, size: 1) { pool in
            try await EmbeddedDemoMarker.isPresent(using: pool)
        }
        #expect(marked)
    }
}
