import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchboardDomain
import SwitchboardStore
import TestSupport
import Testing

@testable import SwitchboardHTTP

/// An organisation's answer engine settings on the console and over REST: the provider key
/// sealed and never shown, every change audited without it, clear refusals, and each
/// organisation seeing and changing only its own.
@Suite struct AnswerEngineSettingsTests {
    static let key = "sk-live-VERY-secret-0123456789"

    struct Settings: Decodable {
        let enabled: Bool
        let baseUrl: String
        let model: String
        let apiKeySet: Bool
        let keyHeader: String
        let connectTimeoutMs: Int
        let firstTokenTimeoutMs: Int
        let totalTimeoutMs: Int
        let maxTokens: Int
        let instructions: String
    }

    @Test func anAdminPointsTheOrganisationAtAProviderAndTheKeyIsNeverShown() async throws {
        try await TestSystem.with { system in
            let admin = try await system.agent("Ada", role: .admin)
            try await system.application().test(.router) { client in
                let defaults = try decodeWire(Settings.self, from: try await client.consoleGet("/console/api/answer-engine", token: admin.token).body)
                #expect(!defaults.enabled && !defaults.apiKeySet && defaults.baseUrl.isEmpty && defaults.maxTokens == 400)

                let body = """
                    {"enabled": true, "baseUrl": "https://llm.acme.test/v1", "model": "gpt-4o-mini", "apiKey": "\(Self.key)",
                     "firstTokenTimeoutMs": 4000, "maxTokens": 300, "instructions": "Call yourself Harbour Helper."}
                    """
                let saved = try await client.putSettings("/console/api/answer-engine", json: body, token: admin.token)
                #expect(saved.status == .ok, "\(String(buffer: saved.body))")
                #expect(!String(buffer: saved.body).contains("secret"))
                let settings = try decodeWire(Settings.self, from: saved.body)
                #expect(settings.enabled && settings.apiKeySet && settings.model == "gpt-4o-mini" && settings.maxTokens == 300)
                #expect(settings.firstTokenTimeoutMs == 4000 && settings.totalTimeoutMs == 30000)

                // Sealed: not the plain text, and it opens only with this server's secret.
                let stored = try #require(try await PostgresAnswerEngineSettings(pool: system.pool).settings(orgID: system.orgID))
                let sealed = try #require(stored.sealedAPIKey)
                expectSealed(sealed, as: Self.key) { ProviderKeyBox(secret: $0).open($1) }
                // Sealed for its own purpose: it does not open as an SSO client secret.
                #expect(throws: ClientSecretUnreadable.self) { try ClientSecretBox(secret: TestSystem.secret).open(sealed) }

                // Leaving the key out keeps it; removeApiKey forgets it.
                let renamed = try await client.putSettings("/console/api/answer-engine", json: #"{"model": "gpt-4.1-mini"}"#, token: admin.token)
                #expect(try decodeWire(Settings.self, from: renamed.body).apiKeySet)
                let kept = try #require(try await PostgresAnswerEngineSettings(pool: system.pool).settings(orgID: system.orgID))
                #expect(kept.sealedAPIKey == sealed && kept.model == "gpt-4.1-mini")
                let removed = try await client.putSettings("/console/api/answer-engine", json: #"{"removeApiKey": true}"#, token: admin.token)
                #expect(try decodeWire(Settings.self, from: removed.body).apiKeySet == false)

                // Three changes, three audit entries by Ada; none holds the key.
                #expect(try await system.auditActions().prefix(3) == ["answer_engine.updated", "answer_engine.updated", "answer_engine.updated"])
                let audit = try await client.consoleGet("/console/api/audit?limit=10", token: admin.token)
                let auditText = String(buffer: audit.body)
                #expect(auditText.contains("answer_engine.updated") && auditText.contains("apiKeyChanged"))
                #expect(!auditText.contains("secret"))
                let details = try await system.auditDetails("answer_engine.updated", allBy: admin)
                #expect(!details.text.contains("secret") && details.allByAgent)

                // A change to nothing is no change: no audit entry.
                let before = try await system.auditActions().count
                _ = try await client.putSettings("/console/api/answer-engine", json: #"{"model": "gpt-4.1-mini"}"#, token: admin.token)
                #expect(try await system.auditActions().count == before)
            }
        }
    }

    @Test func badSettingsAreRefusedWithAReasonAndNothingChanges() async throws {
        try await TestSystem.with { system in
            let admin = try await system.agent("Ada", role: .admin)
            try await system.application().test(.router) { client in
                let cases: [(String, String)] = [
                    (#"{"enabled": true, "baseUrl": "http://llm.acme.test/v1", "model": "m"}"#, "invalid_base_url"),
                    (#"{"enabled": true, "baseUrl": "http://10.0.0.5:11434/v1", "model": "m"}"#, "invalid_base_url"),
                    (#"{"baseUrl": "https://llm.acme.test/v1?key=x", "model": "m"}"#, "invalid_base_url"),
                    (#"{"baseUrl": "ftp://llm.acme.test/v1"}"#, "invalid_base_url"),
                    (#"{"enabled": true, "baseUrl": "https://llm.acme.test/v1"}"#, "invalid_model"),
                    (#"{"enabled": true}"#, "invalid_base_url"),
                    (#"{"connectTimeoutMs": 50}"#, "invalid_connect_timeout_ms"),
                    (#"{"firstTokenTimeoutMs": 120000}"#, "invalid_first_token_timeout_ms"),
                    (#"{"firstTokenTimeoutMs": 9000, "totalTimeoutMs": 5000}"#, "invalid_total_timeout"),
                    (#"{"maxTokens": 0}"#, "invalid_max_tokens"),
                    (#"{"apiKey": "has spaces in it"}"#, "invalid_api_key"),
                    (#"{"apiKey": "sk-1", "removeApiKey": true}"#, "invalid_api_key"),
                    (#"{"keyHeader": "cookie"}"#, "invalid_key_header"),
                    (#"{"maxTokens": "many"}"#, "invalid_answer_engine"),
                ]
                try await client.expectRefused(cases, at: "/console/api/answer-engine", token: admin.token)
                #expect(try await PostgresAnswerEngineSettings(pool: system.pool).settings(orgID: system.orgID) == nil)
                // Loopback http is allowed: a local Ollama or llama.cpp.
                for url in ["http://127.0.0.1:11434/v1", "http://localhost:8080/v1", "http://[::1]:8000/v1"] {
                    let response = try await client.putSettings(
                        "/console/api/answer-engine",
                        json: #"{"enabled": true, "baseUrl": "\#(url)", "model": "llama3.1"}"#,
                        token: admin.token
                    )
                    #expect(response.status == .ok, "\(url): \(String(buffer: response.body))")
                }
            }
        }
    }

    @Test func onlyAdministratorsSeeOrChangeTheEngine() async throws {
        try await TestSystem.with { system in
            let supervisor = try await system.agent("Sam", role: .supervisor)
            try await system.application().test(.router) { client in
                #expect(try await client.consoleGet("/console/api/answer-engine", token: supervisor.token).status == .forbidden)
                let put = try await client.putSettings("/console/api/answer-engine", json: #"{"enabled": false}"#, token: supervisor.token)
                #expect(put.status == .forbidden)
            }
        }
    }

    @Test func theRESTAPIReadsAndChangesTheEngineAuditedUnderTheKey() async throws {
        try await TestSystem.with { system in
            let key = try await system.apiKey([.admin])
            try await system.application().test(.router) { client in
                let body =
                    #"{"enabled": true, "base_url": "http://127.0.0.1:11434/v1", "model": "llama3.1", "api_key": "\#(Self.key)", "total_timeout_ms": 20000}"#
                let saved = try await client.v1(.patch, "settings/answer-engine", key: key, json: body)
                #expect(saved.status == .ok, "\(String(buffer: saved.body))")
                let text = String(buffer: saved.body)
                #expect(!text.contains("secret"))
                let object = try #require(try JSONSerialization.jsonObject(with: Data(saved.body.readableBytesView)) as? [String: Any])
                #expect(object["api_key_set"] as? Bool == true && object["base_url"] as? String == "http://127.0.0.1:11434/v1")
                #expect(object["total_timeout_ms"] as? Int == 20000 && object["enabled"] as? Bool == true)

                let read = try await client.v1(.get, "settings/answer-engine", key: key)
                #expect(read.status == .ok && !String(buffer: read.body).contains("secret"))

                let refused = try await client.v1(.patch, "settings/answer-engine", key: key, json: #"{"base_url": "http://llm.example/v1"}"#)
                #expect(refused.status == .unprocessableContent)
                #expect(try errorBody(refused).code == "invalid_base_url")
                let wrongType = try await client.v1(.patch, "settings/answer-engine", key: key, json: #"{"max_tokens": true}"#)
                #expect(wrongType.status == .unprocessableContent)
                #expect(try errorBody(wrongType).code == "invalid_body")

                let actors = try await system.pool.withTenant(system.orgID) { session in
                    try await session.query(
                        "SELECT actor_kind FROM audit_log WHERE org_id = $1 AND action = 'answer_engine.updated'",
                        [system.orgID]
                    ).map { try $0.decode("actor_kind", as: String.self) }
                }
                #expect(actors == ["api_key"])
            }
        }
    }

    @Test func anotherOrganisationNeitherSeesNorChangesTheEngine() async throws {
        try await TestSystem.with { system in
            let admin = try await system.agent("Ada", role: .admin)
            let other = try await system.makeOrganisation()
            let otherAdmin = try await system.agent("Oscar", role: .admin, in: other.id)
            let otherKey = try await system.apiKey([.admin], in: other.id)
            try await system.application().test(.router) { client in
                let body = #"{"enabled": true, "baseUrl": "https://llm.acme.test/v1", "model": "gpt-4o-mini", "apiKey": "\#(Self.key)"}"#
                #expect(try await client.putSettings("/console/api/answer-engine", json: body, token: admin.token).status == .ok)

                // The other organisation's admin and key see their own (default) settings, never these.
                let seen = try decodeWire(
                    Settings.self,
                    from: try await client.consoleGet("/console/api/answer-engine", token: otherAdmin.token).body
                )
                #expect(!seen.enabled && !seen.apiKeySet && seen.baseUrl.isEmpty)
                let viaREST = try await client.v1(.get, "settings/answer-engine", key: otherKey)
                #expect(!String(buffer: viaREST.body).contains("llm.acme.test"))

                // Their changes land in their own organisation only.
                _ = try await client.putSettings(
                    "/console/api/answer-engine",
                    json: #"{"enabled": false, "model": "theirs"}"#,
                    token: otherAdmin.token
                )
                _ = try await client.v1(.patch, "settings/answer-engine", key: otherKey, json: #"{"remove_api_key": true, "max_tokens": 99}"#)
                let ours = try #require(try await PostgresAnswerEngineSettings(pool: system.pool).settings(orgID: system.orgID))
                #expect(ours.enabled && ours.model == "gpt-4o-mini" && ours.apiKeySet && ours.maxTokens == 400)
                let theirs = try #require(try await PostgresAnswerEngineSettings(pool: system.pool).settings(orgID: other.id))
                #expect(theirs.model == "theirs" && theirs.maxTokens == 99 && !theirs.apiKeySet)
            }
        }
    }
}
