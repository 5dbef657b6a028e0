import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchboardDomain
import TestSupport
import Testing

@testable import SwitchboardHTTP

/// What the console shows of a conversation reaches REST clients too: its labels (and a filter by
/// label), the files its messages carry (downloadable with `conversations:read` only), and the
/// customer's rating; another organisation's key sees none of it.
@Suite struct APIConversationExtrasTests {
    @Test func labelsFilesAndTheRatingAreInTheTranscriptAndOnlyForTheOrganisation() async throws {
        try await TestSystem.with { system in
            let key = try await system.apiKey([.conversationsRead, .conversationsWrite])
            let noRead = try await system.apiKey([.kbWrite])
            let otherKey = try await system.apiKey([.conversationsRead], in: try await system.makeOrganisation().id)
            let carol = try await system.agent("Carol", role: .agent)
            try await system.application().test(.router) { client in
                let chat = try await client.liveChat(system, agent: carol)
                let id = chat.conversationId
                let uploaded = try await AttachmentTests.widgetUpload(client, chat, AttachmentTests.png, name: "receipt.png", clientID: "f-1")
                #expect(uploaded.status == .created)
                let labelled = try await client.api(.put, "conversations/\(id)/labels", as: carol, json: json(["labels": ["Bug report", "VIP"]]))
                #expect(labelled.status == .ok, "\(String(buffer: labelled.body))")
                #expect(try await client.console("close", id, as: carol, json: #"{"chatReviewed": true}"#).status == .ok)
                #expect(try await SatisfactionTests.rate(client, chat, #"{"rating": 2, "comment": "Slow"}"#).status == .ok)
                let other = try await client.startChat(system.organisation)

                let transcript = try jsonObject(try await client.v1(.get, "conversations/\(id)", key: key))
                let conversation = try #require(transcript["conversation"] as? [String: Any])
                #expect(conversation["labels"] as? [String] == ["bug-report", "vip"])
                let satisfaction = try #require(transcript["satisfaction"] as? [String: Any])
                #expect(satisfaction["rating"] as? Int == 2 && satisfaction["comment"] as? String == "Slow")
                let messages = try #require(transcript["messages"] as? [[String: Any]])
                let file = try #require(messages.compactMap { $0["attachment"] as? [String: Any] }.first)
                #expect(file["name"] as? String == "receipt.png" && file["content_type"] as? String == "image/png")
                #expect(file["size"] as? Int == AttachmentTests.png.count)
                #expect(messages.filter { $0["attachment"] is NSNull }.count == messages.count - 1, "text messages say attachment: null")
                let url = try #require(file["url"] as? String)

                let download = try await client.executeRequest(uri: url, method: .get, headers: [.authorization: "Bearer \(key)"], body: nil)
                #expect(download.status == .ok)
                #expect(Array(download.body.readableBytesView) == AttachmentTests.png)
                #expect(download.headers[.contentType] == "image/png")
                #expect(download.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
                for (other, status) in [(noRead, HTTPResponse.Status.forbidden), (otherKey, .notFound)] {
                    let refused = try await client.executeRequest(uri: url, method: .get, headers: [.authorization: "Bearer \(other)"], body: nil)
                    #expect(refused.status == status)
                }
                let wrongChat = url.replacingOccurrences(of: id.uuidString, with: other.conversationId.uuidString)
                let elsewhere = try await client.executeRequest(uri: wrongChat, method: .get, headers: [.authorization: "Bearer \(key)"], body: nil)
                #expect(elsewhere.status == .notFound, "a file is served only through its own conversation")

                // The unrated, unlabelled chat says so explicitly.
                let plain = try jsonObject(try await client.v1(.get, "conversations/\(other.conversationId)", key: key))
                #expect(plain["satisfaction"] is NSNull)
                #expect((plain["conversation"] as? [String: Any])?["labels"] as? [String] == [])

                // The list filters by label, typed freely.
                let page = try jsonObject(try await client.v1(.get, "conversations?label=Bug%20Report", key: key))
                let listed = try #require(page["data"] as? [[String: Any]]).compactMap { $0["id"] as? String }
                #expect(listed == [id.uuidString])
                let bad = try await client.v1(.get, "conversations?label=%3Cscript%3E", key: key)
                #expect(bad.status == .unprocessableContent)
                #expect(try errorBody(bad).code == "invalid_parameter")
                let foreign = try jsonObject(try await client.v1(.get, "conversations?label=vip", key: otherKey))
                #expect((foreign["data"] as? [Any])?.isEmpty == true)
            }
        }
    }
}
