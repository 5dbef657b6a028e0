// What the console knows about the organisation's conversations, kept current by socket frames.
// Views subscribe and re-render; nothing here touches the DOM.

import { api } from "./api.js";
import { sameId } from "./format.js";

const OPEN = "ai,needs,live,review,followup";

/** The list tabs, in order, with the modes each shows. "Mine" is the agent's own live chats. */
export const GROUPS = [
    { key: "active", label: "Active", test: (c) => ["ai", "needs", "live"].includes(c.mode) },
    { key: "needs", label: "Needs human", test: (c) => c.mode === "needs" },
    { key: "live", label: "Live", test: (c) => c.mode === "live" },
    { key: "mine", label: "Mine", test: (c, me) => c.mode === "live" && sameId(c.ownerId, me) },
    { key: "review", label: "Needs review", test: (c) => c.mode === "review" },
    { key: "followup", label: "Follow-up", test: (c) => c.mode === "followup" },
    { key: "closed", label: "Closed", test: (c) => c.mode === "closed", lazy: true },
    { key: "archived", label: "Archived", test: (c) => c.mode === "archived", lazy: true },
];

export class ConversationStore {
    constructor({ agentId, onNeedsHuman }) {
        this.agentId = agentId;
        this.onNeedsHuman = onNeedsHuman;
        this.byId = new Map();
        this.listeners = new Set();
        this.messageListeners = new Set();
        this.loadedLazy = new Set();
        // Server-side totals of the lazy groups (closed, archived): the list loads only their newest.
        this.totals = new Map();
        this.refreshTotalsSoon = debounce(() => this.refreshTotals().catch(() => {}), 500);
        this.seenKey = `switchboard.console.seen.${agentId}`;
        this.seen = readSeen(this.seenKey);
        this.loaded = false;
    }

    subscribe(listener) {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    }

    /** `listener(conversationId, message)` for every message frame. */
    onMessage(listener) {
        this.messageListeners.add(listener);
        return () => this.messageListeners.delete(listener);
    }

