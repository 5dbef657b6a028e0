import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SwitchboardDomain
import TestSupport
import Testing

@testable import SwitchboardHTTP

/// Every REST operation against every API key that lacks its scope, and every console route
/// against every role below its requirement: refused with 403 (a console route before it reads
/// the body), and let through (not 403) with exactly what it needs. The operations come from the OpenAPI document and the console routes
/// from the router, so a new route cannot escape the matrix.
@Suite struct AuthorizationMatrixTests {
    /// `METHOD /path` of a route or documented operation, with `{…}` parameters filled in.
    static func concrete(_ path: String) -> String {
        path.replacingOccurrences(of: #"\{[^}]+\}"#, with: UUID().uuidString, options: .regularExpression)
    }

    static func body(for method: HTTPRequest.Method) -> ByteBuffer? {
        [.post, .put, .patch].contains(method) ? ByteBuffer(string: "{}") : nil
    }

    static func unreadableBody(for method: HTTPRequest.Method) -> ByteBuffer? {
        [.post, .put, .patch].contains(method) ? ByteBuffer(string: "{not json") : nil
    }

    @Test func everyRESTOperationRefusesKeysWithoutItsScopeAndAdmitsTheScope() async throws {
        try await TestSystem.with { system in
            var issued: [APIScope: String] = [:]
            for scope in APIScope.allCases { issued[scope] = try await system.apiKey([scope], name: "only \(scope.rawValue)") }
            let keys = issued
            try await system.application().test(.router) { client in
                let document = try await OpenAPIContractTests.document(client)
                let paths = try #require(document["paths"] as? [String: [String: Any]])
                var checked = 0
                for (path, item) in paths.sorted(by: { $0.key < $1.key }) {
                    for (method, operation) in item {
                        guard let operation = operation as? [String: Any], let method = HTTPRequest.Method(method.uppercased()) else { continue }
                        let description = operation["description"] as? String ?? ""
                        let declared = description.firstMatch(of: /Scope: `([^`]+)`/).map { String($0.1) }
                        let name = "\(method) \(path)"
                        let scopeName = try #require(declared, "\(name) does not declare its scope")
                        let uri = Self.concrete(path)
                        for (scope, key) in keys {
                            let allowed = scopeName == "any" || scope.rawValue == scopeName
                            // Without the scope the body is unreadable: a scope checked after decoding would answer 400.
                            let response = try await client.executeRequest(
                                uri: uri,
                                method: method,
                                headers: [.authorization: "Bearer \(key)", .contentType: "application/json"],
                                body: allowed ? Self.body(for: method) : Self.unreadableBody(for: method)
                            )
                            #expect(response.status.code < 500, "\(name) with \(scope.rawValue): \(response.status)")
                            if allowed {
                                #expect(
                                    response.status != .forbidden && response.status != .unauthorized,
                                    "\(name) with its scope \(scope.rawValue): \(String(buffer: response.body))"
                                )
                            } else {
                                #expect(response.status == .forbidden, "\(name) without \(scopeName), with \(scope.rawValue)")
                                #expect((try? errorBody(response).code) == "insufficient_scope", "\(name) with \(scope.rawValue)")
                            }
                            checked += 1
                        }
                    }
                }
                #expect(checked >= 35 * APIScope.allCases.count)
            }
        }
    }

    /// The least role each console route needs; a route missing here fails the test below.
    static let consoleRoles: [String: AgentRole] = [
        "GET /console/api/me": .agent, "PATCH /console/api/me": .agent, "POST /console/api/logout": .agent,
        "GET /console/api/conversations": .agent, "GET /console/api/conversations/counts": .agent,
        "GET /console/api/conversations/{id}": .agent,
        "POST /console/api/conversations/{id}/take-over": .agent, "POST /console/api/conversations/{id}/messages": .agent,
        "POST /console/api/conversations/{id}/hand-back": .agent, "POST /console/api/conversations/{id}/transfer": .agent,
        "PUT /console/api/conversations/{id}/qa": .agent, "PUT /console/api/conversations/{id}/kb-update": .agent,
        "PUT /console/api/conversations/{id}/followup": .agent, "POST /console/api/conversations/{id}/followup/complete": .agent,
        "POST /console/api/conversations/{id}/close": .agent, "POST /console/api/conversations/{id}/archive": .supervisor,
        "POST /console/api/conversations/{id}/notes": .agent,
        "GET /console/api/conversations/{id}/history": .agent,
        "PUT /console/api/conversations/{id}/labels": .agent, "GET /console/api/labels": .agent,
        "GET /console/api/assignment": .agent, "PUT /console/api/assignment": .supervisor,
        "POST /console/api/conversations/{id}/attachments": .agent, "GET /console/api/conversations/{id}/attachments/{attachmentId}": .agent,
        "GET /console/api/agents": .agent, "POST /console/api/presence/heartbeat": .agent,
        "GET /console/api/queues/corrections": .agent, "POST /console/api/queues/corrections/{id}/reviewed": .agent,
        "GET /console/api/queues/kb-review": .agent, "POST /console/api/queues/kb-review/{id}/updated": .agent,
        "GET /console/api/queues/followups": .agent,
        "GET /console/api/playbook": .agent, "POST /console/api/playbook": .supervisor,
        "PUT /console/api/playbook/{id}": .supervisor, "DELETE /console/api/playbook/{id}": .supervisor,
        "GET /console/api/test-plan": .agent, "POST /console/api/test-plan": .supervisor,
        "PUT /console/api/test-plan/{id}": .supervisor, "DELETE /console/api/test-plan/{id}": .supervisor,
        "POST /console/api/test-plan/{id}/results": .agent, "POST /console/api/test-plan/{id}/run": .supervisor,
        "GET /console/api/kb/articles": .agent, "GET /console/api/kb/articles/{id}/examples": .agent,
        "POST /console/api/kb/articles/{id}/examples": .supervisor, "PATCH /console/api/kb/examples/{id}": .supervisor,
        "DELETE /console/api/kb/examples/{id}": .supervisor,
        "GET /console/api/kb/vocabulary": .agent, "POST /console/api/kb/vocabulary": .supervisor,
        "DELETE /console/api/kb/vocabulary/{id}": .supervisor,
        "GET /console/api/analytics": .agent, "GET /console/api/analytics/conversations": .agent,
        "GET /console/api/data-reference": .agent,
        "GET /console/api/settings": .agent, "PUT /console/api/settings": .admin,
        "POST /console/api/settings/widget-key/rotate": .admin, "GET /console/api/audit": .admin,
        "GET /console/api/cleanup/preview": .admin, "POST /console/api/cleanup": .admin,
        "GET /console/api/sso": .admin, "PUT /console/api/sso": .admin,
        "GET /console/api/answer-engine": .admin, "PUT /console/api/answer-engine": .admin,
        "GET /console/api/email": .admin, "PUT /console/api/email": .admin, "POST /console/api/email/test": .admin,
        "GET /console/api/email/failures": .admin,
        "GET /console/api/conversations/{id}/emails": .agent, "POST /console/api/conversations/{id}/emails/transcript": .agent,
        "GET /console/api/admin/agents": .admin, "PUT /console/api/admin/agents/{id}": .admin,
        "GET /console/api/admin/api-keys": .admin, "POST /console/api/admin/api-keys": .admin,
        "POST /console/api/admin/api-keys/{id}/revoke": .admin,
        "GET /console/api/admin/webhooks": .admin, "POST /console/api/admin/webhooks": .admin,
        "PATCH /console/api/admin/webhooks/{id}": .admin, "DELETE /console/api/admin/webhooks/{id}": .admin,
        "POST /console/api/admin/webhooks/{id}/rotate-secret": .admin, "POST /console/api/admin/webhooks/{id}/test": .admin,
        "POST /console/api/admin/webhooks/{id}/deliveries/{deliveryId}/redeliver": .admin,
        "GET /console/api/admin/webhooks/{id}/deliveries": .admin,
    ]

    @Test func everyConsoleRouteRefusesRolesBelowItsRequirementAndAdmitsIt() async throws {
        try await TestSystem.with { system in
            var issued: [AgentRole: String] = [:]
            for role in AgentRole.allCases {
                issued[role] = try await system.agent("Role \(role.rawValue)", role: role).token
            }
            let tokens = issued
            let routes = buildRouter(dependencies: system.live.dependencies).routes
                .map { "\($0.method.rawValue) \($0.path.description)" }
                .filter { $0.contains(" /console/api/") }
            let undeclared = Set(routes).subtracting(Self.consoleRoles.keys)
            #expect(undeclared.isEmpty, "console routes without a declared role: \(undeclared.sorted())")
            let stale = Set(Self.consoleRoles.keys).subtracting(routes)
            #expect(stale.isEmpty, "declared roles for routes that do not exist: \(stale.sorted())")
            try await system.application().test(.router) { client in
                for route in Set(routes).intersection(Self.consoleRoles.keys).sorted() {
                    let needed = try #require(Self.consoleRoles[route])
                    let parts = route.split(separator: " ", maxSplits: 1)
                    let method = try #require(HTTPRequest.Method(String(parts[0])))
                    let uri = Self.concrete(String(parts[1]))
                    for (role, token) in tokens.sorted(by: { $0.key < $1.key }) {
                        // A lower role sends a body no handler could read: 403 means the role was
                        // checked before the body, as the route's role context does.
                        let response = try await client.executeRequest(
                            uri: uri,
                            method: method,
                            headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                            body: role >= needed ? Self.body(for: method) : Self.unreadableBody(for: method)
                        )
                        #expect(response.status.code < 500, "\(route) as \(role): \(response.status)")
                        if role >= needed {
                            #expect(response.status != .forbidden && response.status != .unauthorized, "\(route) as \(role)")
                        } else {
                            #expect(response.status == .forbidden, "\(route) as \(role), needs \(needed)")
                            #expect(
                                (try? errorBody(response)) == .init(code: "forbidden", message: "This needs the \(needed.rawValue) role or higher."),
                                "\(route) as \(role)"
                            )
                        }
                    }
                }
            }
        }
    }
}
