import Foundation

/// Sends the AI's answer so far as transient `draft` events, at most one per `interval`, with
/// citation markers ("[1]") left out as the stored answer leaves them out; `clear()` takes the
/// draft off the screens. Publishing is awaited, so drafts reach the NOTIFY channel in order.
actor DraftPublisher {
    private let realtime: any RealtimePublisher
    private let orgID: UUID
    private let conversationID: UUID
    private let interval: Duration
    private let enabled: Bool
    private var lastSent: ContinuousClock.Instant?
    private var showing = false

    init(realtime: any RealtimePublisher, orgID: UUID, conversationID: UUID, interval: Duration, enabled: Bool) {
        self.realtime = realtime
        self.orgID = orgID
        self.conversationID = conversationID
        self.interval = interval
        self.enabled = enabled
    }

    /// Shows `text` unless a draft went out less than `interval` ago.
    func show(_ text: String) async {
        guard enabled else { return }
        if let lastSent, lastSent.duration(to: .now) < interval { return }
        let shown = Self.displayable(text)
        guard !shown.isEmpty else { return }
        lastSent = .now
        showing = true
        try? await realtime.publish(.draft(orgID: orgID, conversationID: conversationID, text: shown))
    }

    /// Takes the draft off the screens, if one was shown; also from a cancelled task.
    func clear() async {
        guard showing else { return }
        showing = false
        lastSent = nil
        let event = RealtimeEvent.draft(orgID: orgID, conversationID: conversationID, text: "")
        let realtime = self.realtime
        // A task of its own: the answer's task may be cancelled (a take-over), this must still go out.
        await Task { try? await realtime.publish(event) }.value
    }

    /// The text without citation markers, complete (`[2]`) or still arriving (`[`, `[1`).
    static func displayable(_ text: String) -> String {
        text.replacing(/[ \t]*\[\d{1,3}\]/, with: "").replacing(/[ \t]*\[\d{0,3}$/, with: "")
    }
}
