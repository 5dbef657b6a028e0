// The agent WebSocket: the organisation's new conversations, state changes, messages and typing.
// Reconnects with exponential backoff and jitter; after a reconnect the console reloads what it
// shows (the server does not replay agent frames), exactly as it does on a "resync" frame.

const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 30000;
const STABLE_AFTER_MS = 10000;

/** States passed to `onState`: "connecting", "live", "reconnecting". */
export class AgentSocket {
    /**
     * @param {object} options
     * @param {(frame: object) => void} options.onFrame   a parsed server frame
     * @param {() => void} options.onResync  reload lists and the open transcript
     * @param {(state: string) => void} options.onState
     */
    constructor({ onFrame, onResync, onState }) {
        this.onFrame = onFrame;
        this.onResync = onResync;
        this.onState = onState;
        this.socket = null;
        this.failures = 0;
        this.everOpened = false;
        this.timer = null;
        this.stopped = true;
        this.state = null;
        this.reconnectNow = () => {
            if (!this.stopped && !this.socket) this.#connect();
        };
    }

    start() {
        if (!this.stopped) return;
        this.stopped = false;
        window.addEventListener("online", this.reconnectNow);
        this.#setState("connecting");
        this.#connect();
    }

    stop() {
        this.stopped = true;
        window.removeEventListener("online", this.reconnectNow);
        clearTimeout(this.timer);
        const socket = this.socket;
        this.socket = null;
        socket?.close(1000, "signed out");
    }

    /** Tells the customer (through the server) that this agent is typing in a conversation. */
    sendTyping(conversationId) {
        if (this.socket?.readyState === WebSocket.OPEN) {
            this.socket.send(JSON.stringify({ type: "typing", conversationId }));
        }
    }

    #url() {
        const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
        return `${scheme}//${window.location.host}/console/api/socket`;
    }

    #connect() {
        clearTimeout(this.timer);
        this.timer = null;
        if (this.stopped || this.socket) return;
        let socket;
        try {
            socket = new WebSocket(this.#url());
        } catch {
            this.#failed();
            return;
        }
        this.socket = socket;
        let openedAt = null;
        socket.addEventListener("open", () => {
            if (this.socket !== socket) return;
            openedAt = Date.now();
            const wasReconnect = this.everOpened;
            this.everOpened = true;
            this.#setState("live");
            // Anything that happened while we were away is only in the database.
            if (wasReconnect) this.onResync();
        });
        socket.addEventListener("message", (event) => {
            if (this.socket !== socket || typeof event.data !== "string") return;
            let frame;
            try {
                frame = JSON.parse(event.data);
            } catch {
                return;
            }
            if (!frame || typeof frame !== "object") return;
            if (frame.type === "resync") this.onResync();
            else this.onFrame(frame);
        });
        socket.addEventListener("close", () => {
            if (this.socket !== socket) return;
            this.socket = null;
            if (openedAt !== null && Date.now() - openedAt >= STABLE_AFTER_MS) this.failures = 0;
            this.#failed();
        });
    }

    #failed() {
        if (this.stopped) return;
        this.failures += 1;
        this.#setState(this.everOpened || this.failures > 1 ? "reconnecting" : "connecting");
        this.timer = setTimeout(() => this.#connect(), backoffDelay(this.failures));
    }

    #setState(state) {
        if (this.state === state) return;
        this.state = state;
        this.onState(state);
    }
}

/** 1 s, 2 s, 4 s … capped at 30 s, each between 75 % and 125 % of its step. */
export function backoffDelay(failures) {
    const step = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, failures - 1));
    return Math.round(Math.min(MAX_DELAY_MS, step * (0.75 + Math.random() * 0.5)));
}
