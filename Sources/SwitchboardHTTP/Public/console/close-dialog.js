// "Before you close this chat": the agent confirms the chat was reviewed and says whether the
// knowledge base needs updating. The server refuses a close without the review (422).

import { api, ApiError, seg } from "./api.js";
import { h, toggle } from "./dom.js";

export class CloseDialog {
    constructor({ store }) {
        this.store = store;
        this.conversation = null;
        this.opener = null;
        const reviewed = toggle({ label: "Chat reviewed", hint: "I've read the transcript and it was handled correctly.", testid: "close-reviewed", onchange: () => this.#update() });
        const kb = toggle({ label: "Knowledge base needs updating", hint: "The AI's answer was off — flag for KB review.", testid: "close-kb", onchange: () => {} });
        this.reviewed = reviewed.input;
        this.kb = kb.input;
        this.error = h("p", { class: "form-error", role: "alert" });
        this.confirm = h("button", { type: "submit", class: "primary", "data-testid": "close-confirm", disabled: true }, "Close chat");
        this.node = h("dialog", { class: "dialog", "aria-labelledby": "close-title", "aria-describedby": "close-description", "data-testid": "close-dialog" },
            h("form", { method: "dialog", onsubmit: (e) => { e.preventDefault(); this.#submit(); } },
                h("h2", { id: "close-title" }, "Before you close this chat"),
                h("p", { id: "close-description", class: "hint" }, "Quick check — this keeps the queue accurate and the team informed."),
                reviewed.row, kb.row, this.error,
                h("div", { class: "dialog-buttons" },
                    h("button", { type: "button", "data-testid": "close-cancel", onclick: () => this.node.close() }, "Cancel"),
                    this.confirm)));
        this.node.addEventListener("close", () => this.opener?.focus?.());
    }

    open(conversation, opener) {
        this.conversation = conversation;
        this.opener = opener;
        this.reviewed.checked = false;
        this.kb.checked = false;
        this.error.textContent = "";
        this.#update();
        this.node.showModal();
        this.reviewed.focus();
    }

    #update() {
        this.confirm.disabled = !this.reviewed.checked;
    }

    async #submit() {
        if (!this.reviewed.checked) {
            this.error.textContent = "Tick “Chat reviewed” first.";
            return;
        }
        this.confirm.disabled = true;
        try {
            const result = await api.post(`/conversations/${seg(this.conversation.id)}/close`,
                { chatReviewed: true, kbNeedsUpdate: this.kb.checked }, { quiet: true });
            if (result?.conversation) this.store.upsert(result.conversation);
            this.node.close();
        } catch (error) {
            this.error.textContent = error instanceof ApiError ? error.message : "The chat could not be closed. Try again.";
        } finally {
            this.#update();
        }
    }
}
