/// The pool's bookkeeping: idle connections, open slots and borrowers waiting in FIFO order.
actor PoolState {
    /// What a borrower gets: an idle connection, or a reserved slot to open a new one in.
    enum Checkout: Sendable {
        case ready(PostgresConnection)
        case open
    }

    private struct Waiter {
        let id: Int
        let continuation: CheckedContinuation<Checkout, any Error>
        let timeout: Task<Void, Never>
    }

    private let capacity: Int
    private var idle: [PostgresConnection] = []
    /// Connections leased, idle or being opened.
    private var open = 0
    private var waiters: [Waiter] = []
    private var nextWaiterID = 0
    private var closed = false
    /// Leases granted since start: each `withConnection` or `withTransaction` is one.
    private var leases = 0

    init(capacity: Int) {
        self.capacity = capacity
    }

    var statistics: PoolStatistics {
        PoolStatistics(open: open, idle: idle.count, waiting: waiters.count, leases: leases)
    }

    func checkout(timeout: Duration) async throws -> Checkout {
        guard !closed else { throw PostgresError(kind: .poolClosed) }
        if let connection = idle.popLast() {
            leases += 1
            return .ready(connection)
        }
        if open < capacity {
            open += 1
            leases += 1
            return .open
        }
        let id = nextWaiterID
        nextWaiterID += 1
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let timer = Task { [weak self] in
                    guard (try? await Task.sleep(for: timeout)) != nil else { return }
                    await self?.fail(waiter: id, with: PostgresError(kind: .poolTimeout))
                }
                waiters.append(Waiter(id: id, continuation: continuation, timeout: timer))
            }
        } onCancel: {
            // Runs after the waiter is queued: the actor is busy until the continuation suspends.
            Task { await self.fail(waiter: id, with: CancellationError()) }
        }
    }

    /// Takes a connection back, or nil for one that was closed (its slot is freed or passed on).
    func checkin(_ connection: PostgresConnection?, afterUpkeep: Bool = false) {
        if !waiters.isEmpty {
            let waiter = waiters.removeFirst()
            waiter.timeout.cancel()
            leases += 1
            waiter.continuation.resume(returning: connection.map(Checkout.ready) ?? .open)
            return
        }
        if let connection, !closed {
            if afterUpkeep {
                // A keep-alive check is no use: the idle clock keeps running.
                idle.insert(connection, at: idle.firstIndex { $0.idleSince > connection.idleSince } ?? idle.endIndex)
            } else {
                connection.idleSince = .now
                connection.lastCheckedAt = .now
                idle.append(connection)
            }
        } else {
            open -= 1
        }
    }

    /// Takes out the idle connections that `matches`, oldest first. Their slots stay open until each
    /// is checked back in (`checkin(nil)` closes the slot).
    func takeIdle(where matches: (PostgresConnection) -> Bool) -> [PostgresConnection] {
        guard !closed else { return [] }
        var taken: [PostgresConnection] = []
        idle.removeAll { connection in
            guard matches(connection) else { return false }
            taken.append(connection)
            return true
        }
        return taken
    }

    func close() {
        closed = true
        open -= idle.count
        idle.removeAll()
        for waiter in waiters {
            waiter.timeout.cancel()
            waiter.continuation.resume(throwing: PostgresError(kind: .poolClosed))
        }
        waiters.removeAll()
    }

    private func fail(waiter id: Int, with error: any Error) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        let waiter = waiters.remove(at: index)
        waiter.timeout.cancel()
        waiter.continuation.resume(throwing: error)
    }
}
