// When and how the widget tries again: which failures pass by themselves, how long to wait, and
// the id that makes a resent message count once.

const MAX_BACKOFF_MS = 30000;
const MAX_RETRY_AFTER_MS = 60000;
const TRANSIENT_STATUSES = new Set([429, 502, 503, 504]);

/** crypto.randomUUID where available (secure contexts), else a v4 UUID from getRandomValues. */
export function newClientMessageId() {
    if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** No network, the server (or a proxy in front of it) briefly unavailable, or a rate limit to wait out. */
export function isTransient(error) {
    return error?.isNetworkFailure || TRANSIENT_STATUSES.has(error?.status);
}

/** The server's Retry-After when it gave one (at most a minute), else 1, 2, 4 … 30 s with jitter. */
export function retryDelay(error, attempt) {
    if (Number.isFinite(error?.retryAfterSeconds)) return Math.min(error.retryAfterSeconds * 1000, MAX_RETRY_AFTER_MS);
    const backoff = Math.min(1000 * 2 ** (attempt - 1), MAX_BACKOFF_MS);
    return backoff * (0.8 + Math.random() * 0.4);
}
