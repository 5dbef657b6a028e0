import Synchronization

/// The text of one provider attempt as it arrives, shared between the reading task and its
/// watchdog. Text that may still turn out to be the not-sure marker is held back, so a customer
/// never sees "NOT_S…" flash up.
final class StreamedAnswerText: Sendable {
    private struct State {
        var text = ""
        var released = 0
        var firstTokenAt: ContinuousClock.Instant?
    }

    private let state = Mutex(State())

    /// Adds `delta`; returns the text that may now be shown, if any.
    func receive(_ delta: String) -> String? {
        state.withLock { state in
            guard !delta.isEmpty else { return nil }
            state.text += delta
            if state.firstTokenAt == nil { state.firstTokenAt = .now }
            let lead = state.text.drop { $0.isWhitespace }
            // Still possibly the marker: wait for more.
            if state.released == 0, ChatPrompt.notSureMarker.hasPrefix(lead) || lead.hasPrefix(ChatPrompt.notSureMarker) {
                return nil
            }
            let shown = String(state.text.dropFirst(state.released))
            state.released = state.text.count
            return shown
        }
    }

    /// Everything received so far.
    var text: String { state.withLock { $0.text } }
    /// When the first text arrived; nil while none has.
    var firstTokenAt: ContinuousClock.Instant? { state.withLock { $0.firstTokenAt } }
    /// Whether any text was shown to the customer (and must be retracted if the answer fails).
    var showedText: Bool { state.withLock { $0.released > 0 } }
}
