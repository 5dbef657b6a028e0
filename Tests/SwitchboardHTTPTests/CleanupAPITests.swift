import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PostgresClient
import SwitchboardDomain
import TestSupport
import Testing

@testable import SwitchboardHTTP

/// "Admin: Clean Up Test Data" and the data reference.
@Suite struct CleanupAPITests {
    struct PreviewWire: Decodable {
        let before: String
        let count: Int
    }

    /// Moves a conversation's close (and archive) time into the past, as old test chats would have.
    private func backdate(_ system: TestSystem, _ conversationID: UUID, orgID: UUID, to date: String) async throws {
        let at = try Date.ISO8601FormatStyle().parse(date)
        try await system.pool.withTenant(orgID) { session in
            try await session.execute(
                """
                UPDATE conversations SET closed_at = $3, archived_at = CASE WHEN archived_at IS NULL THEN NULL ELSE $3 END
                WHERE org_id = $1 AND conversation_id = $2
                """,
                [orgID, conversationID, at]
            )
        }
    }

    private func preview(_ client: some TestClientProtocol, _ admin: TestSystem.Agent, before: String = "2024-02-01") async throws -> Int {
        let response = try await client.api(.get, "cleanup/preview?before=\(before)", as: admin)
        try #require(response.status == .ok, "\(String(buffer: response.body))")
        let preview = try decodeWire(PreviewWire.self, from: response.body)
        #expect(preview.before == before)
        return preview.count
    }

