// The conversation list: group tabs with counts, rows with an unread dot and how long a customer
// has waited for a human. Re-renders from the store, and every 30 s for the waiting times.

import { h, replace } from "./dom.js";
import { GROUPS } from "./store.js";
import { customerLabel, elapsed, MODE_LABELS, shortTime } from "./format.js";

export class ConversationList {
    /**
     * @param {import("./store.js").ConversationStore} store
     * @param {(id: string) => void} onSelect
     */
    constructor(store, onSelect) {
        this.store = store;
        this.onSelect = onSelect;
        this.group = "active";
        this.selectedId = null;
        this.tabs = h("div", { class: "group-tabs", role: "tablist", "aria-label": "Conversation groups", onkeydown: (e) => this.#tabKeys(e) });
        this.rows = h("ul", { class: "conversation-rows", id: "conversation-rows", role: "list", "aria-live": "off" });
        this.empty = h("p", { class: "empty", hidden: true }, "No conversations here.");
        this.panel = h("div", { class: "group-panel", role: "tabpanel", id: "group-panel", tabindex: "-1" }, this.rows, this.empty);
        this.node = h("section", { class: "conversation-list", "aria-labelledby": "conversations-heading" },
            h("h2", { id: "conversations-heading", class: "pane-title" }, "Conversations"),
            this.tabs, this.panel);
        store.subscribe(() => this.render());
        setInterval(() => this.render(), 30000);
    }

    select(id) {
        this.selectedId = id;
        this.render();
    }

    async showGroup(key) {
        this.group = key;
        const group = GROUPS.find((g) => g.key === key);
        this.render();
        if (group?.lazy) await this.store.loadMode(key).catch(() => {});
    }

    render() {
        const current = document.activeElement;
        const focusedTab = this.tabs.contains(current) ? current.dataset.group : null;
        replace(this.tabs, GROUPS.map((group) => {
            const selected = group.key === this.group;
            const count = this.store.total(group.key);
            const shown = count === null ? "…" : String(count);
            return h("button", {
                type: "button", role: "tab", id: `group-tab-${group.key}`, class: "group-tab",
                "aria-selected": String(selected), "aria-controls": "group-panel", tabindex: selected ? "0" : "-1",
                "data-testid": `group-${group.key}`, dataset: { group: group.key },
                onclick: () => this.showGroup(group.key),
            }, h("span", {}, group.label), h("span", { class: `count${group.key === "needs" && count > 0 ? " urgent" : ""}`, "data-testid": `group-count-${group.key}` }, shown));
        }));
        if (focusedTab) this.tabs.querySelector(`[data-group="${focusedTab}"]`)?.focus();
        this.panel.setAttribute("aria-labelledby", `group-tab-${this.group}`);

        const conversations = this.store.list(this.group);
        const focusedRow = this.rows.contains(current) ? current.dataset.conversationId : null;
        replace(this.rows, conversations.map((c) => this.#row(c)));
        this.empty.hidden = conversations.length > 0;
        if (focusedRow) this.rows.querySelector(`[data-conversation-id="${focusedRow}"]`)?.focus();
    }

    #row(c) {
        const unread = this.store.isUnread(c) && c.id !== this.selectedId;
        const waiting = c.mode === "needs" ? elapsed(c.updatedAt) : null;
        const longWait = c.mode === "needs" && Date.now() - Date.parse(c.updatedAt) > 5 * 60000;
        const label = customerLabel(c);
        return h("li", {},
            h("button", {
                type: "button", class: `conversation-row${c.id === this.selectedId ? " selected" : ""}`,
                "data-testid": "conversation-row", dataset: { conversationId: c.id, mode: c.mode },
                "aria-current": c.id === this.selectedId ? "true" : null,
                onclick: () => this.onSelect(c.id),
            },
            h("span", { class: `unread-dot${unread ? " on" : ""}`, "data-testid": unread ? "unread-dot" : null, "aria-hidden": "true" }),
            h("span", { class: "row-main" },
                h("span", { class: "row-name" }, label),
                h("span", { class: "row-meta" },
                    h("span", { class: `mode-badge mode-${c.mode}` }, MODE_LABELS[c.mode] ?? c.mode),
                    c.ownerName ? h("span", {}, c.ownerName) : null,
                    c.status === "after-hours" ? h("span", {}, "after hours") : null),
                c.lastMessage ? h("span", { class: "row-preview", "data-testid": "row-preview" }, preview(c)) : null),
            h("span", { class: "row-side" },
                waiting ? h("span", { class: `waiting${longWait ? " long" : ""}`, "data-testid": "waiting-time", title: "Waiting for a human" }, `waiting ${waiting}`)
                    : h("time", { datetime: c.lastMessageAt || c.updatedAt }, shortTime(c.lastMessageAt || c.updatedAt)),
                unread ? h("span", { class: "visually-hidden" }, "unread") : null)));
    }

    // Left/Right/Home/End move between tabs, as the ARIA tabs pattern expects.
    #tabKeys(event) {
        const keys = GROUPS.map((g) => g.key);
        const from = event.target.closest?.("[data-group]")?.dataset.group ?? this.group;
        let index = keys.indexOf(from);
        if (event.key === "ArrowRight") index = (index + 1) % keys.length;
        else if (event.key === "ArrowLeft") index = (index - 1 + keys.length) % keys.length;
        else if (event.key === "Home") index = 0;
        else if (event.key === "End") index = keys.length - 1;
        else return;
        event.preventDefault();
        const key = keys[index];
        this.showGroup(key).then(() => this.tabs.querySelector(`[data-group="${key}"]`)?.focus());
        this.tabs.querySelector(`[data-group="${key}"]`)?.focus();
    }
}

const PREVIEW_AUTHORS = { customer: "", ai: "AI: ", system: "" };

/** The latest message as one line: who (unless the customer) and the start of what they wrote. */
function preview(c) {
    const who = c.lastMessage.author === "agent" ? `${c.ownerName ?? "Agent"}: ` : PREVIEW_AUTHORS[c.lastMessage.author] ?? "";
    return `${who}${c.lastMessage.text.replace(/\s+/g, " ")}`;
}
