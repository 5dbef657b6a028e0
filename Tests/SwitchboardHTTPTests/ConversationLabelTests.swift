import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchboardDomain
import TestSupport
import Testing

@testable import SwitchboardHTTP

/// Labels: typed freely, stored canonical, shown on the conversation, filtered by and counted;
/// bad labels change nothing; other organisations neither see nor set them.
@Suite struct ConversationLabelTests {
    struct Labels: Decodable {
        let labels: [String]
    }

    struct Counts: Decodable {
        let labels: [LabelCount]
    }

    struct Listed: Decodable {
        let conversations: [ConversationPayload]
    }

    static func label(
        _ client: some TestClientProtocol,
        _ chat: StartedChat,
        _ agent: TestSystem.Agent,
        _ labels: [String]
    )
        async throws -> TestResponse
    {
        let body = String(decoding: try JSONEncoder().encode(["labels": labels]), as: UTF8.self)
        return try await client.api(.put, "conversations/\(chat.conversationId)/labels", as: agent, json: body)
    }

    @Test func labelsAreCanonicalShownFilteredAndCounted() async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            try await system.application().test(.router) { client in
                let first = try await client.startChat(system.organisation)
                let second = try await client.startChat(system.organisation)
                let set = try await Self.label(client, first, carol, ["Bug report", "VIP", "vip", "  Café  "])
                #expect(set.status == .ok)
                #expect(try decodeWire(Labels.self, from: set.body).labels == ["bug-report", "café", "vip"])
                #expect(try await Self.label(client, second, carol, ["vip"]).status == .ok)

                let vip = try decodeWire(Listed.self, from: try await client.api(.get, "conversations?label=VIP", as: carol).body)
                #expect(Set(vip.conversations.map(\.id)) == [first.conversationId, second.conversationId])
                let bugs = try decodeWire(Listed.self, from: try await client.api(.get, "conversations?label=bug%20report", as: carol).body)
                #expect(bugs.conversations.map(\.id) == [first.conversationId])
                #expect(bugs.conversations.first?.labels == ["bug-report", "café", "vip"])

                let counts = try decodeWire(Counts.self, from: try await client.api(.get, "labels", as: carol).body).labels
                #expect(counts.first == LabelCount(label: "vip", conversations: 2))
                #expect(Set(counts.map(\.label)) == ["vip", "bug-report", "café"])

                // Removing is setting the rest.
                #expect(try await Self.label(client, first, carol, ["vip"]).status == .ok)
                let after = try decodeWire(Listed.self, from: try await client.api(.get, "conversations?label=bug-report", as: carol).body)
                #expect(after.conversations.isEmpty)
            }
        }
    }

    @Test(arguments: [
        (["<script>"], "invalid_label"), ([""], "invalid_label"), ([String(repeating: "x", count: 41)], "invalid_label"),
        ((1...11).map { "label\($0)" }, "too_many_labels"),
    ])
    func badLabelsChangeNothing(labels: [String], code: String) async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            try await system.application().test(.router) { client in
                let chat = try await client.startChat(system.organisation)
                #expect(try await Self.label(client, chat, carol, ["kept"]).status == .ok)
                let refused = try await Self.label(client, chat, carol, labels)
                #expect(refused.status == .unprocessableContent)
                #expect(try errorBody(refused).code == code)
                let listed = try decodeWire(Listed.self, from: try await client.api(.get, "conversations?label=kept", as: carol).body)
                #expect(listed.conversations.first?.labels == ["kept"])
            }
        }
    }

    @Test func anotherOrganisationNeitherSeesNorSetsLabels() async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            let other = try await system.makeOrganisation(name: "Other Shop")
            let stranger = try await system.agent("Stranger", in: other.id)
            try await system.application().test(.router) { client in
                let chat = try await client.startChat(system.organisation)
                #expect(try await Self.label(client, chat, carol, ["ours"]).status == .ok)
                #expect(try await Self.label(client, chat, stranger, ["planted"]).status == .notFound)
                let theirs = try decodeWire(Counts.self, from: try await client.api(.get, "labels", as: stranger).body)
                #expect(theirs.labels.isEmpty)
                let listed = try decodeWire(Listed.self, from: try await client.api(.get, "conversations?label=ours", as: stranger).body)
                #expect(listed.conversations.isEmpty)
                let ours = try decodeWire(Listed.self, from: try await client.api(.get, "conversations?label=ours", as: carol).body)
                #expect(ours.conversations.first?.labels == ["ours"])
            }
        }
    }
}
