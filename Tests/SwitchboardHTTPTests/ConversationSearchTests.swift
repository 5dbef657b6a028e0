import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchboardDomain
import TestSupport
import Testing

@testable import SwitchboardHTTP

/// Finding chats in the console: by what the customer wrote (word prefixes), name, email, phone
/// or id, within the list's filters; a contact's other chats; nothing of another organisation.
@Suite struct ConversationSearchTests {
    struct Listed: Decodable {
        let conversations: [ConversationPayload]
    }

    static func found(_ client: some TestClientProtocol, _ agent: TestSystem.Agent, _ query: String) async throws -> Set<UUID> {
        let escaped = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? query
        let response = try await client.api(.get, "conversations?\(escaped.isEmpty ? "" : "q=\(escaped)&")limit=50", as: agent)
        try #require(response.status == .ok, "search \(query): \(String(buffer: response.body))")
        return Set(try decodeWire(Listed.self, from: response.body).conversations.map(\.id))
    }

    @Test func findsChatsByTextNameEmailPhoneAndId() async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            try await system.application().test(.router) { client in
                let refund = try await client.startChat(system.organisation)
                _ = try await client.say("My refund for order 4431 has not arrived", in: refund)
                let email = try await client.startChat(system.organisation)
                _ = try await client.say("Hello, I'm Jo Bloggs, my email is jo.bloggs@example.com", in: email)
                let phone = try await client.startChat(system.organisation)
                _ = try await client.say("Please call me on +44 20 7946 0958", in: phone)
                await system.live.answers.drain()

                #expect(try await Self.found(client, carol, "refu") == [refund.conversationId])
                #expect(try await Self.found(client, carol, "ORDER 4431") == [refund.conversationId])
                #expect(try await Self.found(client, carol, "jo.bloggs@EXAMPLE") == [email.conversationId])
                #expect(try await Self.found(client, carol, "+44 (20) 7946-0958") == [phone.conversationId])
                let prefix = String(refund.conversationId.uuidString.lowercased().prefix(8))
                #expect(try await Self.found(client, carol, prefix) == [refund.conversationId])
                #expect(try await Self.found(client, carol, "parcel").isEmpty)
                // "%" is a character, not LIKE's wildcard: no name or email contains "100%", no customer wrote "100".
                #expect(try await Self.found(client, carol, "100%").isEmpty)
                // The list's filters still apply: none of these is closed.
                let closed = try await client.api(.get, "conversations?mode=closed&q=refund", as: carol)
                #expect(try decodeWire(Listed.self, from: closed.body).conversations.isEmpty)
            }
        }
    }

    static func listed(_ client: some TestClientProtocol, _ agent: TestSystem.Agent, _ query: String) async throws -> [UUID] {
        let response = try await client.api(.get, "conversations?\(query)", as: agent)
        try #require(response.status == .ok, "list \(query): \(String(buffer: response.body))")
        return try decodeWire(Listed.self, from: response.body).conversations.map(\.id)
    }

    /// Matches come newest change first, like the list, and the limit keeps the newest; an id
    /// prefix is read as the id's text (dashes where the id has them), in any case.
    @Test func newestMatchesFirstAndIdPrefixesAsText() async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            try await system.application().test(.router) { client in
                var chats: [UUID] = []
                for order in 1...3 {
                    let chat = try await client.startChat(system.organisation)
                    _ = try await client.say("Where is my refund for order \(order)?", in: chat)
                    chats.append(chat.conversationId)
                }
                let other = try await client.startChat(system.organisation)
                _ = try await client.say("Do you ship abroad?", in: other)
                await system.live.answers.drain()

                let everything = try await Self.listed(client, carol, "limit=50")
                let found = try await Self.listed(client, carol, "q=refund&limit=50")
                #expect(Set(found) == Set(chats))
                #expect(found == everything.filter(chats.contains))
                #expect(try await Self.listed(client, carol, "q=refund&limit=2") == Array(found.prefix(2)))

                let id = chats[1].uuidString.lowercased()
                #expect(try await Self.found(client, carol, String(id.prefix(13))) == [chats[1]])
                #expect(try await Self.found(client, carol, String(id.prefix(13)).uppercased()) == [chats[1]])
                // The same twelve hex digits without the id's dash are no prefix of its text.
                #expect(try await Self.found(client, carol, String(id.prefix(8)) + String(id.dropFirst(9).prefix(4))).isEmpty)
            }
        }
    }

    @Test func aSearchTooLongIsRefused() async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            try await system.application().test(.router) { client in
                let response = try await client.api(.get, "conversations?q=\(String(repeating: "a", count: 201))", as: carol)
                #expect(response.status == .unprocessableContent)
                #expect(try errorBody(response).code == "search_too_long")
            }
        }
    }

    @Test func theContactHistoryListsTheSameCustomersOtherChats() async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            try await system.application().test(.router) { client in
                let first = try await client.startChat(system.organisation)
                _ = try await client.say("my email is sam@example.com", in: first)
                let second = try await client.startChat(system.organisation)
                _ = try await client.say("Hi again, SAM@example.com here", in: second)
                let stranger = try await client.startChat(system.organisation)
                _ = try await client.say("my email is alex@example.com", in: stranger)
                await system.live.answers.drain()
                let history = try await client.api(.get, "conversations/\(second.conversationId)/history", as: carol)
                #expect(try decodeWire(Listed.self, from: history.body).conversations.map(\.id) == [first.conversationId])
            }
        }
    }

    @Test func anotherOrganisationFindsNothingOfOurs() async throws {
        try await TestSystem.with { system in
            let other = try await system.makeOrganisation(name: "Other Shop")
            let stranger = try await system.agent("Stranger", in: other.id)
            try await system.application().test(.router) { client in
                let chat = try await client.startChat(system.organisation)
                _ = try await client.say("my refund, email me at pat@example.com", in: chat)
                await system.live.answers.drain()
                #expect(try await Self.found(client, stranger, "refund").isEmpty)
                #expect(try await Self.found(client, stranger, "pat@example.com").isEmpty)
                let history = try await client.api(.get, "conversations/\(chat.conversationId)/history", as: stranger)
                #expect(history.status == .notFound)
            }
        }
    }
}

/// How typed text becomes a search.
@Suite struct ConversationSearchParsingTests {
    @Test func wordsPhonesAndIdPrefixes() throws {
        let words = try #require(try ConversationSearch("  Refund, card!  "))
        #expect(words.prefixQuery == "refund:* & card:*" && words.phoneDigits == nil && words.idPrefix == nil)
        #expect(try ConversationSearch("+44 20 7946 0958")?.phoneDigits == "442079460958")
        #expect(try ConversationSearch("3f2a9c1d")?.idPrefix == "3f2a9c1d")
        #expect(try ConversationSearch("50% off_now")?.containsPattern == "%50\\% off\\_now%")
        #expect(try ConversationSearch("  ?!  ") == nil)
        #expect(try ConversationSearch("") == nil)
    }
}
