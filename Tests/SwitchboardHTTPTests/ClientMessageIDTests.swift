import Foundation
import HummingbirdTesting
import SwitchboardDomain
import TestSupport
import Testing

@testable import SwitchboardHTTP

/// A client message id (what makes a resend harmless) is checked by the domain, so the widget,
/// the console and the REST API refuse the same bad ids the same way and store nothing for them.
@Suite struct ClientMessageIDTests {
    static let badIDs = ["", String(repeating: "x", count: 101), "nul\u{0}inside"]

    @Test func everyWritePathRefusesABadIDAndStoresNothing() async throws {
        try await TestSystem.with { system in
            let key = try await system.apiKey([.conversationsRead, .conversationsWrite])
            let carol = try await system.agent("Carol", role: .agent)
            try await system.application().test(.router) { client in
                let live = try await client.liveChat(system, agent: carol)
                let before = try await system.rowCount("messages", conversationID: live.conversationId)
                for id in Self.badIDs {
                    let widget = try await client.say("Where is my parcel?", in: live, clientMessageId: id)
                    let console = try await client.api(
                        .post,
                        "conversations/\(live.conversationId)/messages",
                        as: carol,
                        json: json(["body": "On it", "clientMessageId": id])
                    )
                    let rest = try await client.v1(
                        .post,
                        "conversations/\(live.conversationId)/messages",
                        key: key,
                        json: json(["agent_id": carol.id.uuidString, "body": "On it", "client_message_id": id])
                    )
                    for (path, response) in [("widget", widget), ("console", console), ("REST", rest)] {
                        #expect(response.status == .unprocessableContent, "\(path) took \(id.count) characters")
                        // A NUL is refused at the edge for any text field, before the domain sees the id.
                        if !id.contains("\u{0}") {
                            #expect(try errorBody(response).code == "invalid_client_message_id", "\(path)")
                        }
                    }
                }
                #expect(try await system.rowCount("messages", conversationID: live.conversationId) == before)

                // A good id makes the resend harmless on each path: stored once, 201 then 200.
                for (path, send) in [
                    ("widget", { try await client.say("Parcel 4411", in: live, clientMessageId: "w-1") }),
                    (
                        "console",
                        {
                            try await client.api(
                                .post,
                                "conversations/\(live.conversationId)/messages",
                                as: carol,
                                json: json(["body": "Checking", "clientMessageId": "c-1"])
                            )
                        }
                    ),
                ] as [(String, () async throws -> TestResponse)] {
                    #expect(try await send().status == .created, "\(path)")
                    #expect(try await send().status == .ok, "\(path) resend")
                }
                #expect(try await system.rowCount("messages", conversationID: live.conversationId) == before + 2)
            }
        }
    }
}
