import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchboardDomain
import TestSupport
import Testing

@testable import SwitchboardHTTP

/// /api/v1 playbook, test plan and settings: the `admin` scope, the console's rules, and tenancy.
@Suite struct APIAdminResourceTests {
    @Test func playbookEntriesAreManagedWithTheAdminScope() async throws {
        try await TestSystem.with { system in
            let key = try await system.apiKey([.admin])
            let noScope = try await system.apiKey([.conversationsRead, .conversationsWrite, .kbWrite])
            let carol = try await system.agent("Carol", role: .agent)
            let otherKey = try await system.apiKey([.admin], in: try await system.makeOrganisation().id)
            try await system.application().test(.router) { client in
                let created = try await client.v1(
                    .post,
                    "playbook/entries",
                    key: key,
                    json: json([
                        "agent_id": carol.id.uuidString, "section": "Greetings", "phrase": "Hello", "answer": "Hi, how can I help?",
                    ])
                )
                #expect(created.status == .created, "\(String(buffer: created.body))")
                let id = try #require((try jsonObject(created)["entry"] as? [String: Any])?["id"] as? String)
                let listed = try jsonObject(try await client.v1(.get, "playbook/entries?q=hello", key: key))
                #expect((listed["data"] as? [[String: Any]])?.count == 1)
                let updated = try await client.v1(
                    .patch,
                    "playbook/entries/\(id)",
                    key: key,
                    json: json(["agent_id": carol.id.uuidString, "answer": "Hello!"])
                )
                #expect(updated.status == .ok)
                #expect((try jsonObject(updated)["entry"] as? [String: Any])?["answer"] as? String == "Hello!")

                #expect(try await client.v1(.get, "playbook/entries", key: noScope).status == .forbidden)
                #expect(
                    try await client.v1(
                        .patch,
                        "playbook/entries/\(id)",
                        key: otherKey,
                        json: json(["agent_id": carol.id.uuidString, "answer": "x"])
                    ).status == .unprocessableContent
                )
                #expect(try await client.v1(.delete, "playbook/entries/\(id)", key: otherKey).status == .notFound)
                let invalid = try await client.v1(
                    .post,
                    "playbook/entries",
                    key: key,
                    json: json(["agent_id": carol.id.uuidString, "section": "Greetings"])
                )
                #expect(invalid.status == .unprocessableContent)
                #expect(try await client.v1(.delete, "playbook/entries/\(id)", key: key).status == .noContent)
                #expect(try await client.v1(.delete, "playbook/entries/\(id)", key: key).status == .notFound)
            }
        }
    }

    @Test func testPlanItemsAndResults() async throws {
        try await TestSystem.with { system in
            let key = try await system.apiKey([.admin])
            let noScope = try await system.apiKey([.kbWrite])
            let carol = try await system.agent("Carol", role: .agent)
            let otherKey = try await system.apiKey([.admin], in: try await system.makeOrganisation().id)
            try await system.application().test(.router) { client in
                let created = try await client.v1(
                    .post,
                    "test-plan/items",
                    key: key,
                    json: json(["title": "Ask about returns", "expected_result": "30 days"])
                )
                #expect(created.status == .created, "\(String(buffer: created.body))")
                let id = try #require((try jsonObject(created)["item"] as? [String: Any])?["id"] as? String)
                let result = try await client.v1(
                    .post,
                    "test-plan/items/\(id)/results",
                    key: key,
                    json: json(["agent_id": carol.id.uuidString, "outcome": "pass", "note": "Quoted correctly"])
                )
                #expect(result.status == .created, "\(String(buffer: result.body))")
                let plan = try jsonObject(try await client.v1(.get, "test-plan/items", key: key))
                #expect(plan["passed"] as? Int == 1)

                let bad = try await client.v1(
                    .post,
                    "test-plan/items/\(id)/results",
                    key: key,
                    json: json(["agent_id": carol.id.uuidString, "outcome": "maybe"])
                )
                #expect(bad.status == .unprocessableContent)
                #expect(
                    try await client.v1(
                        .post,
                        "test-plan/items/\(id)/results",
                        key: otherKey,
                        json: json(["agent_id": carol.id.uuidString, "outcome": "fail"])
                    ).status == .unprocessableContent
                )
                #expect(try await client.v1(.patch, "test-plan/items/\(id)", key: otherKey, json: json(["title": "x"])).status == .notFound)
                #expect(try await client.v1(.get, "test-plan/items", key: noScope).status == .forbidden)
                #expect(try await client.v1(.patch, "test-plan/items/\(id)", key: key, json: json(["title": "Ask about refunds"])).status == .ok)
                #expect(try await client.v1(.delete, "test-plan/items/\(id)", key: key).status == .noContent)
            }
        }
    }

    @Test func settingsAreReadAndChangedWithTheAdminScopeAndAudited() async throws {
        try await TestSystem.with { system in
            let key = try await system.apiKey([.admin])
            let noScope = try await system.apiKey([.conversationsRead])
            let ada = try await system.agent("Ada", role: .admin)
            try await system.application().test(.router) { client in
                let shown = try jsonObject(try await client.v1(.get, "settings", key: key))
                #expect(shown["time_zone"] as? String == "UTC")
                let changed = try await client.v1(
                    .patch,
                    "settings",
                    key: key,
                    json: json(["agent_id": ada.id.uuidString, "time_zone": "Europe/Berlin"])
                )
                #expect(changed.status == .ok, "\(String(buffer: changed.body))")
                #expect(try jsonObject(changed)["time_zone"] as? String == "Europe/Berlin")
                let invalid = try await client.v1(
                    .patch,
                    "settings",
                    key: key,
                    json: json(["agent_id": ada.id.uuidString, "time_zone": "Mars/Olympus"])
                )
                #expect(invalid.status == .unprocessableContent)
                #expect(
                    try await client.v1(.patch, "settings", key: key, json: json(["agent_id": ada.id.uuidString, "idle_close_minutes": "ten"])).status
                        == .unprocessableContent
                )
                #expect(try await client.v1(.get, "settings", key: noScope).status == .forbidden)
                #expect(
                    try await client.v1(.patch, "settings", key: noScope, json: json(["agent_id": ada.id.uuidString, "time_zone": "UTC"])).status
                        == .forbidden
                )
                let audit = try await system.live.dependencies.console.settings.auditEntries(orgID: system.orgID, limit: 10)
                #expect(audit.filter { $0.action == "settings.updated" }.count == 1)
            }
        }
    }
}
