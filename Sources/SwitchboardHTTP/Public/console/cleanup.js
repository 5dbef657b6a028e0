// Admin: Clean Up Test Data. Pick a date, see how many closed and archived chats it would remove,
// type "delete N" to confirm. Permanent — no undo.

import { api } from "./api.js";
import { h, uid } from "./dom.js";

export class CleanupView {
    constructor() {
        const dateId = uid("cleanup-date");
        const confirmId = uid("cleanup-confirm");
        this.date = h("input", { id: dateId, type: "date", required: true, "data-testid": "cleanup-date" });
        this.previewButton = h("button", { type: "submit", "data-testid": "cleanup-preview" }, "Preview");
        this.previewText = h("p", { class: "preview", "aria-live": "polite", "data-testid": "cleanup-count" });
        this.confirmation = h("input", { id: confirmId, autocomplete: "off", spellcheck: "false", "data-testid": "cleanup-confirmation", oninput: () => this.#update() });
        this.deleteButton = h("button", { type: "submit", class: "danger", disabled: true, "data-testid": "cleanup-confirm" }, "Delete permanently");
        this.confirmLabel = h("label", { for: confirmId });
        this.confirmForm = h("form", { class: "form", hidden: true, onsubmit: (e) => { e.preventDefault(); this.#delete(); } },
            h("div", { class: "field" }, this.confirmLabel, this.confirmation), this.deleteButton);
        this.result = h("p", { role: "status", "data-testid": "cleanup-result" });
        this.node = h("section", { class: "card cleanup", "aria-labelledby": "cleanup-heading" },
            h("h2", { id: "cleanup-heading" }, "Admin: Clean Up Test Data ", h("span", { class: "badge danger" }, "Permanent — no undo")),
            h("p", { class: "hint" }, "Remove old closed & archived sessions — use before go-live to clear test chats"),
            h("form", { class: "form inline", onsubmit: (e) => { e.preventDefault(); this.#preview(); } },
                h("div", { class: "field" }, h("label", { for: dateId }, "Closed before"), this.date), this.previewButton),
            this.previewText, this.confirmForm, this.result);
        this.count = null;
    }

    #expected() {
        return `delete ${this.count}`;
    }

    #update() {
        this.deleteButton.disabled = !(this.count > 0 && this.confirmation.value.trim() === this.#expected());
    }

    async #preview() {
        this.result.textContent = "";
        if (!this.date.value) return;
        this.previewButton.disabled = true;
        try {
            const data = await api.get(`/cleanup/preview?before=${encodeURIComponent(this.date.value)}`);
            this.count = data.count;
            this.previewText.textContent = data.count === 1
                ? `1 closed or archived conversation was closed before ${data.before}.`
                : `${data.count} closed or archived conversations were closed before ${data.before}.`;
            this.confirmForm.hidden = data.count === 0;
            this.confirmLabel.textContent = `Type “${this.#expected()}” to remove them for good`;
            this.confirmation.value = "";
            this.#update();
        } catch {
            this.count = null;
            this.confirmForm.hidden = true;
        } finally {
            this.previewButton.disabled = false;
        }
    }

    async #delete() {
        this.#update();
        if (this.deleteButton.disabled) return;
        this.deleteButton.disabled = true;
        try {
            const { removed } = await api.post("/cleanup", { before: this.date.value, confirmation: this.confirmation.value.trim() });
            this.result.textContent = `Removed ${removed} conversation${removed === 1 ? "" : "s"}.`;
            this.confirmForm.hidden = true;
            this.previewText.textContent = "";
            this.count = null;
        } catch {
            // The count may have changed; preview again before retrying.
            this.#update();
        }
    }
}
