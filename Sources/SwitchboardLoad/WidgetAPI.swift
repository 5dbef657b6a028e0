import Foundation
import NIOCore

/// A conversation the tool started as a customer: its id and the token its socket and messages use.
struct CustomerConversation: Sendable, Decodable {
    let conversationId: String
    let customerToken: String

    /// The customer socket, replaying nothing already stored.
    var socketPath: String { "/widget/v1/socket?token=\(customerToken)&after=0" }
    var messagesPath: String { "/widget/v1/conversations/\(conversationId)/messages" }
}

/// The few widget calls the load tool makes, as a customer's browser would (without an Origin).
enum WidgetAPI {
    /// Starts `count` conversations over `connections` keep-alive connections spread across `servers`.
    static func startConversations(
        count: Int,
        widgetKey: String,
        servers: [ServerAddress],
        connections: Int
    ) async throws -> [CustomerConversation] {
        let body = String(decoding: try JSONEncoder().encode(["widgetKey": widgetKey]), as: UTF8.self)
        let connections = max(1, min(connections, count))
        return try await withThrowingTaskGroup(of: [CustomerConversation].self) { group in
            for lane in 0..<connections {
                let share = count / connections + (lane < count % connections ? 1 : 0)
                let server = servers[lane % servers.count]
                group.addTask {
                    try await HTTPConnection.with(server) { connection in
                        var started: [CustomerConversation] = []
                        for _ in 0..<share {
                            let response = try await connection.post("/widget/v1/conversations", json: body)
                            guard response.status == 201 else {
                                throw LoadError("starting a conversation on \(server) answered \(response.status): \(response.text)")
                            }
                            started.append(try JSONDecoder().decode(CustomerConversation.self, from: Data(response.body.readableBytesView)))
                        }
                        return started
                    }
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
    }

    /// The JSON body of a customer message; ids and bodies are plain ASCII the tool makes up.
    static func messageJSON(clientMessageId: String, body: String) -> String {
        #"{"clientMessageId":"\#(clientMessageId)","body":"\#(body)"}"#
    }
}
