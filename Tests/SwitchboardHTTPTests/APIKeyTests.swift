import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchboardDomain
import TestSupport
import Testing

@testable import SwitchboardHTTP

/// REST API keys: shown once, stored hashed, scoped, revocable, rate-limited and audited.
@Suite struct APIKeyTests {
    struct KeyWire: Decodable {
        let id: UUID
        let name: String
        let prefix: String
        let scopes: [String]
        let lastUsedAt: Date?
        let revokedAt: Date?
        let secret: String?
    }

    struct KeyResponseWire: Decodable {
        let apiKey: KeyWire
    }

    struct KeyListWire: Decodable {
        let apiKeys: [KeyWire]
        let scopes: [String]
    }

    struct MeWire: Decodable {
        let organisationId: UUID
        let keyId: UUID
        let scopes: [String]
    }

    @Test(arguments: Transport.allCases) func anAdminCreatesAKeyThatIsShownOnceAndStoredOnlyAsItsHash(over transport: Transport) async throws {
        try await TestSystem.with { system in
            let admin = try await system.agent("Ada", role: .admin)
            try await system.application().test(transport.setup) { client in
                let created = try await client.api(
                    .post,
                    "admin/api-keys",
                    as: admin,
                    json: json(["name": "CRM sync", "scopes": ["conversations:read", "kb:write"]])
                )
                #expect(created.status == .created)
                let key = try decodeWire(KeyResponseWire.self, from: created.body).apiKey
                let secret = try #require(key.secret)
                #expect(secret.hasPrefix(key.prefix + "_"))
                #expect(key.prefix.hasPrefix("sk_live_"))
                #expect(key.scopes == ["conversations:read", "kb:write"])

                let list = try decodeWire(KeyListWire.self, from: try await client.api(.get, "admin/api-keys", as: admin).body)
                // Every scope a new key can have, for the console's checkboxes.
                #expect(list.scopes == APIScope.allCases.map(\.rawValue))
                let listed = list.apiKeys
                #expect(listed.map(\.id) == [key.id])
                #expect(listed[0].secret == nil)
                #expect(!String(buffer: try await client.api(.get, "admin/api-keys", as: admin).body).contains(secret))

                let hashMatches = try await system.pool.withTenant(system.orgID) { session in
                    try await session.query(
                        "SELECT key_hash = sha256(convert_to($3, 'UTF8')) AS ok FROM api_keys WHERE org_id = $1 AND key_id = $2",
                        [system.orgID, key.id, secret]
                    ).singleRow()!.decode("ok", as: Bool.self)
                }
                #expect(hashMatches)

                let me = try await client.v1(.get, "me", key: secret)
                #expect(me.status == .ok)
                let identity = try decodeAPI(MeWire.self, from: me)
                #expect(identity.organisationId == system.orgID)
                #expect(identity.keyId == key.id)
            }
        }
    }

    @Test(arguments: Transport.allCases) func onlyAdminsManageKeysAndUnknownScopesAreRefused(over transport: Transport) async throws {
        try await TestSystem.with { system in
            let agent = try await system.agent("Carol", role: .supervisor)
            let admin = try await system.agent("Ada", role: .admin)
            try await system.application().test(transport.setup) { client in
                let refused = try await client.api(.post, "admin/api-keys", as: agent, json: json(["name": "x", "scopes": ["admin"]]))
                #expect(refused.status == .forbidden)
                #expect(try await client.api(.get, "admin/api-keys", as: agent).status == .forbidden)

                let unknown = try await client.api(.post, "admin/api-keys", as: admin, json: json(["name": "x", "scopes": ["everything"]]))
                #expect(unknown.status == .unprocessableContent)
                #expect(try errorBody(unknown).code == "invalid_scope")
                let none = try await client.api(.post, "admin/api-keys", as: admin, json: json(["name": "x", "scopes": []]))
                #expect(none.status == .unprocessableContent)
                #expect(try await system.live.dependencies.api.keys.list(orgID: system.orgID).isEmpty)
            }
        }
    }

