import CLibPQ
import Foundation

/// One libpq connection. Every method blocks, so callers run them on the pool's thread pool.
///
/// It is `@unchecked Sendable` because the pool guarantees that only one task uses a connection
/// at a time (a lease); libpq connections themselves may move between threads.
final class PostgresConnection: @unchecked Sendable {
    /// How far the connection is in a transaction, from libpq's point of view.
    enum TransactionState {
        case idle, inTransaction, failedTransaction, unknown
    }

    let handle: OpaquePointer
    let settings: PostgresConfiguration
    /// Prepared statement names by SQL text and parameter types.
    private var statements: [String: String] = [:]
    private var nextStatement = 0
    /// Statements run since the pool last handed this connection out; used to retry on a
    /// connection that died while idle in the pool.
    var statementsSinceLease = 0
    /// Leases this connection has served (0 while the first lease runs).
    var leaseCount = 0
    /// When the connection last went back to the pool; the pool's maintenance closes or checks
    /// connections that have waited long.
    var idleSince = ContinuousClock.now
    /// When the connection last proved alive: its last lease, or the pool's last keep-alive check.
    var lastCheckedAt = ContinuousClock.now

    private init(handle: OpaquePointer, settings: PostgresConfiguration) {
        self.handle = handle
        self.settings = settings
    }

    deinit { PQfinish(handle) }

    /// Opens a connection from a URL or key=value string; libpq fills gaps from PG* variables.
    static func connect(_ settings: PostgresConfiguration) throws -> PostgresConnection {
        let handle = try openHandle(settings)
        let connection = PostgresConnection(handle: handle, settings: settings)
        try connection.configureSession()
        return connection
    }

