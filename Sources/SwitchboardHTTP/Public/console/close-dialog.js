// "Before you close this chat": the agent confirms the chat was reviewed and says whether the
// knowledge base needs updating. The server refuses a close without the review (422).
// The KB box starts from the stored flag, and the close sends it only when the agent changed it:
// a close never clears a flag (and its note) that the checklist did not show.

import { api, ApiError, seg } from "./api.js";
import { h, toggle } from "./dom.js";

export class CloseDialog {
    /**
     * @param {object} options
     * @param {import("./store.js").ConversationStore} options.store
     * @param {import("./details.js").DetailsPanel} options.details  the open chat's flags as the agent sees them
     */
    constructor({ store, details }) {
        this.store = store;
        this.details = details;
        this.conversation = null;
        this.opener = null;
        this.shownKb = null; // the KB flag as the checklist first showed it; null until known
        this.loadToken = 0;
        const reviewed = toggle({ label: "Chat reviewed", hint: "I've read the transcript and it was handled correctly.", testid: "close-reviewed", onchange: () => this.#update() });
        const kb = toggle({ label: "Knowledge base needs updating", hint: "The AI's answer was off — flag for KB review.", testid: "close-kb", onchange: () => {} });
        this.reviewed = reviewed.input;
        this.kb = kb.input;
        this.kbStatus = h("p", { class: "hint", "data-testid": "close-kb-status", "aria-live": "polite" });
        this.error = h("p", { class: "form-error", role: "alert" });
        this.confirm = h("button", { type: "submit", class: "primary", "data-testid": "close-confirm", disabled: true }, "Close chat");
        this.node = h("dialog", { class: "dialog", "aria-labelledby": "close-title", "aria-describedby": "close-description", "data-testid": "close-dialog" },
            h("form", { method: "dialog", onsubmit: (e) => { e.preventDefault(); this.#submit(); } },
                h("h2", { id: "close-title" }, "Before you close this chat"),
                h("p", { id: "close-description", class: "hint" }, "Quick check — this keeps the queue accurate and the team informed."),
                reviewed.row, kb.row, this.kbStatus, this.error,
                h("div", { class: "dialog-buttons" },
                    h("button", { type: "button", "data-testid": "close-cancel", onclick: () => this.node.close() }, "Cancel"),
                    this.confirm)));
        this.node.addEventListener("close", () => this.opener?.focus?.());
    }

    open(conversation, opener) {
        this.conversation = conversation;
        this.opener = opener;
        this.reviewed.checked = false;
        this.error.textContent = "";
        this.kbStatus.textContent = "";
        const shown = this.details?.shownKnowledgeBaseFlag(conversation.id) ?? null;
        this.#showKb(shown);
        if (shown === null) this.#loadKb(conversation);
        this.#update();
        this.node.showModal();
        this.reviewed.focus();
    }

    // `flag` null: not known (yet); the box stays disabled and the close leaves the flag alone.
    #showKb(flag) {
        this.shownKb = flag;
        this.kb.checked = flag === true;
        this.kb.disabled = flag === null;
    }

    // The stored flags, without the messages the transcript already has.
    async #loadKb(conversation) {
        const token = ++this.loadToken;
        this.kbStatus.textContent = "Loading the knowledge-base flag…";
        try {
            const data = await api.get(`/conversations/${seg(conversation.id)}?after=${encodeURIComponent(conversation.lastSeq ?? 0)}`, { quiet: true });
            if (token !== this.loadToken) return;
            this.#showKb(Boolean(data?.review?.kbUpdateNeeded));
            this.kbStatus.textContent = "";
        } catch {
            if (token !== this.loadToken) return;
            this.kbStatus.textContent = "The knowledge-base flag could not be loaded; closing leaves it as it is.";
        }
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
        const id = this.conversation.id;
        const body = { chatReviewed: true };
        if (this.shownKb !== null && this.kb.checked !== this.shownKb) body.kbNeedsUpdate = this.kb.checked;
        try {
            const result = await api.post(`/conversations/${seg(id)}/close`, body, { quiet: true });
            this.loadToken += 1;
            if (result?.conversation) this.store.upsert(result.conversation);
            if (result?.review) this.details?.showReview(id, result.review);
            this.node.close();
        } catch (error) {
            this.error.textContent = error instanceof ApiError ? error.message : "The chat could not be closed. Try again.";
        } finally {
            this.#update();
        }
    }
}
