import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchboardDomain
import TestSupport
import Testing

@testable import SwitchboardHTTP

extension TestSystem {
    /// A new API key of this organisation (or `orgID`'s) with these scopes; the whole secret.
    func apiKey(_ scopes: [APIScope] = APIScope.allCases, in orgID: UUID? = nil, name: String = "test key") async throws -> String {
        try await live.dependencies.api.keys.create(
            orgID: orgID ?? self.orgID,
            name: name,
            scopes: scopes.map(\.rawValue),
            by: .commandLine
        ).secret
    }

    /// The application with different API services (a tighter rate limit, say).
    func application(api: APIServices) -> some ApplicationProtocol {
        var dependencies = live.dependencies
        dependencies.api = api
        return buildApplication(
            configuration: ServerConfiguration(host: "127.0.0.1", port: 0, connections: .patientTestClients),
            dependencies: dependencies,
            logger: TestDatabase.quietLogger
        )
    }

    /// Audit entries of API key uses: (key id, number of requests listed) in insertion order.
    func apiKeyUseAudit(orgID: UUID? = nil) async throws -> [(keyID: String, count: Int)] {
        let orgID = orgID ?? self.orgID
        return try await pool.withTenant(orgID) { session in
            try await session.query(
                """
                SELECT actor_id, (details->>'count')::int AS n FROM audit_log
                WHERE org_id = $1 AND actor_kind = 'api_key' AND action = 'api_key.used' ORDER BY audit_id
                """,
                [orgID]
            ).map { (try $0.decode("actor_id", as: String.self), try $0.decode("n", as: Int.self)) }
        }
    }
}

/// Reads the REST API's snake_case JSON.
func decodeAPI<Value: Decodable>(_ type: Value.Type, from response: TestResponse) throws -> Value {
    let decoder = APIJSON.decoder()
    return try decoder.decode(type, from: Data(response.body.readableBytesView))
}

extension TestClientProtocol {
    /// A REST API call with an API key (nil: none at all).
    func v1(
        _ method: HTTPRequest.Method,
        _ path: String,
        key: String?,
        json: String? = nil,
        headers extra: HTTPFields = [:]
    ) async throws -> TestResponse {
        var headers = extra
        if json != nil { headers[.contentType] = "application/json" }
        if let key { headers[.authorization] = "Bearer \(key)" }
        return try await executeRequest(uri: "/api/v1/\(path)", method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }
}