    /// Connects with libpq; `expand_dbname` lets `connectionString` be a URL or conninfo.
    static func openHandle(_ settings: PostgresConfiguration) throws -> OpaquePointer {
        var pairs: [(String, String)] = [
            ("fallback_application_name", settings.applicationName),
            ("client_encoding", "UTF8"),
        ]
        if !settings.connectionString.isEmpty { pairs.insert(("dbname", settings.connectionString), at: 0) }
        let keywords = pairs.map { strdup($0.0) }
        let values = pairs.map { strdup($0.1) }
        defer {
            for keyword in keywords { free(keyword) }
            for value in values { free(value) }
        }
        let keywordPointers = keywords.map { UnsafePointer($0) } + [nil]
        let valuePointers = values.map { UnsafePointer($0) } + [nil]
        guard let handle = PQconnectdbParams(keywordPointers, valuePointers, 1) else {
            throw PostgresError(kind: .connectionLost, serverMessage: "out of memory")
        }
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(handle))
            PQfinish(handle)
            throw PostgresError(kind: .connectionLost, serverMessage: message)
        }
        // NOTICEs ("relation already exists, skipping") would otherwise go straight to stderr.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
        return handle
    }

    /// Session settings every statement relies on: UTC ISO timestamps and the search path.
    private func configureSession() throws {
        let searchPath = settings.searchPath.joined(separator: ", ")
        _ = try run(
            "SELECT set_config('TimeZone', 'UTC', false), set_config('DateStyle', 'ISO, MDY', false), "
                + "set_config('search_path', $1, false)",
            parameters: [searchPath.isEmpty ? "\"$user\", public" : searchPath],
            types: [PostgresType.text],
            prepare: false
        )
    }

    var isConnected: Bool { PQstatus(handle) == CONNECTION_OK }

    var transactionState: TransactionState {
        switch PQtransactionStatus(handle) {
        case PQTRANS_IDLE: return .idle
        case PQTRANS_INTRANS: return .inTransaction
        case PQTRANS_INERROR: return .failedTransaction
        default: return .unknown
        }
    }

    /// The server process id, for diagnostics and tests.
    var backendPID: Int32 { PQbackendPID(handle) }

    /// Runs one parameterised statement, as a cached prepared statement unless `prepare` is false.
    func run(_ sql: String, parameters: [String?], types: [UInt32], prepare: Bool = true) throws -> PostgresRows {
        try reconnectingIfStale {
            try execute(sql, parameters: parameters, types: types, prepare: prepare)
        }
    }

    /// Runs trusted SQL text with several statements (migration files) through the simple protocol.
    func runScript(_ sql: String) throws {
        try reconnectingIfStale {
            _ = try consume(PQexec(handle, sql))
        }
    }

    /// BEGIN and `set_config(key, value, true)` for each setting, pipelined in one round trip.
    func begin(settings localSettings: [(String, String)]) throws {
        try reconnectingIfStale {
            try pipelinedBegin(localSettings)
        }
    }

    /// Tries to reconnect in place; true when the connection is usable again.
    func reset() -> Bool {
        PQreset(handle)
        statements.removeAll()
        guard isConnected else { return false }
        return (try? configureSession()) != nil
    }

    // A connection that died while idle in the pool (server restart, pg_terminate_backend) is
    // noticed before the lease's first statement is sent, and reopened. A statement is never
    // sent twice: once sent, a lost connection is the caller's error, since the server may
    // have run it.
    func reconnectingIfStale<T>(_ body: () throws -> T) throws -> T {
        if statementsSinceLease == 0 && leaseCount > 0 && !isAlive() {
            guard reset() else { throw PostgresError(kind: .connectionLost, serverMessage: "reconnect failed") }
        }
        statementsSinceLease += 1
        return try body()
    }

    /// Reads whatever the server sent while the connection sat idle: a termination notice
    /// arrives first, the end of the stream after it, so read until nothing more is waiting.
    private func isAlive() -> Bool {
        for _ in 0..<4 {
            guard PQconsumeInput(handle) == 1, isConnected else { return false }
            var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 0) > 0 else { return true }
        }
        return isConnected
    }

    private func execute(_ sql: String, parameters: [String?], types: [UInt32], prepare: Bool) throws -> PostgresRows {
        let values = parameters.map { $0.map { strdup($0) } ?? nil }
        defer { for value in values { free(value) } }
        let valuePointers = values.map { $0.map { UnsafePointer($0) } }
        let count = Int32(parameters.count)

        guard prepare else {
            return try consume(PQexecParams(handle, sql, count, types, valuePointers, nil, nil, 0))
        }
        let name = try preparedName(for: sql, types: types)
        do {
            return try consume(PQexecPrepared(handle, name, count, valuePointers, nil, nil, 0))
        } catch let error as PostgresError where error.sqlState == "0A000" || error.sqlState == "26000" {
            // A schema change invalidated the cached plan, or the statement is gone: prepare anew.
            // Inside a transaction the error has already aborted it, so a retry there cannot
            // succeed: drop the stale statement and let the caller roll back (and retry the unit).
            let wasInTransaction = transactionState != .idle
            forget(sql: sql, types: types, name: name)
            guard !wasInTransaction else { throw error }
            let fresh = try preparedName(for: sql, types: types)
            return try consume(PQexecPrepared(handle, fresh, count, valuePointers, nil, nil, 0))
        }
    }

    private func statementKey(_ sql: String, _ types: [UInt32]) -> String {
        sql + "\u{0}" + types.map(String.init).joined(separator: ",")
    }

    private func preparedName(for sql: String, types: [UInt32]) throws -> String {
        let key = statementKey(sql, types)
        if let name = statements[key] { return name }
        if statements.count >= 500 {
            // Statement texts are fixed in code, so this only trips on unusual workloads.
            _ = try consume(PQexec(handle, "DEALLOCATE ALL"))
            statements.removeAll()
        }
        nextStatement += 1
        let name = "sb\(nextStatement)"
        _ = try consume(PQprepare(handle, name, sql, Int32(types.count), types))
        statements[key] = name
        return name
    }

    private func forget(sql: String, types: [UInt32], name: String) {
        statements[statementKey(sql, types)] = nil
        if transactionState == .idle || transactionState == .inTransaction {
            _ = try? consume(PQexecParams(handle, "DEALLOCATE " + name, 0, nil, nil, nil, nil, 0))
        }
    }

    private func pipelinedBegin(_ localSettings: [(String, String)]) throws {
        guard PQenterPipelineMode(handle) == 1 else { throw connectionError() }
        defer { PQexitPipelineMode(handle) }
        var sent = PQsendQueryParams(handle, "BEGIN", 0, nil, nil, nil, nil, 0) == 1
        for (key, value) in localSettings where sent {
            let key = strdup(key)
            let value = strdup(value)
            defer {
                free(key)
                free(value)
            }
            let values: [UnsafePointer<CChar>?] = [UnsafePointer(key), UnsafePointer(value)]
            let types = [PostgresType.text, PostgresType.text]
            sent =
                PQsendQueryParams(
                    handle,
                    "SELECT set_config($1, $2, true)",
                    2,
                    types,
                    values,
                    nil,
                    nil,
                    0
                ) == 1
        }
        guard sent, PQpipelineSync(handle) == 1 else { throw connectionError() }

        var firstError: PostgresError?
        var pendingQueries = 1 + localSettings.count
        while pendingQueries > 0 {
            guard let result = PQgetResult(handle) else {
                // NULL ends one query's results; a dead connection returns NULL forever.
                guard isConnected else { throw connectionError() }
                pendingQueries -= 1
                continue
            }
            let status = PQresultStatus(result)
            if status == PGRES_FATAL_ERROR, firstError == nil {
                firstError = makeError(result)
            }
            PQclear(result)
        }
        guard let sync = PQgetResult(handle) else { throw connectionError() }
        let syncStatus = PQresultStatus(sync)
        PQclear(sync)
        if let firstError { throw firstError }
        guard syncStatus == PGRES_PIPELINE_SYNC else { throw connectionError() }
    }

    /// Reads a result into rows, or turns it into a `PostgresError`.
    private func consume(_ result: OpaquePointer?) throws -> PostgresRows {
        guard let result else { throw connectionError() }
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK || status == PGRES_EMPTY_QUERY else {
            throw makeError(result)
        }
        let columnCount = PQnfields(result)
        let rowCount = PQntuples(result)
        let columns = (0..<columnCount).map { String(cString: PQfname(result, $0)) }
        var cells: [[String?]] = []
        cells.reserveCapacity(Int(rowCount))
        for row in 0..<rowCount {
            var values: [String?] = []
            values.reserveCapacity(Int(columnCount))
            for column in 0..<columnCount {
                if PQgetisnull(result, row, column) == 1 {
                    values.append(nil)
                } else {
                    values.append(String(cString: PQgetvalue(result, row, column)))
                }
            }
            cells.append(values)
        }
        let affected = Int(String(cString: PQcmdTuples(result))) ?? Int(rowCount)
        return PostgresRows(columns: columns, cells: cells, affectedRows: affected)
    }

    func makeError(_ result: OpaquePointer) -> PostgresError {
        func field(_ code: Character) -> String? {
            guard let value = PQresultErrorField(result, Int32(code.asciiValue!)) else { return nil }
            return String(cString: value)
        }
        guard let state = field("C") else { return connectionError() }
        var kind = PostgresError.kind(forSQLState: state)
        if !isConnected { kind = .connectionLost }
        return PostgresError(
            kind: kind,
            sqlState: state,
            constraint: field("n"),
            table: field("t"),
            serverMessage: field("M")
        )
    }

    func connectionError() -> PostgresError {
        PostgresError(kind: .connectionLost, serverMessage: String(cString: PQerrorMessage(handle)))
    }
}
