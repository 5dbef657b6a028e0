// The widget's HTTP API client (`/widget/v1/...`). Every failure becomes an ApiError whose
// `message` is the server's own message, ready to show to the customer.

/** A failed call: `status` 0 means the network failed (nothing reached the server, or no answer). */
export class ApiError extends Error {
    constructor(status, code, message, retryAfterSeconds = null) {
        super(message);
        this.name = "ApiError";
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    get isNetworkFailure() {
        return this.status === 0;
    }

    /** The conversation or its token is gone: start a new one. */
    get isConversationLost() {
        return this.status === 401 || this.status === 404;
    }
}

const GENERIC_MESSAGES = {
    0: "Can't reach the chat right now. Check your connection and try again.",
    403: "Chat isn't available on this site.",
    404: "This chat isn't available.",
    409: "This chat has ended.",
    413: "That message is too long (4000 characters at most).",
    422: "That message is empty.",
    429: "You're sending messages too quickly — try again in a moment.",
};

/** Client for one widget key against one server base URL. */
export class WidgetApi {
    constructor(base, widgetKey) {
        this.base = base;
        this.widgetKey = widgetKey;
        this.token = null;
        this.conversationId = null;
    }

    /** Uses an existing conversation (resumed from storage or just started). */
    useConversation(conversationId, token) {
        this.conversationId = conversationId;
        this.token = token;
    }

    /** POST /widget/v1/conversations → {conversationId, customerToken, mode, organisationName, messages}. */
    async startConversation(visitorId) {
        const body = { widgetKey: this.widgetKey, pageUrl: location.href, visitorId };
        const context = hostContext();
        if (context) body.context = context;
        const started = await this.#request("POST", "/widget/v1/conversations", body, { authorised: false });
        this.useConversation(started.conversationId, started.customerToken);
        return started;
    }

    /** POST the customer's rating of the ended chat: {rating 1–5, comment} → {satisfaction}. */
    rate({ rating, comment }) {
        return this.#request("POST", `${this.#conversationPath()}/rating`, comment ? { rating, comment } : { rating });
    }

    /** Asks for the ended chat's transcript at `email` → {status, recipient}. */
    emailTranscript(email) {
        return this.#request("POST", `${this.#conversationPath()}/transcript-email`, { email });
    }

    /** GET messages after `afterSeq` → {mode, agentName, messages, satisfaction?, transcriptEmail}. */
    fetchMessages(afterSeq) {
        return this.#request("GET", `${this.#conversationPath()}/messages?after=${encodeURIComponent(afterSeq)}`);
    }

    /** POST a customer message; safe to repeat with the same clientMessageId. → {message}. */
    sendMessage(clientMessageId, body) {
        return this.#request("POST", `${this.#conversationPath()}/messages`, { clientMessageId, body });
    }

    /** Ask for a person. → {mode, afterHours}. */
    requestHandoff(reason) {
        return this.#request("POST", `${this.#conversationPath()}/handoff`, { reason });
    }

    /** A fresh customer token for this conversation (tokens expire). → {customerToken, tokenExpiresAt}. */
    async refreshToken() {
        const refreshed = await this.#request("POST", `${this.#conversationPath()}/token`, {});
        this.token = refreshed.customerToken;
        return refreshed;
    }

    /** Leave contact details when nobody is online. → nothing (204). */
    submitAfterHours({ name, email, reason }) {
        return this.#request("POST", `${this.#conversationPath()}/after-hours`, { name, email, reason });
    }

    /** The WebSocket URL for live updates after `afterSeq` (ws: or wss: from the base's scheme). */
    socketUrl(afterSeq) {
        const url = new URL(`${this.base}/widget/v1/socket`);
        url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
        url.searchParams.set("token", this.token);
        url.searchParams.set("after", String(afterSeq));
        return url.href;
    }

    #conversationPath() {
        return `/widget/v1/conversations/${encodeURIComponent(this.conversationId)}`;
    }

    /** POST a file (its raw bytes) → {message}; the server recognises its type from its bytes. */
    uploadAttachment(file, clientMessageId) {
        const query = `name=${encodeURIComponent(file.name)}&clientMessageId=${encodeURIComponent(clientMessageId)}`;
        return this.#request("POST", `${this.#conversationPath()}/attachments?${query}`, file, { raw: true });
    }

    /** GET a file of this conversation, as a Blob (the token goes in a header, so no plain link can). */
    downloadAttachment(id) {
        return this.#request("GET", `${this.#conversationPath()}/attachments/${encodeURIComponent(id)}`, undefined, { blob: true });
    }

    async #request(method, path, body, { authorised = true, raw = false, blob = false } = {}) {
        const headers = { Accept: blob ? "*/*" : "application/json" };
        if (body !== undefined) headers["Content-Type"] = raw ? body.type || "application/octet-stream" : "application/json";
        if (authorised) headers.Authorization = `Bearer ${this.token}`;
        let response;
        try {
            response = await fetch(this.base + path, {
                method,
                headers,
                body: body === undefined ? undefined : raw ? body : JSON.stringify(body),
                credentials: "omit",
                mode: "cors",
                cache: "no-store",
            });
        } catch {
            throw new ApiError(0, "network", GENERIC_MESSAGES[0]);
        }
        if (response.status === 204) return null;
        if (blob && response.ok) return response.blob();
        let payload = null;
        try {
            payload = await response.json();
        } catch {
            payload = null;
        }
        if (!response.ok) {
            throw errorFrom(response, payload);
        }
        return payload;
    }
}

function errorFrom(response, payload) {
    const status = response.status;
    const detail = payload && typeof payload === "object" ? payload.error : null;
    const code = (detail && typeof detail.code === "string" && detail.code) || `http_${status}`;
    const message =
        (detail && typeof detail.message === "string" && detail.message) ||
        GENERIC_MESSAGES[status] ||
        "Something went wrong. Please try again.";
    let retryAfter = null;
    const header = response.headers.get("Retry-After");
    if (header !== null) {
        const seconds = Number.parseInt(header, 10);
        if (Number.isFinite(seconds)) retryAfter = Math.max(1, seconds);
        else {
            const at = Date.parse(header);
            if (!Number.isNaN(at)) retryAfter = Math.max(1, Math.ceil((at - Date.now()) / 1000));
        }
    }
    return new ApiError(status, code, message, retryAfter);
}

/** window.SwitchboardContext, if the host page set a plain JSON-able object. */
function hostContext() {
    const context = window.SwitchboardContext;
    if (!context || typeof context !== "object" || Array.isArray(context)) return undefined;
    try {
        return JSON.parse(JSON.stringify(context));
    } catch {
        return undefined;
    }
}
