import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import PostgresClient
import SwitchboardDomain
import SwitchboardStore
import TestSupport
import Testing

@testable import SwitchboardApp
@testable import SwitchboardHTTP

/// An application over a real database, as `serve` builds it.
func makeApplication(databaseURL: String, pool: PostgresPool) -> some ApplicationProtocol {
    let system = LiveSystem(
        pool: pool,
        secret: String(repeating: "s", count: 40),
        sqlDirectory: TestDatabase.sqlDirectory,
        logger: TestDatabase.quietLogger
    )
    return buildApplication(configuration: .init(), dependencies: system.dependencies, logger: TestDatabase.quietLogger)
}

@Suite struct HealthAndErrorTests {
    @Test(arguments: Transport.allCases) func healthzAnswersWithoutTheDatabase(over transport: Transport) async throws {
        let pool = TestDatabase.pool("postgres://nobody@127.0.0.1:1/none?connect_timeout=1", size: 1)
        let app = makeApplication(databaseURL: "", pool: pool)
        try await app.test(transport.setup) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == #"{"status":"ok"}"#)
            }
        }
        await pool.shutdown()
    }

    @Test(arguments: Transport.allCases) func readyzIsReadyWhenMigrationsAreCurrent(over transport: Transport) async throws {
        let database = try await TestDatabase.shared()
        try await TestDatabase.withPool(database.app) { pool in
            try await makeApplication(databaseURL: database.app, pool: pool).test(transport.setup) { client in
                try await client.execute(uri: "/readyz", method: .get) { response in
                    #expect(response.status == .ok)
                    let report = try JSONDecoder().decode(ReadinessReport.self, from: response.body)
                    #expect(report == ReadinessReport(ready: true, checks: ["database": "ok", "migrations": "ok"]))
                }
            }
        }
    }

    @Test(arguments: Transport.allCases) func readyzIsUnavailableBeforeMigrating(over transport: Transport) async throws {
        let database = try await TestDatabase.makeDatabase(migrated: false)
        try await TestDatabase.withPool(database.app) { pool in
            try await makeApplication(databaseURL: database.app, pool: pool).test(transport.setup) { client in
                try await client.execute(uri: "/readyz", method: .get) { response in
                    #expect(response.status == .serviceUnavailable)
                    let report = try JSONDecoder().decode(ReadinessReport.self, from: response.body)
                    #expect(report.ready == false)
                    #expect(report.checks["database"] == "ok")
                }
            }
        }
    }

    @Test(arguments: Transport.allCases) func readyzIsUnavailableWhenTheDatabaseIsUnreachable(over transport: Transport) async throws {
        let pool = TestDatabase.pool("postgres://nobody@127.0.0.1:1/none?connect_timeout=1", size: 1)
        try await makeApplication(databaseURL: "", pool: pool).test(transport.setup) { client in
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                let report = try JSONDecoder().decode(ReadinessReport.self, from: response.body)
                #expect(report.checks["database"] == "unreachable")
                // Nothing about hosts, ports or SQL reaches the caller.
                #expect(!String(buffer: response.body).contains("127.0.0.1"))
            }
        }
        await pool.shutdown()
    }

    @Test(arguments: Transport.allCases) func unknownRouteGetsTheErrorShapeAndARequestID(over transport: Transport) async throws {
        let pool = TestDatabase.pool("postgres://nobody@127.0.0.1:1/none", size: 1)
        try await makeApplication(databaseURL: "", pool: pool).test(transport.setup) { client in
            try await client.execute(uri: "/no/such/page", method: .get) { response in
                #expect(response.status == .notFound)
                let body = try JSONDecoder().decode(ErrorBody.self, from: response.body)
                #expect(body.error.code == "not_found")
                #expect(!body.error.message.isEmpty)
                let id = try #require(response.headers[.requestID])
                #expect(!id.isEmpty)
            }
        }
        await pool.shutdown()
    }

    @Test(arguments: Transport.allCases) func callersRequestIDIsEchoedWhenSaneAndReplacedOtherwise(over transport: Transport) async throws {
        let pool = TestDatabase.pool("postgres://nobody@127.0.0.1:1/none", size: 1)
        try await makeApplication(databaseURL: "", pool: pool).test(transport.setup) { client in
            try await client.execute(uri: "/healthz", method: .get, headers: [.requestID: "trace-42.a_b"]) { response in
                #expect(response.headers[.requestID] == "trace-42.a_b")
            }
            let hostile = "<script>alert(1)</script>"
            try await client.execute(uri: "/healthz", method: .get, headers: [.requestID: hostile]) { response in
                let id = try #require(response.headers[.requestID])
                #expect(id != hostile)
                #expect(RequestIDs.isAcceptable(id))
            }
        }
        await pool.shutdown()
    }
}

extension ErrorMapping {
    fileprivate static func body(for error: any Error) -> APIError { apiError(for: error, requestID: "req-1") }
}

@Suite struct ErrorMappingTests {
    struct Unexpected: Error, CustomStringConvertible {
        var description: String { "SELECT secret FROM users WHERE password = 'hunter2'" }
    }

    @Test func unexpectedErrorsBecomeA500ThatLeaksNothing() {
        let error = ErrorMapping.body(for: Unexpected())
        #expect(error.status == .internalServerError)
        #expect(error.code == "internal_error")
        #expect(!error.message.contains("SELECT"))
        #expect(!error.message.contains("hunter2"))
        #expect(error.message.contains("req-1"))
    }

    @Test func postgresErrorsBecomeA500ThatLeaksNothing() {
        let error = ErrorMapping.body(
            for: PostgresError(kind: .uniqueViolation, sqlState: "23505", constraint: "x", serverMessage: "Key (email)=(a@b.c) already exists")
        )
        #expect(error.status == .internalServerError)
        #expect(!error.message.contains("a@b.c"))
    }

    @Test func domainErrorsKeepTheirCodeAndMessage() {
        let error = ErrorMapping.body(
            for: SimpleDomainError(.conflict, code: "conversation_taken", message: "Carol took this conversation over at 14:02.")
        )
        #expect(error.status == .conflict)
        #expect(error.code == "conversation_taken")
        #expect(error.message == "Carol took this conversation over at 14:02.")
    }

    @Test func undecodableBodiesAre422() {
        let decodingError = DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "bad"))
        let error = ErrorMapping.body(for: decodingError)
        #expect(error.status == .unprocessableContent)
        #expect(error.code == "invalid_body")
    }
}
