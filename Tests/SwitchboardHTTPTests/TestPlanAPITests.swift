import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchboardDomain
import TestSupport
import Testing

@testable import SwitchboardHTTP

/// The AI System Test Plan: results from any agent, the passed count from each item's newest
/// result, edits for supervisors only, and nothing across organisations.
@Suite struct TestPlanAPITests {
    struct PlanWire: Decodable {
        struct Result: Decodable {
            let outcome: String
            let note: String?
            let tester: String?
            let testedAt: Date
        }
        struct Item: Decodable {
            let id: UUID
            let position: Int
            let title: String
            let steps: String?
            let expectedResult: String?
            let result: Result?
        }
        let items: [Item]
        let passed: Int
        let total: Int
    }

    private func addItem(_ client: some TestClientProtocol, _ title: String, as agent: TestSystem.Agent) async throws -> PlanWire.Item {
        let response = try await client.api(
            .post,
            "test-plan",
            as: agent,
            json: json([
                "title": title, "steps": "Ask: \(title)", "expectedResult": "A correct answer",
            ])
        )
        try #require(response.status == .created, "\(String(buffer: response.body))")
        return try decodeWire(PlanWire.Item.self, from: response.body)
    }

    @Test func passedCountsItemsWhoseNewestResultIsAPass() async throws {
        try await TestSystem.with { system in
            let sam = try await system.agent("Sam", role: .supervisor)
            let carol = try await system.agent("Carol")
            try await system.application().test(.router) { client in
                let first = try await addItem(client, "Opening hours", as: sam)
                let second = try await addItem(client, "Refund policy", as: sam)
                let third = try await addItem(client, "Handoff to a human", as: sam)
                #expect([first.position, second.position, third.position] == [0, 1, 2] as [Int])
                #expect(first.result == nil)

                let empty = try decodeWire(PlanWire.self, from: try await client.api(.get, "test-plan", as: carol).body)
                #expect((empty.passed, empty.total) == (0, 3))
                let raw = try #require(try jsonObject(try await client.api(.get, "test-plan", as: carol))["items"] as? [[String: Any]])
                #expect(raw.first?["result"] is NSNull)

                #expect(try await client.api(.post, "test-plan/\(first.id)/results", as: carol, json: json(["outcome": "pass"])).status == .created)
                let failed = try await client.api(
                    .post,
                    "test-plan/\(second.id)/results",
                    as: carol,
                    json: json(["outcome": "fail", "note": "Cited the wrong article"])
                )
                #expect(failed.status == .created)
                let failedItem = try decodeWire(PlanWire.Item.self, from: failed.body)
                #expect(failedItem.result?.outcome == "fail")
                #expect(failedItem.result?.note == "Cited the wrong article")
                #expect(failedItem.result?.tester == "Carol")
                // A pass that later fails no longer counts.
                #expect(try await client.api(.post, "test-plan/\(third.id)/results", as: carol, json: json(["outcome": "pass"])).status == .created)
                try await Task.sleep(for: .milliseconds(5))
                #expect(try await client.api(.post, "test-plan/\(third.id)/results", as: carol, json: json(["outcome": "fail"])).status == .created)

                let plan = try decodeWire(PlanWire.self, from: try await client.api(.get, "test-plan", as: carol).body)
                #expect((plan.passed, plan.total) == (1, 3))
                #expect(plan.items.map(\.title) == ["Opening hours", "Refund policy", "Handoff to a human"])
                #expect(plan.items.map { $0.result?.outcome } == ["pass", "fail", "fail"])

                let invalid = try await client.api(.post, "test-plan/\(first.id)/results", as: carol, json: json(["outcome": "maybe"]))
                #expect(invalid.status == .unprocessableContent)
                #expect(try errorBody(invalid).code == "invalid_outcome")
            }
        }
    }

    @Test func supervisorsEditAndAgentsCannot() async throws {
        try await TestSystem.with { system in
            let sam = try await system.agent("Sam", role: .supervisor)
            let carol = try await system.agent("Carol")
            try await system.application().test(.router) { client in
                let item = try await addItem(client, "Opening hours", as: sam)
                for (method, path) in [(HTTPRequest.Method.post, "test-plan"), (.put, "test-plan/\(item.id)"), (.delete, "test-plan/\(item.id)")] {
                    let response = try await client.api(method, path, as: carol, json: method == .delete ? nil : json(["title": "Changed"]))
                    #expect(response.status == .forbidden, "\(method) \(path)")
                }
                let edited = try await client.api(
                    .put,
                    "test-plan/\(item.id)",
                    as: sam,
                    json: json(["title": "Opening hours on holidays", "steps": ""])
                )
                #expect(edited.status == .ok)
                let editedItem = try decodeWire(PlanWire.Item.self, from: edited.body)
                #expect(editedItem.title == "Opening hours on holidays")
                #expect(editedItem.steps == nil)
                #expect(editedItem.expectedResult == "A correct answer")
                #expect(try await client.api(.put, "test-plan/\(item.id)", as: sam, json: json(["title": " "])).status == .unprocessableContent)
                #expect(try await client.api(.delete, "test-plan/\(item.id)", as: sam).status == .noContent)
                #expect(try decodeWire(PlanWire.self, from: try await client.api(.get, "test-plan", as: carol).body).total == 0)
                #expect(try await client.api(.delete, "test-plan/\(item.id)", as: sam).status == .notFound)
            }
        }
    }

    @Test func anotherOrganisationCannotSeeOrChangeThePlan() async throws {
        try await TestSystem.with { system in
            let sam = try await system.agent("Sam", role: .supervisor)
            let other = try await system.makeOrganisation()
            let mallory = try await system.agent("Mallory", role: .admin, in: other.id)
            try await system.application().test(.router) { client in
                let item = try await addItem(client, "Opening hours", as: sam)
                #expect(try decodeWire(PlanWire.self, from: try await client.api(.get, "test-plan", as: mallory).body).total == 0)
                let attempts: [(HTTPRequest.Method, String, String?)] = [
                    (.post, "test-plan/\(item.id)/results", json(["outcome": "fail"])),
                    (.put, "test-plan/\(item.id)", json(["title": "Hacked"])),
                    (.delete, "test-plan/\(item.id)", nil),
                ]
                for (method, path, body) in attempts {
                    let response = try await client.api(method, path, as: mallory, json: body)
                    #expect(response.status == .notFound, "\(method) \(path)")
                    #expect(try errorBody(response).code == "test_plan_item_not_found")
                }
                // Mallory's own item stays in Mallory's organisation.
                #expect(try await client.api(.post, "test-plan", as: mallory, json: json(["title": "Theirs"])).status == .created)
                let plan = try decodeWire(PlanWire.self, from: try await client.api(.get, "test-plan", as: sam).body)
                #expect(plan.items.map(\.title) == ["Opening hours"])
                #expect(
                    try decodeWire(PlanWire.self, from: try await client.api(.get, "test-plan", as: mallory).body).items.map(\.title) == ["Theirs"]
                )
                #expect(plan.items.first?.result == nil)
            }
        }
    }
}
