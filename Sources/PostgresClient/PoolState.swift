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

    init(capacity: Int) {
        self.capacity = capacity
    }

    var statistics: PoolStatistics {
        PoolStatistics(open: open, idle: idle.count, waiting: waiters.count)
    }

    func checkout(timeout: Duration) async throws -> Checkout {
        guard !closed else { throw PostgresError(kind: .poolClosed) }
        if let connection = idle.popLast() { return .ready(connection) }
        if open < capacity {
            open += 1
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
    func checkin(_ connection: PostgresConnection?) {
        if !waiters.isEmpty {
            let waiter = waiters.removeFirst()
            waiter.timeout.cancel()
            waiter.continuation.resume(returning: connection.map(Checkout.ready) ?? .open)
            return
        }
        if let connection, !closed {
            idle.append(connection)
        } else {
            open -= 1
        }
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
