import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SwitchboardDomain
import TestSupport
import Testing

@testable import SwitchboardApp
@testable import SwitchboardHTTP

/// Hostile and unusual input over a live HTTP server on loopback (the real HTTP/1 parser and
/// body limits, not the in-process router): a clear 4xx, and nothing already stored is lost.
@Suite struct HostileInputTests {
    /// 1 MiB and a little: over the widget's and console's limit.
    static let overOneMiB = String(repeating: "x", count: 1_048_576 + 10)

    @Test func oversizedWidgetConsoleAndAPIWritesAre413NamingTheLimit() async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            let key = try await system.apiKey()
            try await system.application().test(.live) { client in
                let chat = try await client.startChat(system.organisation)
                let big = jsonText(["body": Self.overOneMiB, "clientMessageId": "big-1"])
                let widget = try await client.request(
                    .post,
                    "/widget/v1/conversations/\(chat.conversationId)/messages",
                    json: big,
                    token: chat.customerToken
                )
                #expect(widget.status == .contentTooLarge)
                #expect(try errorBody(widget).code == "payload_too_large")
                #expect(try errorBody(widget).message.contains("1 MiB"))

                let console = try await client.request(
                    .put,
                    "/console/api/conversations/\(chat.conversationId)/kb-update",
                    json: #"{"kbUpdateNeeded": true, "note": "\#(Self.overOneMiB)"}"#,
                    token: carol.token,
                    origin: nil
                )
                #expect(console.status == .contentTooLarge)
                #expect(try errorBody(console).code == "payload_too_large")

                let fiveMiB = String(repeating: "y", count: 5 * 1_048_576)
                let rest = try await client.v1(.post, "kb/articles", key: key, json: #"{"title": "Big", "body": "\#(fiveMiB)"}"#)
                #expect(rest.status == .contentTooLarge)
                #expect(try errorBody(rest).message.contains("4 MiB"))

                // The connection-level limit did not cost the chat anything: it still takes messages.
                let after = try await client.request(
                    .post,
                    "/widget/v1/conversations/\(chat.conversationId)/messages",
                    json: jsonText(["body": "Still here?"]),
                    token: chat.customerToken
                )
                #expect(after.status == .created)
            }
        }
    }

    @Test func nulCharactersAre422OnEveryKindOfRoute() async throws {
        try await TestSystem.with { system in
            let carol = try await system.agent("Carol")
            try await system.application().test(.live) { client in
                let chat = try await client.startChat(system.organisation)
                let message = try await client.request(
                    .post,
                    "/widget/v1/conversations/\(chat.conversationId)/messages",
                    json: #"{"body": "a\u0000b"}"#,
                    token: chat.customerToken
                )
                #expect(message.status == .unprocessableContent)
                #expect(try errorBody(message).code == "invalid_text")

                let start = try await client.request(
                    .post,
                    "/widget/v1/conversations",
                    json: #"{"widgetKey": "\#(system.organisation.widgetKey)", "context": {"plan\u0000": "pro"}}"#
                )
                #expect(start.status == .unprocessableContent)
                #expect(try errorBody(start).code == "invalid_text")

                let note = try await client.request(
                    .put,
                    "/console/api/conversations/\(chat.conversationId)/kb-update",
                    json: #"{"kbUpdateNeeded": true, "note": "fix\u0000me"}"#,
                    token: carol.token,
                    origin: nil
                )
                #expect(note.status == .unprocessableContent)
                let transcript = try await client.request(.get, "/console/api/conversations/\(chat.conversationId)", token: carol.token, origin: nil)
                let review = try #require(
                    (try JSONSerialization.jsonObject(with: Data(transcript.body.readableBytesView)) as? [String: Any])?["review"] as? [String: Any]
                )
                #expect(review["kbUpdateNeeded"] as? Bool == false)

                let search = try await client.request(.get, "/console/api/playbook?q=%00", token: carol.token, origin: nil)
                #expect(search.status == .unprocessableContent)
                #expect(try errorBody(search).code == "invalid_text")

                // An escaped backslash before "u0000" is ordinary text and is stored as sent.
                let literal = try await client.request(
                    .post,
                    "/widget/v1/conversations/\(chat.conversationId)/messages",
                    json: #"{"body": "C:\\u0000 is a path"}"#,
                    token: chat.customerToken
                )
                #expect(literal.status == .created)
                #expect(try decodeWire(SentMessage.self, from: literal.body).message.body == #"C:\u0000 is a path"#)
            }
        }
    }

    @Test func lengthIsCountedInCodePointsAsTheDatabaseCountsThem() async throws {
        try await TestSystem.with { system in
            try await system.application().test(.live) { client in
                let chat = try await client.startChat(system.organisation)
                // "e" + COMBINING ACUTE ACCENT: one character on screen, two code points.
                let atLimit = String(repeating: "e\u{301}", count: ConversationService.maxMessageLength / 2)
                let accepted = try await client.request(
                    .post,
                    "/widget/v1/conversations/\(chat.conversationId)/messages",
                    json: jsonText(["body": atLimit]),
                    token: chat.customerToken
                )
                #expect(accepted.status == .created)
                let stored = try decodeWire(SentMessage.self, from: accepted.body).message
                #expect(stored.body.unicodeScalars.elementsEqual(atLimit.unicodeScalars))

                let over = try await client.request(
                    .post,
                    "/widget/v1/conversations/\(chat.conversationId)/messages",
                    json: jsonText(["body": atLimit + "e\u{301}"]),
                    token: chat.customerToken
                )
                #expect(over.status == .unprocessableContent)
                let error = try errorBody(over)
                #expect(error.code == "message_too_long")
                #expect(error.message.contains("\(ConversationService.maxMessageLength)"))
            }
        }
    }

    @Test func aLostDatabaseIs503WithRetryAfterNotA500() async throws {
        // A pool whose server is gone: every connection attempt is refused, as during a restart
        // (nothing listens on port 1).
        try await TestDatabase.withPool("postgres://switchboard_app@127.0.0.1:1/nowhere?connect_timeout=2", size: 1) { pool in
            let live = LiveSystem(
                pool: pool,
                secret: TestSystem.secret,
                sqlDirectory: TestDatabase.sqlDirectory,
                limits: TestSystem.generousLimits,
                logger: TestDatabase.quietLogger
            )
            let app = buildApplication(
                configuration: ServerConfiguration(host: "127.0.0.1", port: 0, connections: .patientTestClients),
                dependencies: live.dependencies,
                logger: TestDatabase.quietLogger
            )
            try await app.test(.live) { client in
                let response = try await client.request(.post, "/widget/v1/conversations", json: jsonText(["widgetKey": "anything"]))
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] == "2")
                #expect(try errorBody(response).code == "database_unavailable")
                #expect(!String(buffer: response.body).contains("PostgreSQL"))
            }
        }
    }
}
