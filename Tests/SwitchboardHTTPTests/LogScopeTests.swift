import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import NIOCore
import SwitchboardDomain
import TestSupport
import Testing

@testable import SwitchboardHTTP

/// The database's log lines name the request and the organisation they served, and never a value.
@Suite struct LogScopeTests {
    @Test func theDatabasePoolsLinesCarryTheRequestIDAndTheOrganisation() async throws {
        let logs = LogCapture()
        var organisation: Organisation?
        try await TestSystem.with(poolLogs: logs) { system in
            organisation = system.organisation
            try await system.application().test(.router) { client in
                let started = try await client.executeRequest(
                    uri: "/widget/v1/conversations",
                    method: .post,
                    headers: [.requestID: "trace-db-1", .contentType: "application/json"],
                    body: ByteBuffer(string: jsonText(["widgetKey": system.organisation.widgetKey]))
                )
                #expect(started.status == .created)
            }
        }
        let shop = try #require(organisation)
        // Every statement counts as slow here: the request's, with its organisation once it is known.
        let lines = logs.all.filter { $0.message == "slow PostgreSQL statement" && $0.metadata["request_id"] == "trace-db-1" }
        #expect(lines.count >= 2, "the request's statements were not logged with its id")
        #expect(lines.contains { $0.metadata["org_id"] == .string(shop.id.uuidString.lowercased()) })
        #expect(lines.allSatisfy { $0.metadata["duration_ms"] != nil && $0.metadata["statement"] != nil })
        #expect(!lines.contains { "\($0.metadata)".contains(shop.widgetKey) }, "a parameter value reached the log")
        // Lines of work outside any request carry no request id.
        #expect(logs.all.contains { $0.metadata["request_id"] == nil })
    }
}
