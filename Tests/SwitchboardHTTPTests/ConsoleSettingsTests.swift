import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchboardDomain
import TestSupport
import Testing

@testable import SwitchboardHTTP

/// Settings: any agent reads them, admins change them; invalid values are refused with a clear
/// message and lose nothing; every change is in the audit log with before and after.
@Suite struct ConsoleSettingsTests {
    struct SettingsWire: Decodable, Equatable {
        let aiChatEnabled: Bool
        let timeZone: String
        let businessHours: [String: [[String]]]
        let widgetAllowedOrigins: [String]
        let widgetKey: String
        let idleCloseMinutes: Int
    }

    @Test func anyAgentReadsTheSettings() async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            try await system.application().test(.router) { client in
                let response = try await client.api(.get, "settings", as: carol)
                #expect(response.status == .ok)
                let settings = try decodeWire(SettingsWire.self, from: response.body)
                #expect(settings.aiChatEnabled)
                #expect(settings.timeZone == "UTC")
                #expect(settings.businessHours["mon"] == [["09:00", "17:00"]])
                #expect(settings.businessHours["sun"] == [])
                #expect(settings.widgetKey == system.organisation.widgetKey)
                #expect(settings.widgetAllowedOrigins == [TestSystem.allowedOrigin, TestSystem.socketClientOrigin])
            }
        }
    }

    @Test func adminChangesSettingsPartiallyAndTheChangeIsAudited() async throws {
        try await TestSystem.with { system in
            let ada = try await system.agent("Ada", role: .admin)
            try await system.application().test(.router) { client in
                let response = try await client.api(
                    .put,
                    "settings",
                    as: ada,
                    json: json([
                        "timeZone": "Europe/Berlin", "aiChatEnabled": false,
                        "businessHours": ["mon": [["13:00", "17:00"], ["08:00", "12:00"]], "sat": [["10:00", "14:00"]]],
                        "widgetAllowedOrigins": ["HTTPS://Shop.Example/", "http://localhost:8080"],
                    ])
                )
                #expect(response.status == .ok, "\(String(buffer: response.body))")
                let settings = try decodeWire(SettingsWire.self, from: response.body)
                #expect(settings.timeZone == "Europe/Berlin")
                #expect(!settings.aiChatEnabled)
                #expect(settings.businessHours["mon"] == [["08:00", "12:00"], ["13:00", "17:00"]])
                #expect(settings.businessHours["tue"] == [])
                #expect(settings.widgetAllowedOrigins == ["https://shop.example", "http://localhost:8080"])
                #expect(settings.idleCloseMinutes == 30)
                // The widget and new conversations follow at once.
                #expect(try await system.live.dependencies.organisations.settings(for: system.orgID).aiChatEnabled == false)

                let audit = try await client.api(.get, "audit?limit=5", as: ada)
                #expect(audit.status == .ok)
                let entries = try #require(try jsonObject(audit)["entries"] as? [[String: Any]])
                #expect(entries.count == 1)
                let entry = try #require(entries.first)
                #expect(entry["actor"] as? String == "Ada")
                #expect(entry["action"] as? String == "settings.updated")
                #expect(entry["targetId"] as? String == system.orgID.uuidString.lowercased())
                let details = try #require(entry["details"] as? [String: Any])
                #expect((details["before"] as? [String: Any])?["timeZone"] as? String == "UTC")
                #expect((details["after"] as? [String: Any])?["timeZone"] as? String == "Europe/Berlin")
                #expect((details["after"] as? [String: Any])?["aiChatEnabled"] as? Bool == false)
                #expect((details["before"] as? [String: Any])?["idleCloseMinutes"] == nil)

                // Saving the same values again changes nothing and adds no entry.
                #expect(try await client.api(.put, "settings", as: ada, json: json(["timeZone": "Europe/Berlin"])).status == .ok)
                #expect((try jsonObject(try await client.api(.get, "audit", as: ada))["entries"] as? [Any])?.count == 1)
            }
        }
    }

    @Test(arguments: [
        (#"{"timeZone": "Mars/Olympus"}"#, "invalid_time_zone"),
        (#"{"businessHours": {"mon": [["9:00", "17:00"]]}}"#, "invalid_business_hours"),
        (#"{"businessHours": {"mon": [["17:00", "09:00"]]}}"#, "invalid_business_hours"),
        (#"{"businessHours": {"monday": []}}"#, "invalid_business_hours"),
        (#"{"businessHours": {"mon": [["09:00", "12:00"], ["11:00", "13:00"]]}}"#, "invalid_business_hours"),
        (#"{"businessHours": {"mon": "09:00-17:00"}}"#, "invalid_settings"),
        (#"{"widgetAllowedOrigins": ["https://shop.example/path"]}"#, "invalid_origin"),
        (#"{"widgetAllowedOrigins": ["ftp://shop.example"]}"#, "invalid_origin"),
        (#"{"widgetAllowedOrigins": ["shop.example"]}"#, "invalid_origin"),
        (#"{"idleCloseMinutes": 0}"#, "invalid_idle_close_minutes"),
        (#"{"aiChatEnabled": "yes"}"#, "invalid_settings"),
    ])
    func invalidSettingsAreRefusedAndLoseNothing(body: String, code: String) async throws {
        try await TestSystem.with { system in
            let ada = try await system.agent("Ada", role: .admin)
            try await system.application().test(.router) { client in
                let before = try decodeWire(SettingsWire.self, from: try await client.api(.get, "settings", as: ada).body)
                // A valid change alongside the invalid one is not applied either.
                var object = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
                object["idleCloseMinutes"] = object["idleCloseMinutes"] ?? 45
                let response = try await client.api(.put, "settings", as: ada, json: json(object))
                #expect(response.status == .unprocessableContent)
                let error = try errorBody(response)
                #expect(error.code == code)
                #expect(!error.message.isEmpty)
                #expect(!error.message.lowercased().contains("select"))
                let after = try decodeWire(SettingsWire.self, from: try await client.api(.get, "settings", as: ada).body)
                #expect(after == before)
                #expect((try jsonObject(try await client.api(.get, "audit", as: ada))["entries"] as? [Any])?.isEmpty == true)
            }
        }
    }

    @Test func rotatingTheWidgetKeyRetiresTheOldOne() async throws {
        try await TestSystem.with { system in
            let ada = try await system.agent("Ada", role: .admin)
            try await system.application().test(.router) { client in
                let response = try await client.api(.post, "settings/widget-key/rotate", as: ada)
                #expect(response.status == .ok)
                let rotated = try decodeWire(SettingsWire.self, from: response.body)
                #expect(rotated.widgetKey != system.organisation.widgetKey)
                #expect(rotated.widgetKey.count == 32)
                #expect(try await system.live.dependencies.organisations.find(widgetKey: system.organisation.widgetKey) == nil)
                #expect(try await system.live.dependencies.organisations.find(widgetKey: rotated.widgetKey)?.id == system.orgID)
                let entries = try #require(try jsonObject(try await client.api(.get, "audit", as: ada))["entries"] as? [[String: Any]])
                #expect(entries.first?["action"] as? String == "settings.widget_key_rotated")
            }
        }
    }

    @Test func onlyAdminsChangeSettingsOrReadTheAudit() async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            let sam = try await system.agent("Sam", role: .supervisor)
            try await system.application().test(.router) { client in
                for agent in [carol, sam] {
                    for (method, path) in [(HTTPRequest.Method.put, "settings"), (.post, "settings/widget-key/rotate"), (.get, "audit")] {
                        let response = try await client.api(method, path, as: agent, json: method == .get ? nil : json(["timeZone": "Europe/Paris"]))
                        #expect(response.status == .forbidden, "\(agent.name) \(method) \(path)")
                        #expect(try errorBody(response).code == "forbidden")
                    }
                }
                let settings = try decodeWire(SettingsWire.self, from: try await client.api(.get, "settings", as: carol).body)
                #expect(settings.timeZone == "UTC")
                #expect(settings.widgetKey == system.organisation.widgetKey)
            }
        }
    }

    @Test func anotherOrganisationsAdminChangesOnlyTheirOwnSettings() async throws {
        try await TestSystem.with { system in
            let ada = try await system.agent("Ada", role: .admin)
            let other = try await system.makeOrganisation()
            let mallory = try await system.agent("Mallory", role: .admin, in: other.id)
            try await system.application().test(.router) { client in
                #expect(try await client.api(.put, "settings", as: ada, json: json(["timeZone": "Europe/London"])).status == .ok)
                let theirs = try decodeWire(SettingsWire.self, from: try await client.api(.get, "settings", as: mallory).body)
                #expect(theirs.widgetKey == other.widgetKey)
                #expect(theirs.timeZone == "UTC")
                #expect((try jsonObject(try await client.api(.get, "audit", as: mallory))["entries"] as? [Any])?.isEmpty == true)

                #expect(try await client.api(.put, "settings", as: mallory, json: json(["timeZone": "Asia/Tokyo"])).status == .ok)
                #expect(try await client.api(.post, "settings/widget-key/rotate", as: mallory).status == .ok)
                let ours = try decodeWire(SettingsWire.self, from: try await client.api(.get, "settings", as: ada).body)
                #expect(ours.timeZone == "Europe/London")
                #expect(ours.widgetKey == system.organisation.widgetKey)
                #expect((try jsonObject(try await client.api(.get, "audit", as: ada))["entries"] as? [Any])?.count == 1)
            }
        }
    }
}
