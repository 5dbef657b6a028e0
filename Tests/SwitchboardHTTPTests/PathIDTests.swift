import Foundation
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

@testable import SwitchboardHTTP

/// An `{id}` that is not a UUID reads exactly like an unknown one: the route's own 404 and error code.
@Suite struct PathIDTests {
    @Test func aMalformedIDIsTheRoutesOwnNotFound() async throws {
        try await TestSystem.with { system in
            let admin = try await system.agent("Ada", role: .admin)
            try await system.application().test(.router) { client in
                let chat = try await client.startChat(system.organisation)
                let cases: [(TestResponse, String)] = [
                    (try await client.console("take-over", UUID(), as: admin), "conversation_not_found"),
                    (
                        try await client.request(
                            .post,
                            "/console/api/conversations/not-a-uuid/take-over",
                            json: "{}",
                            token: admin.token,
                            origin: nil
                        ),
                        "conversation_not_found"
                    ),
                    (
                        try await client.request(
                            .put,
                            "/console/api/admin/agents/not-a-uuid",
                            json: #"{"disabled": true}"#,
                            token: admin.token,
                            origin: nil
                        ),
                        "agent_not_found"
                    ),
                    (try await client.api(.post, "admin/api-keys/not-a-uuid/revoke", as: admin), "api_key_not_found"),
                    (
                        try await client.request(.get, "/widget/v1/conversations/not-a-uuid/messages", token: chat.customerToken),
                        "conversation_not_found"
                    ),
                    (
                        try await client.request(.get, "/widget/v1/conversations/\(UUID())/messages", token: chat.customerToken),
                        "conversation_not_found"
                    ),
                ]
                for (response, code) in cases {
                    #expect(response.status == .notFound, "\(code): \(String(buffer: response.body))")
                    #expect(try errorBody(response).code == code)
                }
                // The customer's own conversation still opens.
                let own = try await client.request(.get, "/widget/v1/conversations/\(chat.conversationId)/messages", token: chat.customerToken)
                #expect(own.status == .ok)
            }
        }
    }
}
