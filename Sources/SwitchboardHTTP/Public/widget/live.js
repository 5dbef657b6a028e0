// Live updates for one conversation: a WebSocket that resumes after the last sequence number seen,
// reconnecting with exponential backoff and jitter; polling `GET messages?after=` every 3 s while
// WebSockets do not work at all. It only delivers frames; de-duplication is the transcript's job.

const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 30000;
const POLL_INTERVAL_MS = 3000;
// Consecutive failed or short-lived sockets before we also poll (proxies that block WebSockets).
const ATTEMPTS_BEFORE_POLLING = 3;
// A socket that stayed open this long was a working connection: the failure count starts over.
const STABLE_AFTER_MS = 10000;

/**
 * Status values passed to `onStatus`: "connecting" (first attempt), "connected",
 * "reconnecting" (dropped, retrying), "polling" (no socket, but polling works).
 */
export class LiveUpdates {
    /**
     * @param {object} options
     * @param {import("./api.js").WidgetApi} options.api
     * @param {() => number} options.lastSeq   resume point: the last sequence number rendered
     * @param {(frame: object) => void} options.onFrame   a server frame (message, state, typing)
     * @param {(page: object) => void} options.onPoll     a `GET messages` answer while polling
     * @param {(status: string) => void} options.onStatus
     * @param {(error: Error) => void} options.onLost     the conversation answered 401/404
     */
    constructor({ api, lastSeq, onFrame, onPoll, onStatus, onLost }) {
        this.api = api;
        this.lastSeq = lastSeq;
        this.onFrame = onFrame;
        this.onPoll = onPoll;
        this.onStatus = onStatus;
        this.onLost = onLost;
        this.socket = null;
        this.stopped = true;
        this.failures = 0;
        this.everOpened = false;
        this.reconnectTimer = null;
        this.pollTimer = null;
        this.polling = false;
        this.status = null;
        this.handleOnline = () => this.#reconnectNow();
        this.handleVisible = () => {
            if (document.visibilityState === "visible") this.#reconnectNow();
        };
    }

    start() {
        if (!this.stopped) return;
        this.stopped = false;
        window.addEventListener("online", this.handleOnline);
        document.addEventListener("visibilitychange", this.handleVisible);
        this.#setStatus("connecting");
        this.#connect();
    }

    stop() {
        this.stopped = true;
        window.removeEventListener("online", this.handleOnline);
        document.removeEventListener("visibilitychange", this.handleVisible);
        clearTimeout(this.reconnectTimer);
        this.#stopPolling();
        if (this.socket) {
            const socket = this.socket;
            this.socket = null;
            socket.close(1000, "closed by the widget");
        }
    }

    get isConnected() {
        return this.socket !== null && this.socket.readyState === WebSocket.OPEN;
    }

    /** Tells the other side the customer is typing (the caller throttles). */
    sendTyping() {
        if (this.isConnected) this.socket.send(JSON.stringify({ type: "typing" }));
    }

    #connect() {
        clearTimeout(this.reconnectTimer);
        this.reconnectTimer = null;
        if (this.stopped || this.socket) return;
        if (typeof WebSocket !== "function") {
            this.#startPolling();
            return;
        }
        let socket;
        try {
            socket = new WebSocket(this.api.socketUrl(this.lastSeq()));
        } catch {
            this.#connectionFailed();
            return;
        }
        this.socket = socket;
        let openedAt = null;
        socket.addEventListener("open", () => {
            if (this.socket !== socket) return;
            openedAt = Date.now();
            this.everOpened = true;
            this.#stopPolling();
            this.#setStatus("connected");
        });
        socket.addEventListener("message", (event) => {
            if (this.socket !== socket || typeof event.data !== "string") return;
            let frame;
            try {
                frame = JSON.parse(event.data);
            } catch {
                return;
            }
            if (frame && typeof frame === "object") this.onFrame(frame);
        });
        socket.addEventListener("close", () => {
            if (this.socket !== socket) return;
            this.socket = null;
            if (openedAt !== null && Date.now() - openedAt >= STABLE_AFTER_MS) this.failures = 0;
            this.#connectionFailed();
        });
    }

    #connectionFailed() {
        if (this.stopped) return;
        this.failures += 1;
        if (!this.polling) this.#setStatus(this.everOpened || this.failures > 1 ? "reconnecting" : "connecting");
        if (this.failures >= ATTEMPTS_BEFORE_POLLING) this.#startPolling();
        // Keep trying the socket in the background, even while polling.
        this.reconnectTimer = setTimeout(() => this.#connect(), backoffDelay(this.failures));
    }

    #reconnectNow() {
        if (this.stopped || this.socket) return;
        this.#connect();
    }

    #startPolling() {
        if (this.polling || this.stopped) return;
        this.polling = true;
        const poll = async () => {
            if (!this.polling) return;
            try {
                const page = await this.api.fetchMessages(this.lastSeq());
                if (!this.polling) return;
                this.onPoll(page);
                if (!this.isConnected) this.#setStatus("polling");
            } catch (error) {
                if (!this.polling) return;
                if (error.isConversationLost) {
                    this.onLost(error);
                    return;
                }
                this.#setStatus("reconnecting");
            }
            this.pollTimer = setTimeout(poll, POLL_INTERVAL_MS);
        };
        poll();
    }

    #stopPolling() {
        this.polling = false;
        clearTimeout(this.pollTimer);
        this.pollTimer = null;
    }

    #setStatus(status) {
        if (this.status === status) return;
        this.status = status;
        this.onStatus(status);
    }
}

/** 1 s, 2 s, 4 s … capped at 30 s, each between 75 % and 125 % of its step so clients spread out. */
export function backoffDelay(failures) {
    const step = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, failures - 1));
    const jittered = step * (0.75 + Math.random() * 0.5);
    return Math.round(Math.min(MAX_DELAY_MS, jittered));
}