    @Test func previewCountIsWhatTheConfirmedCleanUpRemovesInThisOrganisationOnly() async throws {
        try await TestSystem.with { system in
            let ada = try await system.agent("Ada", role: .admin)
            let sam = try await system.agent("Sam", role: .supervisor)
            let carol = try await system.agent("Carol")
            let other = try await system.makeOrganisation()
            let otherAdmin = try await system.agent("Olga", role: .admin, in: other.id)
            let otherAgent = try await system.agent("Otto", in: other.id)
            try await system.application().test(.router) { client in
                var old: [UUID] = []
                for _ in 0..<3 {
                    let chat = try await client.closedChat(system, agent: ada)
                    try await backdate(system, chat.conversationId, orgID: system.orgID, to: "2024-01-10T12:00:00Z")
                    old.append(chat.conversationId)
                }
                let archived = try await client.closedChat(system, agent: ada)
                #expect(try await client.api(.post, "conversations/\(archived.conversationId)/archive", as: ada).status == .ok)
                try await backdate(system, archived.conversationId, orgID: system.orgID, to: "2024-01-20T12:00:00Z")
                old.append(archived.conversationId)
                // Not removed: closed after the date, still waiting for a follow-up, and still open.
                let recent = try await client.closedChat(system, agent: ada)
                let followUp = try await client.closedChat(system, agent: ada)
                #expect(
                    try await client.api(
                        .put,
                        "conversations/\(followUp.conversationId)/followup",
                        as: ada,
                        json: json(["followupNeeded": true, "note": "Call"])
                    ).status == .ok
                )
                try await backdate(system, followUp.conversationId, orgID: system.orgID, to: "2024-01-10T12:00:00Z")
                let open = try await client.liveChat(system, agent: ada)
                // Another organisation's old chats.
                var theirs: [UUID] = []
                for _ in 0..<2 {
                    let chat = try await client.startChat(other)
                    #expect(try await client.console("take-over", chat.conversationId, as: otherAgent).status == .ok)
                    #expect(
                        try await client.api(
                            .post,
                            "conversations/\(chat.conversationId)/close",
                            as: otherAgent,
                            json: json(["chatReviewed": true])
                        ).status == .ok
                    )
                    try await backdate(system, chat.conversationId, orgID: other.id, to: "2024-01-10T12:00:00Z")
                    theirs.append(chat.conversationId)
                }

                let count = try await preview(client, ada)
                #expect(count == 4)
                #expect(try await preview(client, otherAdmin) == 2)

                let mismatch = try await client.api(.post, "cleanup", as: ada, json: json(["before": "2024-02-01", "confirmation": "delete 3"]))
                #expect(mismatch.status == .unprocessableContent)
                let error = try errorBody(mismatch)
                #expect(error.code == "confirmation_mismatch")
                #expect(error.message.contains("delete 4"))
                #expect(try await preview(client, ada) == 4)

                let response = try await client.api(
                    .post,
                    "cleanup",
                    as: ada,
                    json: json(["before": "2024-02-01", "confirmation": "delete \(count)"])
                )
                #expect(response.status == .ok, "\(String(buffer: response.body))")
                #expect(try jsonObject(response)["removed"] as? Int == count)
                for id in old {
                    #expect(try await system.rowCount("conversations", conversationID: id) == 0)
                    #expect(try await system.rowCount("messages", conversationID: id) == 0)
                }
                for id in [recent.conversationId, followUp.conversationId, open.conversationId] {
                    #expect(try await system.rowCount("conversations", conversationID: id) == 1)
                }
                for id in theirs {
                    #expect(try await system.rowCount("conversations", conversationID: id, orgID: other.id) == 1)
                    #expect(try await system.rowCount("messages", conversationID: id, orgID: other.id) > 0)
                }
                #expect(try await preview(client, ada) == 0)
                #expect(try await preview(client, otherAdmin) == 2)

                let entries = try #require(try jsonObject(try await client.api(.get, "audit", as: ada))["entries"] as? [[String: Any]])
                #expect(entries.first?["action"] as? String == "cleanup.deleted")
                #expect((entries.first?["details"] as? [String: Any])?["removed"] as? Int == 4)
                #expect((try jsonObject(try await client.api(.get, "audit", as: otherAdmin))["entries"] as? [Any])?.isEmpty == true)

                for agent in [carol, sam] {
                    for (method, path) in [(HTTPRequest.Method.get, "cleanup/preview?before=2024-02-01"), (.post, "cleanup")] {
                        let refused = try await client.api(
                            method,
                            path,
                            as: agent,
                            json: method == .get ? nil : json(["before": "2024-02-01", "confirmation": "delete 0"])
                        )
                        #expect(refused.status == .forbidden, "\(agent.name) \(path)")
                    }
                }
            }
        }
    }

    @Test func anInvalidDateIsRefused() async throws {
        try await TestSystem.with { system in
            let ada = try await system.agent("Ada", role: .admin)
            try await system.application().test(.router) { client in
                for before in ["", "2024-13-01", "01/02/2024", "2024-02-30"] {
                    let response = try await client.api(.get, "cleanup/preview?before=\(before)", as: ada)
                    #expect(response.status == .unprocessableContent, "\(before)")
                    #expect(try errorBody(response).code == "invalid_date")
                }
            }
        }
    }

    @Test func dataReferenceDescribesTheReportingViewsFromTheirComments() async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            try await system.application().test(.router) { client in
                let response = try await client.api(.get, "data-reference", as: carol)
                #expect(response.status == .ok)
                let views = try #require(try jsonObject(response)["views"] as? [[String: Any]])
                // The spreadsheet's tabs and, since 0011, the analytics views.
                #expect(
                    views.compactMap { $0["name"] as? String }
                        == [
                            "agents", "articles", "chat_log", "conversation_facts", "labels", "ownership_changes", "presence", "satisfaction",
                            "sessions",
                            "settings",
                        ]
                )
                let chatLog = try #require(views.first { $0["name"] as? String == "chat_log" })
                #expect((chatLog["description"] as? String)?.hasPrefix("ChatLog tab") == true)
                let columns = try #require(chatLog["columns"] as? [[String: Any]])
                #expect(columns.map { $0["name"] as? String }.prefix(3) == ["org_id", "session_id", "chat_started_date_time"])
                let started = try #require(columns.first { $0["name"] as? String == "chat_started_date_time" })
                #expect(started["type"] as? String == "timestamp with time zone")
                #expect(started["description"] as? String == "When the chat opened.")
                #expect(columns.allSatisfy { ($0["description"] as? String)?.isEmpty == false })
            }
        }
    }
}
