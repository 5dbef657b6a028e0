// The agent WebSocket: the organisation's new conversations, state changes, messages and typing.
// Reconnects with exponential backoff and jitter (shared/reconnecting-socket.js); after a reconnect
// the console reloads what it shows (the server does not replay agent frames), exactly as it does
// on a "resync" frame.

import { ReconnectingSocket } from "../shared/reconnecting-socket.js";

/** States passed to `onState`: "connecting", "live", "reconnecting". */
export class AgentSocket {
    /**
     * @param {object} options
     * @param {(frame: object) => void} options.onFrame   a parsed server frame
     * @param {() => void} options.onResync  reload lists and the open transcript
     * @param {(state: string) => void} options.onState
     */
    constructor({ onFrame, onResync, onState }) {
        this.onState = onState;
        this.state = null;
        this.connection = new ReconnectingSocket({
            url: () => {
                const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
                return `${scheme}//${window.location.host}/console/api/socket`;
            },
            onOpen: (reconnected) => {
                this.#setState("live");
                // Anything that happened while we were away is only in the database.
                if (reconnected) onResync();
            },
            onFrame: (frame) => (frame.type === "resync" ? onResync() : onFrame(frame)),
            onFailure: () => {
                const { everOpened, failures } = this.connection;
                this.#setState(everOpened || failures > 1 ? "reconnecting" : "connecting");
            },
        });
    }

    start() {
        if (!this.connection.stopped) return;
        this.#setState("connecting");
        this.connection.start();
    }

    stop() {
        this.connection.stop("signed out");
    }

    /** Tells the customer (through the server) that this agent is typing in a conversation. */
    sendTyping(conversationId) {
        this.connection.send({ type: "typing", conversationId });
    }

    #setState(state) {
        if (this.state === state) return;
        this.state = state;
        this.onState(state);
    }
}
