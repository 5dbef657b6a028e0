// A JSON WebSocket that reconnects with exponential backoff and jitter, shared by the agent
// console (console/socket.js) and the chat widget (widget/live.js). It only keeps a connection
// alive and hands over parsed frames; what a reconnect means (reload, poll, resume) is the caller's.
//
// Served at /shared/ with the widget's headers (any origin may import it) so that both the
// console's same-origin page and the widget on a customer's site load this one file.

const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 30000;
// A socket that stayed open this long was a working connection: the failure count starts over.
const STABLE_AFTER_MS = 10000;

export class ReconnectingSocket {
    /**
     * @param {object} options
     * @param {() => string} options.url   where to connect, asked again before every attempt
     * @param {(frame: object) => void} options.onFrame   each frame that parses as a JSON object
     * @param {(reconnected: boolean) => void} options.onOpen   a connection opened; `reconnected`
     *     when an earlier one had opened too
     * @param {() => void} options.onFailure   an attempt failed or a connection dropped; `failures`
     *     counts them and the next attempt is scheduled right after this returns
     * @param {() => void} [options.onUnsupported]   the browser has no WebSocket at all (no retries follow)
     */
    constructor(options) {
        this.options = options;
        this.socket = null;
        this.failures = 0;
        this.everOpened = false;
        this.timer = null;
        this.stopped = true;
        /** Connects at once when stopped waiting for a retry (bound: usable as a listener). */
        this.reconnectNow = () => {
            if (!this.stopped && !this.socket) this.#connect();
        };
    }

    get isOpen() {
        return this.socket !== null && this.socket.readyState === WebSocket.OPEN;
    }

    start() {
        if (!this.stopped) return;
        this.stopped = false;
        window.addEventListener("online", this.reconnectNow);
        this.#connect();
    }

    /** Closes the socket (code 1000 with `reason`) and cancels any pending retry. */
    stop(reason) {
        this.stopped = true;
        window.removeEventListener("online", this.reconnectNow);
        clearTimeout(this.timer);
        const socket = this.socket;
        this.socket = null;
        socket?.close(1000, reason);
    }

    /** Sends `frame` as JSON when the socket is open; otherwise drops it. */
    send(frame) {
        if (this.isOpen) this.socket.send(JSON.stringify(frame));
    }

    #connect() {
        clearTimeout(this.timer);
        this.timer = null;
        if (this.stopped || this.socket) return;
        if (typeof WebSocket !== "function" && this.options.onUnsupported) {
            this.options.onUnsupported();
            return;
        }
        let socket;
        try {
            socket = new WebSocket(this.options.url());
        } catch {
            this.#failed();
            return;
        }
        this.socket = socket;
        let openedAt = null;
        socket.addEventListener("open", () => {
            if (this.socket !== socket) return;
            openedAt = Date.now();
            const reconnected = this.everOpened;
            this.everOpened = true;
            this.options.onOpen(reconnected);
        });
        socket.addEventListener("message", (event) => {
            if (this.socket !== socket || typeof event.data !== "string") return;
            let frame;
            try {
                frame = JSON.parse(event.data);
            } catch {
                return;
            }
            if (frame && typeof frame === "object") this.options.onFrame(frame);
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
        this.options.onFailure();
        this.timer = setTimeout(() => this.#connect(), backoffDelay(this.failures));
    }
}

/** 1 s, 2 s, 4 s … capped at 30 s, each between 75 % and 125 % of its step so clients spread out. */
export function backoffDelay(failures) {
    const step = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, failures - 1));
    return Math.round(Math.min(MAX_DELAY_MS, step * (0.75 + Math.random() * 0.5)));
}
