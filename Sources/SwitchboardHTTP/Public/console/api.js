// The console API over fetch: same-origin cookies, the CSRF token on unsafe methods, a sign-in
// redirect on 401, and the server's `{"error": {"message"}}` surfaced to the agent.

const BASE = "/console/api";
const LOGIN = "/console/login";
const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

let csrfToken = null;
let reportError = (message) => console.error(message);

/** An API call that failed; `status` 0 means the network failed. */
export class ApiError extends Error {
    constructor(status, code, message, retryAfterSeconds = null) {
        super(message);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** No network, or the server (or a proxy in front of it) briefly unavailable: worth retrying. */
    get isTransient() {
        return this.status === 0 || this.status === 502 || this.status === 503 || this.status === 504;
    }
}

/** Where failures are shown (the console's alert line). */
export function onError(handler) {
    reportError = handler;
}

/** Shows a failure on the console's alert line (for callers that asked for `quiet`). */
export function showError(message) {
    reportError(message);
}

/** The token from `GET /console/api/me`, sent as X-CSRF-Token on unsafe methods. */
export function setCsrfToken(token) {
    csrfToken = token || null;
}

/** Sends the browser to the sign-in page, coming back here afterwards. */
export function signIn() {
    window.location.assign(LOGIN);
}

/**
 * Calls `/console/api{path}` and returns the parsed JSON (or null for 204).
 * Options: `body` (sent as JSON), `quiet` (do not show failures; the caller handles them).
 */
export async function request(method, path, { body, file, quiet = false } = {}) {
    const headers = { Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (file !== undefined) headers["Content-Type"] = file.type || "application/octet-stream";
    if (UNSAFE.has(method) && csrfToken) headers["X-CSRF-Token"] = csrfToken;
    let response;
    try {
        response = await fetch(BASE + path, {
            method,
            headers,
            credentials: "same-origin",
            body: file ?? (body === undefined ? undefined : JSON.stringify(body)),
        });
    } catch {
        const error = new ApiError(0, "network", "Could not reach Switchboard. Check your connection and try again.");
        if (!quiet) reportError(error.message);
        throw error;
    }
    if (response.status === 401) {
        signIn();
        throw new ApiError(401, "unauthorized", "Your session has ended. Sign in again.");
    }
    if (response.status === 204) return null;
    let data = null;
    try {
        data = await response.json();
    } catch {
        data = null;
    }
    if (!response.ok) {
        const message = data?.error?.message || `The request failed (${response.status}). Try again.`;
        const retryAfter = Number.parseInt(response.headers.get("Retry-After") ?? "", 10);
        const error = new ApiError(response.status, data?.error?.code || "http_error", message,
            Number.isFinite(retryAfter) ? Math.max(1, retryAfter) : null);
        if (!quiet) reportError(message);
        throw error;
    }
    return data;
}

export const api = {
    get: (path, options) => request("GET", path, options),
    post: (path, body, options) => request("POST", path, { ...options, body: body ?? {} }),
    put: (path, body, options) => request("PUT", path, { ...options, body }),
    patch: (path, body, options) => request("PATCH", path, { ...options, body }),
    delete: (path, options) => request("DELETE", path, options),
    /** POSTs a file's raw bytes (its type as Content-Type). */
    upload: (path, file, options) => request("POST", path, { ...options, file }),
};

/** `/console/api/...` path segments are ids from the server; encode them anyway. */
export function seg(value) {
    return encodeURIComponent(String(value));
}
