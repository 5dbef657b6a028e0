import Histogram

/// Customer messages at a fixed aggregate rate, from `lanes` keep-alive connections spread
/// across the servers and the conversations.
///
/// Message n is due at `start + n / rate`. Each lane sends its messages in order on one
/// connection and waits for each answer, so a lane that falls behind sends late; the message id
/// carries the due time, not the send time, so that lateness counts in the latency
/// (no coordinated omission).
struct MessageSenders: Sendable {
    /// What the lanes did.
    struct Tally: Sendable {
        var measuredSent = 0
        var warmupSent = 0
        var failed = 0
        var statuses: [Int: Int] = [:]
        var firstError: String?
        /// How late the latest send started after its due time, in microseconds.
        var maxLagMicros: UInt64 = 0
        /// Sends that started more than 10 ms after their due time.
        var lateSends = 0
        /// When the last measured message was acknowledged.
        var lastMeasuredAck: UInt64 = 0
        /// From sending a measured message to its `201 Created`, in microseconds: the write path alone.
        var acknowledgements = Histogram<UInt64>(highestTrackableValue: 120_000_000, numberOfSignificantValueDigits: .three)

        mutating func add(_ other: Tally) {
            measuredSent += other.measuredSent
            warmupSent += other.warmupSent
            failed += other.failed
            statuses.merge(other.statuses, uniquingKeysWith: +)
            firstError = firstError ?? other.firstError
            maxLagMicros = max(maxLagMicros, other.maxLagMicros)
            lateSends += other.lateSends
            lastMeasuredAck = max(lastMeasuredAck, other.lastMeasuredAck)
            acknowledgements.add(other.acknowledgements)
        }
    }

    let servers: [ServerAddress]
    let conversations: [CustomerConversation]
    let rate: Double
    let lanes: Int
    let clock: LoadClock

    /// Sends from `start` for `warmup + seconds`; messages due in the warm-up are tagged so.
    func run(start: ContinuousClock.Instant, warmup: Duration, seconds: Duration) async -> Tally {
        let end = start + warmup + seconds
        let measuredFrom = start + warmup
        return await withTaskGroup(of: Tally.self) { group in
            for lane in 0..<lanes {
                group.addTask {
                    await sendLane(lane, start: start, measuredFrom: measuredFrom, end: end)
                }
            }
            return await group.reduce(into: Tally()) { $0.add($1) }
        }
    }

    private func sendLane(
        _ lane: Int,
        start: ContinuousClock.Instant,
        measuredFrom: ContinuousClock.Instant,
        end: ContinuousClock.Instant
    ) async -> Tally {

        let server = servers[lane % servers.count]
        let interval = Duration.seconds(1 / rate)
        var tally = Tally()
        var round = 0
        var reconnects = 0
        // A lane reconnects after a connection error, but not forever.
        while reconnects < 10 {
            do {
                try await HTTPConnection.with(server) { connection in
                    while true {
                        let number = round * lanes + lane
                        let due = start + interval * number
                        guard due < end else { return }
                        if due > .now { try await Task.sleep(until: due, clock: .continuous) }
                        let lag = clock.micros() &- clock.micros(at: due)
                        tally.maxLagMicros = max(tally.maxLagMicros, lag)
                        if lag > 10_000 { tally.lateSends += 1 }
                        let measured = due >= measuredFrom
                        let conversation = conversations[number % conversations.count]
                        let id = LoadMessageID.make(measured: measured, dueMicros: clock.micros(at: due), number: number)
                        let sentAt = clock.micros()
                        let response = try await connection.post(
                            conversation.messagesPath,
                            json: WidgetAPI.messageJSON(clientMessageId: id, body: "load message \(number)"),
                            bearer: conversation.customerToken
                        )
                        round += 1
                        tally.statuses[response.status, default: 0] += 1
                        guard response.isSuccess else {
                            tally.failed += 1
                            tally.firstError = tally.firstError ?? "\(response.status): \(response.text)"
                            continue
                        }
                        if measured {
                            tally.measuredSent += 1
                            tally.lastMeasuredAck = clock.micros()
                            _ = tally.acknowledgements.record(max(1, min(tally.lastMeasuredAck &- sentAt, 119_999_999)))
                        } else {
                            tally.warmupSent += 1
                        }
                    }
                }
                return tally
            } catch {
                // The message in flight is lost; count it and carry on with the next.
                round += 1
                reconnects += 1
                tally.failed += 1
                tally.firstError = tally.firstError ?? String(describing: error)
            }
        }
        return tally
    }
}