    @Test(arguments: Transport.allCases) func missingMalformedAndRevokedKeysGet401WithARequestID(over transport: Transport) async throws {
        try await TestSystem.with { system in
            let admin = try await system.agent("Ada", role: .admin)
            let secret = try await system.apiKey()
            let keyID = try #require(try await system.live.dependencies.api.keys.list(orgID: system.orgID).first?.id)
            try await system.application().test(transport.setup) { client in
                let missing = try await client.v1(.get, "me", key: nil)
                #expect(missing.status == .unauthorized)
                #expect(try errorBody(missing).code == "unauthorized")
                #expect(missing.headers[.requestID] != nil)
                #expect(try await client.v1(.get, "me", key: "sk_live_nothing").status == .unauthorized)
                let wrongSecret = String(secret.dropLast(4)) + "0000"
                #expect(try errorBody(try await client.v1(.get, "me", key: wrongSecret)).code == "invalid_api_key")
                // A key in the URL is refused: it would end up in logs and browser history.
                let inQuery = try await client.executeRequest(uri: "/api/v1/me?token=\(secret)", method: .get, headers: [:], body: nil)
                #expect(inQuery.status == .unauthorized)
                // An agent token is not an API key.
                #expect(try await client.v1(.get, "me", key: admin.token).status == .unauthorized)

                #expect(try await client.v1(.get, "me", key: secret).status == .ok)
                let revoked = try await client.api(.post, "admin/api-keys/\(keyID)/revoke", as: admin)
                #expect(revoked.status == .ok)
                #expect(try decodeWire(KeyResponseWire.self, from: revoked.body).apiKey.revokedAt != nil)
                let after = try await client.v1(.get, "me", key: secret)
                #expect(after.status == .unauthorized)
                #expect(try errorBody(after).code == "invalid_api_key")
            }
        }
    }

    @Test(arguments: Transport.allCases) func anotherOrganisationsKeyCannotBeSeenOrRevoked(over transport: Transport) async throws {
        try await TestSystem.with { system in
            let other = try await system.makeOrganisation()
            let otherSecret = try await system.apiKey(in: other.id)
            let otherKeyID = try #require(try await system.live.dependencies.api.keys.list(orgID: other.id).first?.id)
            let admin = try await system.agent("Ada", role: .admin)
            try await system.application().test(transport.setup) { client in
                let revoke = try await client.api(.post, "admin/api-keys/\(otherKeyID)/revoke", as: admin)
                #expect(revoke.status == .notFound)
                #expect(try errorBody(revoke).code == "api_key_not_found")
                #expect(try decodeWire(KeyListWire.self, from: try await client.api(.get, "admin/api-keys", as: admin).body).apiKeys.isEmpty)
                #expect(try await client.v1(.get, "me", key: otherSecret).status == .ok)
            }
        }
    }

    @Test(arguments: Transport.allCases) func everyUseIsAuditedInBatchesAndSetsLastUsed(over transport: Transport) async throws {
        try await TestSystem.with { system in
            let secret = try await system.apiKey([.conversationsRead])
            let keyID = try #require(try await system.live.dependencies.api.keys.list(orgID: system.orgID).first?.id)
            try await system.application().test(transport.setup) { client in
                for _ in 0..<3 {
                    let response = try await client.v1(.get, "me", key: secret)
                    #expect(response.status == .ok)
                }
                let missing = try await client.v1(.get, "nothing-here", key: secret)
                #expect(missing.status == .notFound)
            }
            #expect(try await system.apiKeyUseAudit().isEmpty, "uses are batched, not written per request")
            await system.live.dependencies.api.usage.flush()
            let audit = try await system.apiKeyUseAudit()
            #expect(audit.count == 1)
            #expect(audit.first?.keyID == keyID.uuidString.lowercased())
            #expect(audit.first?.count == 3)
            let key = try #require(try await system.live.dependencies.api.keys.list(orgID: system.orgID).first)
            #expect(key.lastUsedAt != nil)
        }
    }

    @Test(arguments: Transport.allCases) func eachKeyHasItsOwnRateLimitWithRetryAfter(over transport: Transport) async throws {
        try await TestSystem.with { system in
            let first = try await system.apiKey()
            let second = try await system.apiKey()
            var api = system.live.dependencies.api
            api.limiter = RateLimiter(limit: 2, per: .seconds(60))
            try await system.application(api: api).test(transport.setup) { client in
                #expect(try await client.v1(.get, "me", key: first).status == .ok)
                #expect(try await client.v1(.get, "me", key: first).status == .ok)
                let limited = try await client.v1(.get, "me", key: first)
                #expect(limited.status == .tooManyRequests)
                #expect(try errorBody(limited).code == "rate_limited")
                #expect(Int(limited.headers[.retryAfter] ?? "") ?? 0 >= 1)
                #expect(try await client.v1(.get, "me", key: second).status == .ok)
            }
        }
    }

    @Test func keysHaveOneTextFormat() {
        let (prefix, secret) = APIKeyFormat.generate()
        #expect(APIKeyFormat.prefix(of: secret) == prefix)
        #expect(APIKeyFormat.prefix(of: "sk_live_" + prefix) == nil)
        #expect(APIKeyFormat.prefix(of: secret.uppercased()) == nil)
        #expect(APIKeyFormat.prefix(of: secret + "0") == nil)
        #expect(APIKeyFormat.generate().secret != secret)
    }
}
