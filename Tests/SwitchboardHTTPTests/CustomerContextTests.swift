import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SwitchboardDomain
import TestSupport
import Testing

@testable import SwitchboardHTTP

/// Every widget route about one conversation is its customer's alone, by construction: the
/// routes take `CustomerRequestContext`, which exists only after the token, the conversation and
/// the origin were checked. Walks every such route the router has, so a new one is covered too.
@Suite struct CustomerContextTests {
    @Test func everyConversationRouteRefusesStrangersBeforeItsHandlerRuns() async throws {
        try await TestSystem.with { system in
            let routes = buildRouter(dependencies: system.live.dependencies).routes
                .filter { $0.path.description.hasPrefix("/widget/v1/conversations/{id}") }
                .map { (method: $0.method, path: $0.path.description) }
            #expect(routes.count >= 8, "found \(routes.count) customer routes; has the widget's registration changed?")
            try await system.application().test(.router) { client in
                let mine = try await client.startChat(system.organisation)
                let theirs = try await client.startChat(system.organisation)
                for route in routes {
                    let path = route.path
                        .replacingOccurrences(of: "{id}", with: mine.conversationId.uuidString)
                        .replacingOccurrences(of: "{attachmentId}", with: UUID().uuidString)
                    func call(token: String?, origin: String = TestSystem.allowedOrigin) async throws -> TestResponse {
                        var headers: HTTPFields = [.origin: origin, .contentType: "application/json"]
                        if let token { headers[.authorization] = "Bearer \(token)" }
                        // An unreadable body: a handler that ran would answer 400, not the refusal.
                        return try await client.executeRequest(uri: path, method: route.method, headers: headers, body: ByteBuffer(string: "{"))
                    }
                    let label = "\(route.method) \(route.path)"
                    #expect(try await call(token: nil).status == .unauthorized, "\(label) without a token")
                    #expect(try await call(token: "not-a-token").status == .unauthorized, "\(label) with a forged token")
                    #expect(try await call(token: theirs.customerToken).status == .notFound, "\(label) with another chat's token")
                    let foreignOrigin = try await call(token: mine.customerToken, origin: "https://elsewhere.example")
                    #expect(foreignOrigin.status == .forbidden, "\(label) from an origin the organisation does not allow")
                }
            }
        }
    }
}
