// The review queues: Needs correction (check off once the knowledge base is fixed), the knowledge
// base review queue (mark updated) and the follow-up workload by agent.

import { api, seg } from "./api.js";
import { h, replace } from "./dom.js";
import { customerLabel, fullTime } from "./format.js";

export class QueuesView {
    constructor({ openConversation }) {
        this.openConversation = openConversation;
        this.corrections = h("div", { "data-testid": "queue-corrections" });
        this.kb = h("div", { "data-testid": "queue-kb" });
        this.followups = h("div", { "data-testid": "queue-followups" });
        this.node = h("div", { class: "page queues" },
            h("section", { class: "card", "aria-labelledby": "corrections-heading" },
                h("h2", { id: "corrections-heading" }, "Needs correction"),
                h("p", { class: "hint" }, "Chats a reviewer flagged as a wrong AI answer — fix the knowledge base, then check them off"),
                this.corrections),
            h("section", { class: "card", "aria-labelledby": "kb-heading" },
                h("h2", { id: "kb-heading" }, "Knowledge base review"),
                h("p", { class: "hint" }, "Chats flagged because the knowledge base needs updating — update the article, then mark it updated"),
                this.kb),
            h("section", { class: "card", "aria-labelledby": "followups-heading" },
                h("h2", { id: "followups-heading" }, "Follow-up"),
                h("p", { class: "hint" }, "Open follow-ups and who has them"),
                this.followups));
    }

    async show() {
        await Promise.all([this.#loadCorrections(), this.#loadKB(), this.#loadFollowups()]);
    }

    // A queue's answer, with "Loading…" in its section meanwhile; null (and why, shown) when it failed.
    async #fetch(section, path) {
        replace(section, h("p", { class: "hint" }, "Loading…"));
        try {
            return await api.get(path, { quiet: true });
        } catch (error) {
            replace(section, unavailable(error));
            return null;
        }
    }

    #open(id, label) {
        return h("button", { type: "button", class: "link-button", onclick: () => this.openConversation(id) }, label);
    }

    async #loadCorrections() {
        const data = await this.#fetch(this.corrections, "/queues/corrections");
        if (!data) return;
        const { items } = data;
        replace(this.corrections, items.length === 0 ? h("p", { class: "empty" }, "Nothing needs correcting.") :
            h("ul", { class: "queue-list" }, items.map((item) => {
                const box = h("input", { type: "checkbox", id: `correction-${item.conversationId}`, "data-testid": "correction-reviewed" });
                box.addEventListener("change", async () => {
                    box.disabled = true;
                    try {
                        await api.post(`/queues/corrections/${seg(item.conversationId)}/reviewed`, {});
                        row.classList.add("done");
                        setTimeout(() => this.#loadCorrections(), 800);
                    } catch {
                        box.checked = false;
                        box.disabled = false;
                    }
                });
                const row = h("li", { class: "queue-item", "data-testid": "correction-item", "data-conversation-id": item.conversationId },
                    box,
                    h("div", {},
                        h("label", { for: box.id }, item.correctionNote || "No correction note"),
                        h("p", { class: "hint" },
                            this.#open(item.conversationId, customerLabel({ id: item.conversationId, customerName: item.customerName })),
                            ` · flagged by ${item.flaggedBy ?? "someone"}, ${fullTime(item.flaggedAt)}`)));
                return row;
            })));
    }

    async #loadKB() {
        const data = await this.#fetch(this.kb, "/queues/kb-review");
        if (!data) return;
        const { items } = data;
        replace(this.kb, items.length === 0 ? h("p", { class: "empty" }, "The knowledge base is up to date.") :
            h("ul", { class: "queue-list" }, items.map((item) => {
                const button = h("button", { type: "button", "data-testid": "kb-mark-updated" }, "Mark updated");
                button.addEventListener("click", async () => {
                    button.disabled = true;
                    try {
                        await api.post(`/queues/kb-review/${seg(item.conversationId)}/updated`, {});
                        this.#loadKB();
                    } catch {
                        button.disabled = false;
                    }
                });
                return h("li", { class: "queue-item", "data-testid": "kb-item", "data-conversation-id": item.conversationId },
                    h("div", {},
                        h("p", {}, item.note || "No note"),
                        h("p", { class: "hint" }, this.#open(item.conversationId, customerLabel({ id: item.conversationId, customerName: item.customerName })),
                            ` · flagged by ${item.flaggedBy ?? "someone"}, ${fullTime(item.flaggedAt)}`)),
                    button);
            })));
    }

    async #loadFollowups() {
        const data = await this.#fetch(this.followups, "/queues/followups");
        if (!data) return;
        const workload = data.byAgent?.length
            ? h("table", { class: "table", "data-testid": "followup-workload" },
                h("caption", { class: "visually-hidden" }, "Open follow-ups by agent"),
                h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Agent"), h("th", { scope: "col", class: "num" }, "Open"))),
                h("tbody", {}, data.byAgent.map((row) => h("tr", {}, h("td", {}, row.agentName ?? "Unassigned"), h("td", { class: "num" }, String(row.open))))))
            : null;
        replace(this.followups, workload,
            data.items.length === 0 ? h("p", { class: "empty" }, "No open follow-ups.") :
                h("ul", { class: "queue-list" }, data.items.map((item) => h("li", { class: "queue-item", "data-testid": "followup-item" },
                    h("div", {},
                        h("p", {}, item.note || "No note"),
                        h("p", { class: "hint" }, this.#open(item.conversationId, customerLabel({ id: item.conversationId, customerName: item.customerName })),
                            ` · flagged by ${item.flaggedBy ?? "someone"}, ${fullTime(item.flaggedAt)}`))))));
    }
}

/** What a section shows when its endpoint failed. */
export function unavailable(error) {
    return h("p", { class: "form-error" }, error?.status === 404
        ? "Not available on this server yet."
        : error?.message || "Could not load this. Try again.");
}
