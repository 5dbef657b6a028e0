import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchboardDomain
import Testing

@testable import SwitchboardHTTP

/// The role contexts on their own: a route states its least role by the context of the group it
/// is registered on, and a lower role is refused with the one `forbidden` answer before the
/// handler runs or the body is read. (AuthorizationMatrixTests checks every real console route.)
@Suite struct RoleRequestContextTests {
    static let orgID = UUID()
    static let agentID = UUID()

    /// Signs the request in with the role named in `X-Role`, where the authentication middleware would.
    struct RoleFromHeader: RouterMiddleware {
        typealias Context = SwitchboardRequestContext

        func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
            var context = context
            if let role = request.headers[HTTPField.Name("X-Role")!].flatMap(AgentRole.init(rawValue:)) {
                context.agent = SignedInAgent(orgID: RoleRequestContextTests.orgID, agentID: RoleRequestContextTests.agentID, role: role)
            }
            return try await next(request, context)
        }
    }

    struct Note: Decodable {
        let text: String
    }

    /// Reads the body, so a handler that ran is told from one that did not.
    static func echo(request: Request, context: some RequestContext, agent: SignedInAgent) async throws -> String {
        let note = try await request.decode(as: Note.self, context: context)
        return "\(agent.role.rawValue) \(agent.agentID) \(note.text)"
    }

    static func application() -> some ApplicationProtocol {
        let router = Router(context: SwitchboardRequestContext.self)
        router.add(middleware: RoleFromHeader())
        let agents = router.group("gated", context: AgentRequestContext.self)
        agents.post("agent") { request, context in try await echo(request: request, context: context, agent: context.agent) }
        agents.group(context: SupervisorRequestContext.self)
            .post("supervisor") { request, context in try await echo(request: request, context: context, agent: context.agent) }
        agents.group(context: AdminRequestContext.self)
            .post("admin") { request, context in try await echo(request: request, context: context, agent: context.agent) }
        return Application(router: router)
    }

    static func post(_ client: some TestClientProtocol, _ minimum: AgentRole, as role: AgentRole?, body: String) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let role { headers[HTTPField.Name("X-Role")!] = role.rawValue }
        return try await client.execute(uri: "/gated/\(minimum.rawValue)", method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    @Test(arguments: [AgentRole.supervisor, .admin])
    func aRouteRefusesEveryRoleBelowItsContextBeforeReadingTheBody(minimum: AgentRole) async throws {
        try await Self.application().test(.router) { client in
            for role in AgentRole.allCases where role < minimum {
                // Not JSON: a handler that read it would answer 400, so 403 means it never ran.
                let refused = try await Self.post(client, minimum, as: role, body: "not json")
                #expect(refused.status == .forbidden, "\(role) on a \(minimum) route")
                #expect(try errorBody(refused) == .init(code: "forbidden", message: "This needs the \(minimum.rawValue) role or higher."))
            }
        }
    }

    @Test(arguments: AgentRole.allCases)
    func aRouteAdmitsItsRoleAndAboveWithTheSignedInAgent(minimum: AgentRole) async throws {
        try await Self.application().test(.router) { client in
            for role in AgentRole.allCases where role >= minimum {
                let admitted = try await Self.post(client, minimum, as: role, body: #"{"text": "hello"}"#)
                #expect(admitted.status == .ok, "\(role) on a \(minimum) route")
                #expect(String(buffer: admitted.body) == "\(role.rawValue) \(Self.agentID) hello")
                let unreadable = try await Self.post(client, minimum, as: role, body: "not json")
                #expect(unreadable.status == .badRequest, "\(role) on a \(minimum) route reads the body")
            }
        }
    }

    @Test(arguments: AgentRole.allCases)
    func aRequestWithoutAnAgentIsUnauthorisedWhateverTheRole(minimum: AgentRole) async throws {
        try await Self.application().test(.router) { client in
            let anonymous = try await Self.post(client, minimum, as: nil, body: "not json")
            #expect(anonymous.status == .unauthorized)
        }
    }
}
