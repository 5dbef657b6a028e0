// Labels on the open conversation, in the details column: chips with a remove button and a box
// that suggests the organisation's labels. Every change saves at once (the server keeps the
// canonical form: "Bug report" becomes "bug-report").

import { api, ApiError, seg } from "./api.js";
import { h, replace, uid } from "./dom.js";

export class LabelEditor {
    constructor() {
        this.conversationId = null;
        this.labels = [];
        const id = uid("label");
        const listId = uid("labels");
        this.suggestions = h("datalist", { id: listId });
        this.input = h("input", { id, list: listId, maxlength: "40", autocomplete: "off", "data-testid": "label-input", placeholder: "Add a label" });
        this.chips = h("ul", { class: "label-chips", "data-testid": "labels" });
        this.error = h("p", { class: "form-error", role: "alert", "data-testid": "label-error" });
        this.node = h("section", { class: "card", "aria-labelledby": "labels-heading", hidden: true },
            h("div", { class: "card-title" }, h("h2", { id: "labels-heading" }, "Labels")),
            this.chips,
            h("form", { class: "label-form", onsubmit: (e) => { e.preventDefault(); this.#add(); } },
                h("label", { for: id, class: "visually-hidden" }, "Add a label"), this.input, this.suggestions,
                h("button", { type: "submit", class: "small", "data-testid": "label-add" }, "Add")),
            this.error);
    }

    /** The open conversation (null hides the card). */
    show(conversation) {
        this.node.hidden = !conversation;
        if (!conversation) return;
        if (conversation.id !== this.conversationId) {
            this.input.value = "";
            this.error.textContent = "";
            this.#suggest();
        }
        this.conversationId = conversation.id;
        this.labels = conversation.labels ?? [];
        this.#render();
    }

    #render() {
        replace(this.chips, this.labels.map((label) => h("li", { class: "label-chip", "data-testid": "label" },
            h("span", {}, label),
            h("button", { type: "button", class: "chip-remove", "aria-label": `Remove label ${label}`, onclick: () => this.#save(this.labels.filter((l) => l !== label)) }, "\u00d7"))));
    }

    async #suggest() {
        try {
            const data = await api.get("/labels", { quiet: true });
            replace(this.suggestions, (data.labels ?? []).map((l) => h("option", { value: l.label })));
        } catch {
            // Suggestions are a convenience; typing still works.
        }
    }

    #add() {
        const typed = this.input.value.trim();
        if (!typed) return;
        this.#save([...this.labels, typed]).then((saved) => { if (saved) this.input.value = ""; });
    }

    async #save(labels) {
        const id = this.conversationId;
        this.error.textContent = "";
        try {
            const result = await api.put(`/conversations/${seg(id)}/labels`, { labels }, { quiet: true });
            if (id !== this.conversationId) return false;
            this.labels = result.labels ?? [];
            this.#render();
            this.#suggest();
            return true;
        } catch (error) {
            this.error.textContent = error instanceof ApiError ? error.message : "The labels could not be saved. Try again.";
            return false;
        }
    }
}
