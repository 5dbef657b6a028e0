import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchboardDomain
import TestSupport
import Testing

@testable import SwitchboardHTTP

/// /api/v1/conversations: list with filters and cursors, transcript, export, agent messages,
/// mode changes and review flags; scopes, other organisations and bad input.
@Suite struct APIConversationTests {
    struct PageWire: Decodable {
        struct Item: Decodable {
            let id: UUID
            let mode: String
            let ownerAgentId: UUID?
            let flaggedIncorrect: Bool
            let kbUpdateNeeded: Bool
            let followupNeeded: Bool
        }
        let data: [Item]
        let nextCursor: String?
    }

    struct TranscriptWire: Decodable {
        struct Message: Decodable {
            let seq: Int64
            let author: String
            let body: String
            let agentName: String?
        }
        let conversation: PageWire.Item
        let messages: [Message]
    }

    @Test func listsNewestFirstInPagesWithFilters() async throws {
        try await TestSystem.with { system in
            let key = try await system.apiKey([.conversationsRead])
            let agent = try await system.agent("Carol", role: .agent)
            try await system.application().test(.router) { client in
                var started: [UUID] = []
                for _ in 0..<3 { started.append(try await client.startChat(system.organisation).conversationId) }
                let live = try await client.liveChat(system, agent: agent).conversationId

                var seen: [UUID] = []
                var cursor: String?
                repeat {
                    let path = "conversations?limit=2" + (cursor.map { "&cursor=\($0)" } ?? "")
                    let response = try await client.v1(.get, path, key: key)
                    #expect(response.status == .ok)
                    let page = try decodeAPI(PageWire.self, from: response)
                    #expect(page.data.count <= 2)
                    seen += page.data.map(\.id)
                    cursor = page.nextCursor
                } while cursor != nil
                #expect(seen == ([live] + started.reversed()))

                let mine = try decodeAPI(PageWire.self, from: try await client.v1(.get, "conversations?mode=live&agent_id=\(agent.id)", key: key))
                #expect(mine.data.map(\.id) == [live])
                #expect(mine.data.first?.ownerAgentId == agent.id)
                let future = try decodeAPI(
                    PageWire.self,
                    from: try await client.v1(.get, "conversations?started_after=2999-01-01T00:00:00Z", key: key)
                )
                #expect(future.data.isEmpty)
                let flagged = try decodeAPI(PageWire.self, from: try await client.v1(.get, "conversations?flagged_incorrect=true", key: key))
                #expect(flagged.data.isEmpty)

                for bad in ["limit=0", "limit=101", "mode=open", "cursor=garbage", "started_after=yesterday", "kb_update_needed=yes", "agent_id=7"] {
                    let response = try await client.v1(.get, "conversations?\(bad)", key: key)
                    #expect(response.status == .unprocessableContent, "\(bad)")
                    #expect(try errorBody(response).code == "invalid_parameter")
                }
            }
        }
    }

    @Test func readsATranscriptButNotAnotherOrganisationsOrWithoutTheScope() async throws {
        try await TestSystem.with { system in
            let key = try await system.apiKey([.conversationsRead])
            let kbOnly = try await system.apiKey([.kbWrite])
            let other = try await system.makeOrganisation()
            let otherKey = try await system.apiKey(in: other.id)
            try await system.application().test(.router) { client in
                let chat = try await client.startChat(system.organisation)
                #expect(try await client.say("Where is my order?", in: chat).status == .created)
                let response = try await client.v1(.get, "conversations/\(chat.conversationId)", key: key)
                #expect(response.status == .ok)
                let transcript = try decodeAPI(TranscriptWire.self, from: response)
                #expect(transcript.conversation.id == chat.conversationId)
                #expect(transcript.messages.contains { $0.author == "customer" && $0.body == "Where is my order?" })

                let missing = try await client.v1(.get, "conversations/\(chat.conversationId)", key: otherKey)
                #expect(missing.status == .notFound)
                #expect(try errorBody(missing).code == "conversation_not_found")
                #expect(try decodeAPI(PageWire.self, from: try await client.v1(.get, "conversations", key: otherKey)).data.isEmpty)
                let refused = try await client.v1(.get, "conversations/\(chat.conversationId)", key: kbOnly)
                #expect(refused.status == .forbidden)
                #expect(try errorBody(refused).code == "insufficient_scope")
                #expect(try await client.v1(.get, "conversations", key: kbOnly).status == .forbidden)
                #expect(try await client.v1(.get, "conversations/not-a-uuid", key: key).status == .notFound)
            }
        }
    }

