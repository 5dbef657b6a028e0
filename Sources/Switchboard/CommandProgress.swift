import Foundation
import Synchronization

/// A command's work done of the total on stderr, with the rate and the time left: a bar redrawn in
/// place on a terminal (at most 5 times a second), otherwise a line every tenth of the way, so logs
/// of a CI job stay short (`eval: 40/400 done (10 %, 12 cases/s, ETA 30 s)`).
final class CommandProgress: Sendable {
    private struct State {
        var lastDraw = ContinuousClock.now - .seconds(1)
        var lastTenth = -1
    }

    private let label: String
    private let unit: String
    private let start = ContinuousClock.now
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private let state = Mutex(State())

    /// `label` starts each line (`eval`); `unit` names what is counted (`cases`, `rows`).
    init(label: String, unit: String) {
        self.label = label
        self.unit = unit
    }

    func update(done: Int, total: Int) {
        guard total > 0 else { return }
        let now = ContinuousClock.now
        let elapsed = start.duration(to: now) / .seconds(1)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let left = rate > 0 ? String(format: "ETA %.0f s", Double(total - done) / rate) : "ETA -"
        let percent = done * 100 / total
        let figures = "\(percent) %, " + String(format: "%.0f", rate) + " \(unit)/s, \(left)"
        let line: String? = state.withLock { state in
            if isTerminal {
                guard done == total || state.lastDraw.duration(to: now) >= .milliseconds(200) else { return nil }
                state.lastDraw = now
                let width = 30
                let bar = String(repeating: "#", count: done * width / total) + String(repeating: "-", count: width - done * width / total)
                return "\r\u{1B}[K[\(bar)] \(done)/\(total) (\(figures))" + (done == total ? "\n" : "")
            }
            guard percent / 10 != state.lastTenth else { return nil }
            state.lastTenth = percent / 10
            return "\(label): \(done)/\(total) done (\(figures))\n"
        }
        if let line { FileHandle.standardError.write(Data(line.utf8)) }
    }

    /// The whole run's time, once the work is done.
    func finish() {
        let seconds = start.duration(to: .now) / .seconds(1)
        FileHandle.standardError.write(Data("\(label): done in \(String(format: "%.1f", seconds)) s\n".utf8))
    }
}
