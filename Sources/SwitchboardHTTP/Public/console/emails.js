// The "Emails" card of a conversation: each email to its customer (an agent's reply sent because
// the customer had left, or a transcript) with its state — queued, retrying with the server's
// reason, sent, failed — and the "Email transcript" button. Refreshed while any is still queued.

import { api, seg } from "./api.js";
import { debounce, h, replace } from "./dom.js";
import { fullTime } from "./format.js";

const KINDS = { agent_reply: "Reply", transcript: "Transcript" };
const POLL_MS = 3000;

export class ConversationEmails {
    constructor() {
        this.conversationId = null;
        this.timer = null;
        /** A refresh after a burst of changes (messages, a form) settles. */
        this.refreshSoon = debounce(() => this.refresh(), 500);
        this.list = h("div", { "data-testid": "conversation-emails" });
        this.status = h("p", { class: "hint", role: "status", "data-testid": "email-transcript-status" });
        this.button = h("button", { type: "button", "data-testid": "email-transcript", onclick: () => this.#sendTranscript() }, "Email transcript");
        this.node = h("section", { class: "card", "aria-labelledby": "emails-heading" },
            h("div", { class: "card-title" }, h("h2", { id: "emails-heading" }, "Emails")),
            this.list,
            h("div", { class: "form-buttons" }, this.button),
            this.status);
    }

    /** Shows the emails of conversation `id` (null: none open). */
    show(id) {
        if (id !== this.conversationId) {
            this.conversationId = id;
            this.status.textContent = "";
            replace(this.list);
        }
        this.refresh();
    }

    async refresh() {
        clearTimeout(this.timer);
        const id = this.conversationId;
        if (!id) return;
        let emails;
        try {
            ({ emails } = await api.get(`/conversations/${seg(id)}/emails`, { quiet: true }));
        } catch {
            return;
        }
        if (id !== this.conversationId) return;
        replace(this.list, emails.length === 0
            ? h("p", { class: "hint" }, "No emails to this customer yet.")
            : h("ul", { class: "email-list" }, emails.map(row)));
        if (emails.some((e) => e.status === "pending")) this.timer = setTimeout(() => this.refresh(), POLL_MS);
    }

    async #sendTranscript() {
        const id = this.conversationId;
        this.button.disabled = true;
        this.status.textContent = "Queuing…";
        try {
            const { email } = await api.post(`/conversations/${seg(id)}/emails/transcript`, {}, { quiet: true });
            this.status.textContent = `Transcript queued for ${email.recipient}.`;
            await this.refresh();
        } catch (problem) {
            this.status.textContent = problem.message;
        } finally {
            this.button.disabled = false;
        }
    }
}

function row(email) {
    const attempts = `${email.attempts} ${email.attempts === 1 ? "attempt" : "attempts"}`;
    let state;
    if (email.status === "sent") state = `Sent ${fullTime(email.sentAt)}`;
    else if (email.status === "failed") state = `Failed after ${attempts}`;
    else if (email.lastError) state = `Retrying (${attempts}), next ${fullTime(email.nextAttemptAt)}`;
    else state = "Queued";
    return h("li", { class: `email email-${email.status}`, "data-testid": "conversation-email", "data-status": email.status },
        h("div", {}, h("strong", {}, KINDS[email.kind] ?? email.kind), ` to ${email.recipient}`),
        h("div", { class: "email-state", "data-testid": "conversation-email-state" }, state),
        email.lastError && email.status !== "sent"
            ? h("div", { class: "hint email-error", "data-testid": "conversation-email-error" }, email.lastError) : null);
}