    @Test func exportsChatLogRowsAsNDJSONAndCSV() async throws {
        try await TestSystem.with { system in
            let key = try await system.apiKey([.conversationsRead])
            try await system.application().test(.router) { client in
                let chat = try await client.startChat(system.organisation)
                #expect(try await client.say("Hello, \"quoted\", and more", in: chat).status == .created)
                _ = try await client.startChat(system.organisation)

                let ndjson = try await client.v1(.get, "conversations/export?format=ndjson", key: key)
                #expect(ndjson.status == .ok)
                #expect(ndjson.headers[.contentType] == "application/x-ndjson")
                let lines = String(buffer: ndjson.body).split(separator: "\n")
                #expect(lines.count == 2)
                let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
                #expect(Set(first.keys) == Set(ChatLogExport.columns))
                #expect(first["session_id"] as? String == chat.conversationId.uuidString.lowercased())

                let csv = try await client.v1(.get, "conversations/export?format=csv", key: key)
                #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
                let records = String(buffer: csv.body).components(separatedBy: "\r\n").filter { !$0.isEmpty }
                #expect(records.first == ChatLogExport.columns.joined(separator: ","))
                #expect(records.count == 3)
                #expect(records.last?.contains("\"\"quoted\"\"") == true)

                #expect(try await client.v1(.get, "conversations/export?format=xml", key: key).status == .unprocessableContent)
            }
        }
    }

    @Test func theExportHasExactlyTheColumnsOfTheReportingView() async throws {
        try await TestSystem.with { system in
            let columns = try await system.pool.withTenant(system.orgID) { session in
                try await session.query(
                    """
                    SELECT column_name FROM information_schema.columns
                    WHERE table_schema = 'reporting' AND table_name = 'chat_log' ORDER BY ordinal_position
                    """
                ).map { try $0.decode("column_name", as: String.self) }
            }
            #expect(columns == ChatLogExport.columns)
        }
    }

