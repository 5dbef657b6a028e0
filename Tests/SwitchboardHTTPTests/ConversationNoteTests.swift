import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HummingbirdWSTesting
import SwitchboardDomain
import TestSupport
import Testing
import WSClient

@testable import SwitchboardHTTP

/// Internal notes: the team sees them in the console, the REST API and on its sockets; the
/// customer never does, by any path; mentions name the agents to tell; other organisations
/// neither see nor add any.
@Suite(.timeLimit(.minutes(2))) struct ConversationNoteTests {
    struct Added: Decodable {
        let note: NotePayload
    }

    struct Transcript: Decodable {
        let notes: [NotePayload]
        let messages: [MessagePayload]
    }

    @Test func aNoteReachesTheTeamWithItsMentionsAndNeverTheCustomer() async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol Mendes")
            let dave = try await system.agent("Dave Okafor")
            try await system.withRelay {
                try await system.application().test(.live) { client in
                    let port = try #require(client.port)
                    let chat = try await client.liveChat(system, agent: carol)
                    let customer = TestSocket(port: port, path: "/widget/v1/socket?token=\(chat.customerToken)")
                    let console = TestSocket(port: port, path: "/console/api/socket?token=\(dave.token)")
                    try await system.waitForSockets(customers: 1, agents: 1)
                    try await system.waitUntilRelayReaches(console, conversationID: chat.conversationId, typist: .customer)

                    let secret = "Refund approved by finance, @dave please confirm <b>today</b>"
                    let added = try await client.api(
                        .post,
                        "conversations/\(chat.conversationId)/notes",
                        as: carol,
                        json: json(["body": secret])
                    )
                    #expect(added.status == .created)
                    let note = try decodeWire(Added.self, from: added.body).note
                    #expect(note.mentions == [dave.id] && note.agentName == "Carol Mendes" && note.internal)

                    // Dave's console hears of it, with the mention that tells him.
                    let frame = try await console.frame { $0.type == "note" }
                    #expect(frame.note?.body == secret && frame.note?.mentions == [dave.id])
                    let transcript = try decodeWire(
                        Transcript.self,
                        from: try await client.api(.get, "conversations/\(chat.conversationId)", as: dave).body
                    )
                    #expect(transcript.notes.map(\.body) == [secret])
                    #expect(!transcript.messages.contains { $0.body == secret })

                    // The customer: a message after the note arrives, the note never does, on the socket or on a read.
                    #expect(
                        try await client.console(
                            "messages",
                            chat.conversationId,
                            as: carol,
                            json: json(["body": "Good news soon", "clientMessageId": "c-1"])
                        ).status == .created
                    )
                    try await customer.frame { $0.message?.body == "Good news soon" }
                    #expect(await customer.frames().allSatisfy { $0.type != "note" && $0.message?.body != secret })
                    let read = try await client.request(
                        .get,
                        "/widget/v1/conversations/\(chat.conversationId)/messages?after=0",
                        token: chat.customerToken
                    )
                    #expect(!String(buffer: read.body).contains("Refund approved"))

                    // The REST API marks it internal.
                    let key = try await system.apiKey([.conversationsRead])
                    let rest = try await client.v1(.get, "conversations/\(chat.conversationId)", key: key)
                    #expect(rest.status == .ok)
                    let notes = try #require(try jsonObject(rest)["notes"] as? [[String: Any]])
                    #expect(notes.count == 1 && notes[0]["internal"] as? Bool == true && notes[0]["body"] as? String == secret)
                    await customer.close()
                    await console.close()
                }
            }
        }
    }

    @Test(arguments: [
        (#"{"body": "   "}"#, "empty_note"), (#"{}"#, "invalid_body"),
        ("{\"body\": \"\(String(repeating: "n", count: 4001))\"}", "note_too_long"),
    ])
    func aBadNoteIsRefusedAndNothingIsStored(body: String, code: String) async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            try await system.application().test(.router) { client in
                let chat = try await client.startChat(system.organisation)
                let refused = try await client.api(.post, "conversations/\(chat.conversationId)/notes", as: carol, json: body)
                #expect(refused.status == .unprocessableContent)
                #expect(try errorBody(refused).code == code)
                let transcript = try await client.api(.get, "conversations/\(chat.conversationId)", as: carol)
                #expect(try decodeWire(Transcript.self, from: transcript.body).notes.isEmpty)
            }
        }
    }

    @Test func anotherOrganisationNeitherReadsNorAddsNotes() async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            let other = try await system.makeOrganisation(name: "Other Shop")
            let stranger = try await system.agent("Stranger", in: other.id)
            try await system.application().test(.router) { client in
                let chat = try await client.startChat(system.organisation)
                #expect(
                    try await client.api(
                        .post,
                        "conversations/\(chat.conversationId)/notes",
                        as: carol,
                        json: json(["body": "ours"])
                    ).status == .created
                )
                let planted = try await client.api(
                    .post,
                    "conversations/\(chat.conversationId)/notes",
                    as: stranger,
                    json: json(["body": "planted"])
                )
                #expect(planted.status == .notFound)
                #expect(try await client.api(.get, "conversations/\(chat.conversationId)", as: stranger).status == .notFound)
                let theirKey = try await system.apiKey([.conversationsRead], in: other.id)
                #expect(try await client.v1(.get, "conversations/\(chat.conversationId)", key: theirKey).status == .notFound)
                let transcript = try await client.api(.get, "conversations/\(chat.conversationId)", as: carol)
                #expect(try decodeWire(Transcript.self, from: transcript.body).notes.map(\.body) == ["ours"])
            }
        }
    }
}
