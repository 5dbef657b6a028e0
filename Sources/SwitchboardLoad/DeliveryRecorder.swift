import Foundation
import Histogram
import Synchronization

/// One monotonic clock for senders and sockets: microseconds since the run began.
struct LoadClock: Sendable {
    let origin = ContinuousClock.now

    func micros(at instant: ContinuousClock.Instant = .now) -> UInt64 {
        let (seconds, attoseconds) = (instant - origin).components
        return UInt64(max(0, seconds)) * 1_000_000 + UInt64(max(0, attoseconds / 1_000_000_000_000))
    }
}

/// The `clientMessageId` of a load message: it carries the time the message was due to be sent,
/// so a socket can compute its delivery latency without a shared map.
enum LoadMessageID {
    /// `load-m-<due µs>-<n>` for measured messages, `load-w-…` for warm-up ones.
    static func make(measured: Bool, dueMicros: UInt64, number: Int) -> String {
        "load-\(measured ? "m" : "w")-\(dueMicros)-\(number)"
    }

    private static let marker = Array(#""clientMessageId":"load-"#.utf8)

    /// Finds a load message id in a socket frame: whether it was measured and when it was due.
    /// Scans bytes rather than decoding JSON: agents see every message, and decoding them all
    /// would cost the tool more CPU than the servers it measures.
    static func parse(frame: String) -> (measured: Bool, dueMicros: UInt64)? {
        var frame = frame
        return frame.withUTF8 { bytes -> (Bool, UInt64)? in
            guard let range = bytes.firstRange(of: marker) else { return nil }
            var index = range.upperBound
            guard index + 2 < bytes.count, bytes[index + 1] == UInt8(ascii: "-") else { return nil }
            let measured = bytes[index] == UInt8(ascii: "m")
            index += 2
            var due: UInt64 = 0
            var digits = 0
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
                due = due * 10 + UInt64(bytes[index] - UInt8(ascii: "0"))
                index += 1
                digits += 1
            }
            return digits > 0 ? (measured, due) : nil
        }
    }
}

/// Delivery latencies seen by a set of sockets, in microseconds, in an HdrHistogram.
final class DeliveryRecorder: Sendable {
    struct Snapshot {
        var histogram: Histogram<UInt64>
        /// Measured messages delivered (one per socket that received it).
        var deliveries = 0
        /// Warm-up messages delivered; not in the histogram.
        var warmupDeliveries = 0
        /// `message` frames that did not carry a load id (AI answers, other traffic).
        var otherMessages = 0
    }

    private let clock: LoadClock
    private let state: Mutex<Snapshot>

    init(clock: LoadClock) {
        self.clock = clock
        // Up to two minutes, three significant digits.
        self.state = Mutex(Snapshot(histogram: Histogram(highestTrackableValue: 120_000_000, numberOfSignificantValueDigits: .three)))
    }

    /// Records one text frame from a socket; frames other than messages are ignored.
    func record(frame: String) {
        let now = clock.micros()
        guard frame.utf8.count > 20, frame.hasSuffix(#""type":"message"}"#) else { return }
        let parsed = LoadMessageID.parse(frame: frame)
        state.withLock { state in
            guard let parsed else {
                state.otherMessages += 1
                return
            }
            guard parsed.measured else {
                state.warmupDeliveries += 1
                return
            }
            state.deliveries += 1
            _ = state.histogram.record(max(1, min(now &- parsed.dueMicros, 119_999_999)))
        }
    }

    var snapshot: Snapshot { state.withLock { $0 } }
    var deliveries: Int { state.withLock { $0.deliveries } }

    /// A results line per percentile, in milliseconds.
    static func summary(_ snapshot: Snapshot) -> String {
        summary(snapshot.histogram)
    }

    static func summary(_ histogram: Histogram<UInt64>) -> String {
        guard histogram.totalCount > 0 else { return "no deliveries recorded" }
        func ms(_ micros: UInt64) -> String { String(format: "%.2f", Double(micros) / 1000) }
        return [
            "p50 \(ms(histogram.valueAtPercentile(50)))",
            "p90 \(ms(histogram.valueAtPercentile(90)))",
            "p99 \(ms(histogram.valueAtPercentile(99)))",
            "p99.9 \(ms(histogram.valueAtPercentile(99.9)))",
            "max \(ms(histogram.max)) ms",
        ].joined(separator: "  ")
    }
}