    @Test func postsAsTheOwningAgentOnlyAndRefusesOthers() async throws {
        try await TestSystem.with { system in
            let key = try await system.apiKey([.conversationsRead, .conversationsWrite])
            let readOnly = try await system.apiKey([.conversationsRead])
            let carol = try await system.agent("Carol", role: .agent)
            let dave = try await system.agent("Dave", role: .agent)
            let other = try await system.makeOrganisation()
            let stranger = try await system.agent("Eve", in: other.id)
            try await system.application().test(.router) { client in
                let live = try await client.liveChat(system, agent: carol)
                let path = "conversations/\(live.conversationId)/messages"
                let posted = try await client.v1(.post, path, key: key, json: json(["agent_id": carol.id.uuidString, "body": "I'm on it."]))
                #expect(posted.status == .created, "\(String(buffer: posted.body))")
                #expect(try await client.widgetTranscript(live).messages.contains { $0.body == "I'm on it." && $0.agentName == "Carol" })

                let notOwner = try await client.v1(.post, path, key: key, json: json(["agent_id": dave.id.uuidString, "body": "Me too"]))
                #expect(notOwner.status == .conflict)
                #expect(try errorBody(notOwner).code == "not_your_conversation")
                let aiChat = try await client.startChat(system.organisation)
                #expect(
                    try await client.v1(
                        .post,
                        "conversations/\(aiChat.conversationId)/messages",
                        key: key,
                        json: json(["agent_id": carol.id.uuidString, "body": "Hi"])
                    ).status == .conflict
                )
                let foreign = try await client.v1(.post, path, key: key, json: json(["agent_id": stranger.id.uuidString, "body": "Hi"]))
                #expect(foreign.status == .unprocessableContent)
                #expect(try errorBody(foreign).code == "unknown_agent")
                let empty = try await client.v1(.post, path, key: key, json: json(["agent_id": carol.id.uuidString, "body": "  "]))
                #expect(empty.status == .unprocessableContent)
                let missing = try await client.v1(.post, path, key: key, json: json(["body": "Hi"]))
                #expect(missing.status == .unprocessableContent)
                #expect(try errorBody(missing).message.contains("agent_id"))
                #expect(try await client.v1(.post, path, key: key, json: "{not json").status == .badRequest)
                #expect(
                    try await client.v1(.post, path, key: readOnly, json: json(["agent_id": carol.id.uuidString, "body": "x"])).status == .forbidden
                )
                let transcript = try decodeAPI(TranscriptWire.self, from: try await client.v1(.get, "conversations/\(live.conversationId)", key: key))
                #expect(transcript.messages.filter { $0.author == "agent" }.map(\.body) == ["I'm on it."])
            }
        }
    }

    @Test func changesModeWhereTheLifecycleAllowsIt() async throws {
        try await TestSystem.with { system in
            let key = try await system.apiKey([.conversationsRead, .conversationsWrite])
            let carol = try await system.agent("Carol", role: .agent)
            let dave = try await system.agent("Dave", role: .agent)
            let otherKey = try await system.apiKey([.conversationsWrite], in: try await system.makeOrganisation().id)
            try await system.application().test(.router) { client in
                let chat = try await client.startChat(system.organisation)
                let path = "conversations/\(chat.conversationId)/mode"
                let writer = key
                func mode(_ body: [String: Any?], key other: String? = nil) async throws -> TestResponse {
                    try await client.v1(.post, path, key: other ?? writer, json: json(body))
                }
                let taken = try await mode(["action": "take_over", "agent_id": carol.id.uuidString])
                #expect(taken.status == .ok, "\(String(buffer: taken.body))")
                #expect(try await system.conversation(chat.conversationId).mode == .live)
                let race = try await mode(["action": "take_over", "agent_id": dave.id.uuidString])
                #expect(race.status == .conflict)
                #expect(try errorBody(race).code == "conversation_taken")
                #expect(try await mode(["action": "transfer", "agent_id": carol.id.uuidString, "to_agent_id": dave.id.uuidString]).status == .ok)
                #expect(try await system.conversation(chat.conversationId).ownerAgentID == dave.id)
                #expect(try await mode(["action": "hand_back", "agent_id": carol.id.uuidString]).status == .conflict)
                #expect(try await mode(["action": "hand_back", "agent_id": dave.id.uuidString]).status == .ok)
                #expect(try await system.conversation(chat.conversationId).mode == .ai)
                #expect(try await mode(["action": "archive"]).status == .conflict)
                #expect(try await mode(["action": "close", "agent_id": dave.id.uuidString]).status == .ok)
                #expect(try await system.conversation(chat.conversationId).mode == .closed)
                #expect(try await mode(["action": "archive"]).status == .ok)

                let unknown = try await mode(["action": "teleport", "agent_id": dave.id.uuidString])
                #expect(unknown.status == .unprocessableContent)
                #expect(try errorBody(unknown).message.contains("action"))
                #expect(try await mode(["action": "take_over"]).status == .unprocessableContent)
                #expect(try await mode(["action": "close", "agent_id": dave.id.uuidString], key: otherKey).status == .notFound)
                #expect(try await system.conversation(chat.conversationId).mode == .archived)
            }
        }
    }

    @Test func setsAndClearsReviewFlagsWithNotes() async throws {
        try await TestSystem.with { system in
            let key = try await system.apiKey([.conversationsRead, .conversationsWrite])
            let readOnly = try await system.apiKey([.conversationsRead])
            let carol = try await system.agent("Carol", role: .agent)
            let otherKey = try await system.apiKey([.conversationsWrite], in: try await system.makeOrganisation().id)
            try await system.application().test(.router) { client in
                let chat = try await client.closedChat(system, agent: carol)
                let path = "conversations/\(chat.conversationId)/flags"
                let set = try await client.v1(
                    .patch,
                    path,
                    key: key,
                    json: json([
                        "agent_id": carol.id.uuidString, "flagged_incorrect": true, "correction_note": "Returns are 30 days",
                        "kb_update_needed": true, "followup_needed": true, "followup_note": "Call back",
                    ])
                )
                #expect(set.status == .ok, "\(String(buffer: set.body))")
                let review = try #require(try jsonObject(set)["review"] as? [String: Any])
                #expect(review["correction_note"] as? String == "Returns are 30 days")
                #expect(review["flagged_by"] as? String == "Carol")
                #expect(try await system.conversation(chat.conversationId).mode == .followup)
                let listed = try decodeAPI(
                    PageWire.self,
                    from: try await client.v1(.get, "conversations?followup_needed=true&flagged_incorrect=true", key: key)
                )
                #expect(listed.data.map(\.id) == [chat.conversationId])

                #expect(
                    try await client.v1(.patch, path, key: key, json: json(["agent_id": carol.id.uuidString, "followup_needed": false])).status == .ok
                )
                #expect(try await system.conversation(chat.conversationId).mode == .closed)

                let nothing = try await client.v1(.patch, path, key: key, json: json(["agent_id": carol.id.uuidString]))
                #expect(nothing.status == .unprocessableContent)
                let wrongType = try await client.v1(.patch, path, key: key, json: json(["agent_id": carol.id.uuidString, "kb_update_needed": "yes"]))
                #expect(wrongType.status == .unprocessableContent)
                #expect(try errorBody(wrongType).message.contains("kb_update_needed"))
                #expect(
                    try await client.v1(.patch, path, key: readOnly, json: json(["agent_id": carol.id.uuidString, "kb_update_needed": false])).status
                        == .forbidden
                )
                #expect(
                    try await client.v1(.patch, path, key: otherKey, json: json(["agent_id": carol.id.uuidString, "kb_update_needed": false])).status
                        == .notFound
                )
                #expect(try await system.rowCount("qa_reviews", conversationID: chat.conversationId) == 1)
            }
        }
    }
}