    #changed() {
        for (const listener of this.listeners) listener();
    }

    /** (Re)loads the open conversations, and the closed/archived lists already opened. */
    async load() {
        const { conversations } = await api.get(`/conversations?mode=${OPEN}&limit=500`);
        const openIds = new Set(conversations.map((c) => c.id));
        for (const [id, c] of this.byId) {
            if (!openIds.has(id) && !["closed", "archived"].includes(c.mode)) this.byId.delete(id);
        }
        for (const c of conversations) this.#put(c, { alert: this.loaded });
        const lazy = [...this.loadedLazy];
        this.loadedLazy.clear();
        for (const mode of lazy) await this.loadMode(mode);
        await this.refreshTotals().catch(() => {});
        if (!this.loaded) this.#seedSeen(conversations);
        this.loaded = true;
        this.#changed();
    }

    /** Loads the most recent conversations of a mode the first load skips (closed, archived). */
    async loadMode(mode) {
        if (this.loadedLazy.has(mode)) return;
        const { conversations } = await api.get(`/conversations?mode=${mode}&limit=200`);
        this.loadedLazy.add(mode);
        for (const c of conversations) this.#put(c, { alert: false });
        this.#changed();
    }

    /** Reads how many conversations each lazy group holds in the database. */
    async refreshTotals() {
        const { counts } = await api.get("/conversations/counts", { quiet: true });
        for (const group of GROUPS.filter((g) => g.lazy)) {
            if (Number.isInteger(counts?.[group.key])) this.totals.set(group.key, counts[group.key]);
        }
        this.#changed();
    }

    /** The number a group tab shows: the database's total for a lazy group, else what is loaded; null while unknown. */
    total(groupKey) {
        const group = GROUPS.find((g) => g.key === groupKey);
        if (!group?.lazy) return this.count(groupKey);
        return this.totals.get(groupKey) ?? (this.loadedLazy.has(groupKey) ? this.count(groupKey) : null);
    }

    get(id) {
        return this.byId.get(id);
    }

    /** Conversations of a group, the longest-waiting human requests first, then most recent. */
    list(groupKey) {
        const group = GROUPS.find((g) => g.key === groupKey) ?? GROUPS[0];
        const rows = [...this.byId.values()].filter((c) => group.test(c, this.agentId));
        return rows.sort((a, b) => {
            if (a.mode === "needs" && b.mode !== "needs") return -1;
            if (b.mode === "needs" && a.mode !== "needs") return 1;
            if (a.mode === "needs") return Date.parse(a.updatedAt) - Date.parse(b.updatedAt);
            return Date.parse(activity(b)) - Date.parse(activity(a));
        });
    }

    count(groupKey) {
        return this.list(groupKey).length;
    }

    /** A conversation from the server (socket frame or an action's response). */
    upsert(conversation) {
        this.#put(conversation, { alert: true });
        this.#changed();
    }

    applyFrame(frame) {
        if (frame.type === "conversation" && frame.conversation) {
            this.upsert(frame.conversation);
        } else if (frame.type === "state" && frame.conversationId) {
            const current = this.byId.get(frame.conversationId);
            if (!current) return;
            this.upsert({ ...current, mode: frame.mode, ownerName: frame.agentName ?? null });
        } else if (frame.type === "message" && frame.conversationId && frame.message) {
            const current = this.byId.get(frame.conversationId);
            if (current && frame.message.seq > (current.lastSeq ?? 0)) {
                const lastMessage = { author: frame.message.author, text: frame.message.body.slice(0, 140) };
                this.byId.set(current.id, { ...current, lastSeq: frame.message.seq, lastMessageAt: frame.message.createdAt, lastMessage });
            }
            for (const listener of this.messageListeners) listener(frame.conversationId, frame.message, frame);
            this.#changed();
        } else if (frame.type === "typing" || frame.type === "draft" || frame.type === "note") {
            for (const listener of this.messageListeners) listener(frame.conversationId, null, frame);
        }
    }

    /** Unread: messages after the last one this agent looked at. */
    isUnread(conversation) {
        return (conversation.lastSeq ?? 0) > (this.seen[conversation.id] ?? 0);
    }

    markSeen(id, seq) {
        if ((this.seen[id] ?? 0) >= seq) return;
        this.seen[id] = seq;
        writeSeen(this.seenKey, this.seen);
        this.#changed();
    }

    #put(conversation, { alert }) {
        const previous = this.byId.get(conversation.id);
        const lazy = (mode) => GROUPS.some((g) => g.lazy && g.key === mode);
        // A chat moved into or out of closed/archived: the totals change; the server has the truth.
        if (previous && previous.mode !== conversation.mode && (lazy(previous.mode) || lazy(conversation.mode))) this.refreshTotalsSoon();
        this.byId.set(conversation.id, previous ? { ...previous, ...conversation } : conversation);
        if (alert && conversation.mode === "needs" && previous?.mode !== "needs") this.onNeedsHuman(conversation);
    }

    // On the very first load nothing is "unread" unless it waits for a human.
    #seedSeen(conversations) {
        if (Object.keys(this.seen).length > 0) return;
        for (const c of conversations) if (c.mode !== "needs") this.seen[c.id] = c.lastSeq ?? 0;
        writeSeen(this.seenKey, this.seen);
    }
}

function debounce(fn, ms) {
    let timer = null;
    return () => {
        clearTimeout(timer);
        timer = setTimeout(fn, ms);
    };
}

function activity(c) {
    return c.lastMessageAt || c.updatedAt || c.startedAt;
}

function readSeen(key) {
    try {
        const value = JSON.parse(localStorage.getItem(key) ?? "{}");
        return value && typeof value === "object" ? value : {};
    } catch {
        return {};
    }
}

function writeSeen(key, seen) {
    try {
        // Keep the newest 2,000 so the entry never grows without bound.
        const entries = Object.entries(seen);
        const kept = entries.length > 2000 ? Object.fromEntries(entries.slice(-2000)) : seen;
        localStorage.setItem(key, JSON.stringify(kept));
    } catch {
        // Private mode or a full quota: unread dots just reset on reload.
    }
}
