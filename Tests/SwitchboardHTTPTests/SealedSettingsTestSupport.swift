import Foundation
import HummingbirdTesting
import Testing

@testable import SwitchboardHTTP

/// What the tests of the settings pages that keep a secret sealed (email, answer engine) share.
extension TestClientProtocol {
    /// A settings change as the console page sends it: PUT with the agent's token, no Origin.
    func putSettings(_ uri: String, json: String, token: String) async throws -> TestResponse {
        try await request(.put, uri, json: json, token: token, origin: nil)
    }

    /// Expects each body PUT to the console settings `uri` to be refused (422) with its code, given as (body, code).
    func expectRefused(_ cases: [(String, String)], at uri: String, token: String) async throws {
        for (body, code) in cases {
            let response = try await putSettings(uri, json: body, token: token)
            #expect(response.status == .unprocessableContent, "\(body): \(response.status)")
            #expect(try errorBody(response).code == code, "\(body)")
        }
    }
}

extension TestSystem {
    /// The details of this organisation's audit entries with `action`, joined in one text, and
    /// whether `agent` made every one of them.
    func auditDetails(_ action: String, allBy agent: Agent) async throws -> (text: String, allByAgent: Bool) {
        let row = try await pool.withTenant(orgID) { session in
            try await session.query(
                "SELECT string_agg(details::text, ' ') AS d, bool_and(actor_id = $2) AS by_agent FROM audit_log WHERE org_id = $1 AND action = $3",
                [orgID, agent.id.uuidString.lowercased(), action]
            ).singleRow()
        }
        let found = try #require(row)
        return (try found.decode("d", as: String.self), try found.decode("by_agent", as: Bool.self))
    }
}

/// Expects `sealed` to hold no secret in the clear (every test secret says "secret") and to open
/// as `secret` with `open` under this server's secret only.
func expectSealed(_ sealed: Data, as secret: String, openedBy open: (_ serverSecret: String, _ sealed: Data) -> String?) {
    #expect(!String(decoding: sealed, as: UTF8.self).contains("secret"))
    #expect(open(TestSystem.secret, sealed) == secret)
    #expect(open("another-secret-of-at-least-32-characters", sealed) == nil)
}
