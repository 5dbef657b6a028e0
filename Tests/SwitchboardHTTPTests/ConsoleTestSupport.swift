import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchboardDomain
import TestSupport
import Testing

@testable import SwitchboardHTTP

extension TestSystem {
    /// An online agent with the given role.
    func agent(_ name: String, role: AgentRole, in orgID: UUID? = nil) async throws -> Agent {
        let orgID = orgID ?? self.orgID
        let id = try await live.agentDirectory.upsert(
            orgID: orgID,
            issuer: "https://idp.test",
            subject: UUID().uuidString,
            email: nil,
            name: name,
            role: role
        )
        try await live.agentDirectory.heartbeat(orgID: orgID, agentIDs: [id])
        return Agent(id: id, orgID: orgID, name: name, token: try agentToken(orgID: orgID, agentID: id))
    }

    /// Rows of `table` for a conversation, read as the server's role in this organisation.
    func rowCount(_ table: String, conversationID: UUID, orgID: UUID? = nil) async throws -> Int {
        precondition(["qa_reviews", "kb_updates", "followups", "messages", "conversations", "attachments"].contains(table))
        let orgID = orgID ?? self.orgID
        return try await pool.withTenant(orgID) { session in
            try await session.query(
                "SELECT count(*) AS n FROM \(table) WHERE org_id = $1 AND conversation_id = $2",
                [orgID, conversationID]
            ).singleRow()!.decode("n", as: Int.self)
        }
    }
}

// MARK: Wire formats of the console API

struct ReviewWire: Decodable, Sendable, Equatable {
    let flaggedIncorrect: Bool
    let correctionNote: String?
    let flaggedBy: String?
    let flaggedAt: Date?
    let correctionReviewed: Bool
    let reviewedBy: String?
    let reviewedAt: Date?
    let kbUpdateNeeded: Bool
    let kbNote: String?
    let kbUpdated: Bool
    let kbUpdatedBy: String?
    let kbUpdatedAt: Date?
    let followupNeeded: Bool
    let followupNote: String?
    let followupDone: Bool
    let followupDoneNote: String?
    let followupDoneBy: String?
    let followupDoneAt: Date?
}

struct ReviewResponseWire: Decodable, Sendable {
    let review: ReviewWire
    let conversation: ConversationPayload?
}

struct ConversationResponseWire: Decodable, Sendable {
    let conversation: ConversationPayload
}

struct ContactSourcesWire: Decodable, Sendable, Equatable {
    let name: String?
    let email: String?
    let phone: String?
}

struct ReviewedTranscriptWire: Decodable, Sendable {
    let conversation: ConversationPayload
    let messages: [MessagePayload]
    let review: ReviewWire
    let contactSources: ContactSourcesWire
}

/// The raw JSON object of a response, for checking that keys are present (with null values).
func jsonObject(_ response: TestResponse) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
}

func json(_ object: [String: Any?]) -> String {
    let present = object.mapValues { $0 ?? NSNull() }
    return String(decoding: (try? JSONSerialization.data(withJSONObject: present)) ?? Data("{}".utf8), as: UTF8.self)
}

extension TestClientProtocol {
    /// An agent's console action on a conversation (`take-over`, `messages`, `hand-back`, `transfer`).
    func console(_ action: String, _ conversationID: UUID, as agent: TestSystem.Agent, json: String = "{}") async throws -> TestResponse {
        try await request(.post, "/console/api/conversations/\(conversationID)/\(action)", json: json, token: agent.token, origin: nil)
    }

    func consoleGet(_ uri: String, token: String?) async throws -> TestResponse {
        try await request(.get, uri, token: token, origin: nil)
    }

    /// A console API call as a bearer-token client sends it (no Origin, no CSRF).
    func api(_ method: HTTPRequest.Method, _ path: String, as agent: TestSystem.Agent, json: String? = nil) async throws -> TestResponse {
        try await request(
            method,
            "/console/api/\(path)",
            json: json ?? (method == .get || method == .delete ? nil : "{}"),
            token: agent.token,
            origin: nil
        )
    }

    /// A chat an agent took over and is talking in.
    func liveChat(_ system: TestSystem, agent: TestSystem.Agent) async throws -> StartedChat {
        let chat = try await startChat(system.organisation)
        #expect(try await say("Hello, I have a question about my order", in: chat).status == .created)
        let taken = try await console("take-over", chat.conversationId, as: agent)
        try #require(taken.status == .ok, "take-over: \(String(buffer: taken.body))")
        return chat
    }

    /// A chat closed through the checklist.
    func closedChat(_ system: TestSystem, agent: TestSystem.Agent) async throws -> StartedChat {
        let chat = try await liveChat(system, agent: agent)
        let closed = try await api(
            .post,
            "conversations/\(chat.conversationId)/close",
            as: agent,
            json: json(["chatReviewed": true, "kbNeedsUpdate": false])
        )
        try #require(closed.status == .ok, "close: \(String(buffer: closed.body))")
        return chat
    }
}
