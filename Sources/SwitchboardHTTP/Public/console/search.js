// Search over every conversation (not only those loaded): what the customer wrote, a name, an
// email, a phone number or the start of an id, within the group the list shows. While a search
// runs its results replace the list; clearing the box brings the list back.

import { api } from "./api.js";
import { debounce, h, replace, uid } from "./dom.js";
import { customerLabel, MODE_LABELS, shortTime } from "./format.js";

// The server-side filter each list group stands for.
const GROUP_FILTERS = {
    active: "mode=ai,needs,live", needs: "mode=needs", live: "mode=live", mine: "mode=live&mine=true",
    review: "mode=review", followup: "mode=followup", closed: "mode=closed", archived: "mode=archived",
};

export class ConversationSearchBox {
    /**
     * @param {object} options
     * @param {import("./list.js").ConversationList} options.list  the list the results stand in for
     * @param {(id: string) => void} options.onSelect
     */
    constructor({ list, onSelect }) {
        this.list = list;
        this.onSelect = onSelect;
        this.token = 0;
        const id = uid("search");
        this.input = h("input", {
            id, type: "search", maxlength: "200", autocomplete: "off", "data-testid": "search-box",
            placeholder: "Search chats", title: "Words the customer wrote, a name, email, phone number or id", oninput: debounce(() => this.#run(), 300),
        });
        const labelId = uid("label-filter");
        this.label = h("select", { id: labelId, "data-testid": "label-filter", onchange: () => this.#run(), onfocus: () => this.#loadLabels() },
            h("option", { value: "" }, "All labels"));
        this.status = h("p", { class: "hint search-status", role: "status", "data-testid": "search-status" });
        this.results = h("ul", { class: "conversation-rows search-results", "data-testid": "search-results", hidden: true });
        this.node = h("div", { class: "conversation-search" },
            h("form", { role: "search", onsubmit: (e) => { e.preventDefault(); this.#run(); } },
                h("label", { for: id, class: "visually-hidden" }, "Search conversations"), this.input,
                h("label", { for: labelId, class: "visually-hidden" }, "Only conversations with the label"), this.label),
            this.status, this.results);
    }

    // The organisation's labels, most used first, kept while the choice stays.
    async #loadLabels() {
        try {
            const data = await api.get("/labels", { quiet: true });
            const chosen = this.label.value;
            replace(this.label, h("option", { value: "" }, "All labels"),
                (data.labels ?? []).map((l) => h("option", { value: l.label }, `${l.label} (${l.conversations})`)));
            this.label.value = chosen;
        } catch {
            // The filter keeps what it had.
        }
    }

    async #run() {
        const text = this.input.value.trim();
        const label = this.label.value;
        const token = ++this.token;
        if (!text && !label) {
            this.results.hidden = true;
            this.list.panel.hidden = false;
            this.status.textContent = "";
            return;
        }
        this.status.textContent = "Searching…";
        let data;
        try {
            const filter = GROUP_FILTERS[this.list.group] ?? "";
            const search = text ? `&q=${encodeURIComponent(text)}` : "";
            const only = label ? `&label=${encodeURIComponent(label)}` : "";
            data = await api.get(`/conversations?${filter}&limit=50${search}${only}`, { quiet: true });
        } catch (error) {
            if (token === this.token) this.status.textContent = error.message ?? "The search failed. Try again.";
            return;
        }
        if (token !== this.token) return;
        const found = data.conversations ?? [];
        this.list.panel.hidden = true;
        this.results.hidden = false;
        this.status.textContent = found.length === 0 ? "No conversations match." : `${found.length === 50 ? "50+" : found.length} found`;
        replace(this.results, found.map((c) => h("li", { "data-testid": "search-result" },
            h("button", { type: "button", class: "conversation-row", onclick: () => this.onSelect(c.id) },
                h("span", { class: "row-main" },
                    h("span", { class: "row-name" }, customerLabel(c)),
                    h("span", { class: "row-meta" }, `${MODE_LABELS[c.mode] ?? c.mode} \u00b7 ${shortTime(c.lastMessageAt ?? c.updatedAt)}`))))));
    }
}
