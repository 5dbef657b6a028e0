// The conversation this browser is in, per widget key, in the host page's localStorage, so a
// reload or the next page of the site resumes it. Falls back to memory where storage is blocked.

const memory = new Map();

/** `{conversationId, customerToken, lastSeq, organisationName, open, afterHoursSent}` for one widget key. */
export class SavedConversation {
    constructor(widgetKey) {
        this.storageKey = `switchboard.widget.${widgetKey}`;
    }

    load() {
        const text = read(this.storageKey);
        if (!text) return null;
        try {
            const saved = JSON.parse(text);
            if (saved && typeof saved.conversationId === "string" && typeof saved.customerToken === "string") {
                return {
                    conversationId: saved.conversationId,
                    customerToken: saved.customerToken,
                    lastSeq: Number.isInteger(saved.lastSeq) ? saved.lastSeq : 0,
                    organisationName: typeof saved.organisationName === "string" ? saved.organisationName : "",
                    open: saved.open === true,
                    afterHoursSent: saved.afterHoursSent === true,
                };
            }
        } catch {
            // A damaged entry is as good as none.
        }
        return null;
    }

    /** Merges `changes` into the saved record (only once a conversation exists). */
    update(changes) {
        const current = this.load();
        if (!current && !changes.conversationId) return;
        write(this.storageKey, JSON.stringify({ ...(current ?? {}), ...changes }));
    }

    clear() {
        memory.delete(this.storageKey);
        try {
            localStorage.removeItem(this.storageKey);
        } catch {
            // Storage blocked: memory was cleared above.
        }
    }
}

/**
 * This browser's random visitor id, kept across chats and pages, so the server can limit one
 * visitor at a time instead of everyone behind the same address (an office, a mobile carrier).
 */
export function visitorId() {
    const key = "switchboard.visitor";
    const saved = read(key);
    if (saved && /^[A-Za-z0-9_-]{8,64}$/.test(saved)) return saved;
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    const id = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
    write(key, id);
    return id;
}

function read(key) {
    try {
        const value = localStorage.getItem(key);
        if (value !== null) return value;
    } catch {
        // Storage blocked (privacy settings, sandboxed frame): use memory.
    }
    return memory.get(key) ?? null;
}

function write(key, value) {
    memory.set(key, value);
    try {
        localStorage.setItem(key, value);
    } catch {
        // Quota or privacy settings: the conversation lasts for this page only.
    }
}
