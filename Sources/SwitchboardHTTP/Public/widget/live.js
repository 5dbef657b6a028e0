// Live updates for one conversation: a WebSocket that resumes after the last sequence number seen,
// reconnecting with exponential backoff and jitter (shared/reconnecting-socket.js); polling
// `GET messages?after=` every 3 s while WebSockets do not work at all. It only delivers frames;
// de-duplication is the transcript's job.

import { ReconnectingSocket } from "../shared/reconnecting-socket.js";

const POLL_INTERVAL_MS = 3000;
// Consecutive failed or short-lived sockets before we also poll (proxies that block WebSockets).
const ATTEMPTS_BEFORE_POLLING = 3;

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
        this.onPoll = onPoll;
        this.onStatus = onStatus;
        this.onLost = onLost;
        this.pollTimer = null;
        this.polling = false;
        this.status = null;
        this.connection = new ReconnectingSocket({
            url: () => api.socketUrl(lastSeq()),
            onFrame,
            onOpen: () => {
                this.#stopPolling();
                this.#setStatus("connected");
            },
            onFailure: () => this.#connectionFailed(),
            onUnsupported: () => this.#startPolling(),
        });
        this.handleVisible = () => {
            if (document.visibilityState === "visible") this.connection.reconnectNow();
        };
    }

    start() {
        if (!this.connection.stopped) return;
        document.addEventListener("visibilitychange", this.handleVisible);
        this.#setStatus("connecting");
        this.connection.start();
    }

    stop() {
        document.removeEventListener("visibilitychange", this.handleVisible);
        this.#stopPolling();
        this.connection.stop("closed by the widget");
    }

    get isConnected() {
        return this.connection.isOpen;
    }

    /** Tells the other side the customer is typing (the caller throttles). */
    sendTyping() {
        this.connection.send({ type: "typing" });
    }

    // Keeps trying the socket in the background (the shared socket schedules it), even while polling.
    #connectionFailed() {
        const { everOpened, failures } = this.connection;
        if (!this.polling) this.#setStatus(everOpened || failures > 1 ? "reconnecting" : "connecting");
        if (failures >= ATTEMPTS_BEFORE_POLLING) this.#startPolling();
    }

    #startPolling() {
        if (this.polling || this.connection.stopped) return;
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
