// The customer's other chats (same email or phone), in the details column: who this is to us.

import { api, seg } from "./api.js";
import { h, replace } from "./dom.js";
import { fullTime, MODE_LABELS } from "./format.js";

export class ContactHistory {
    constructor({ openConversation }) {
        this.openConversation = openConversation;
        this.token = 0;
        this.list = h("ul", { class: "history-list", "data-testid": "contact-history" });
        this.node = h("section", { class: "card", "aria-labelledby": "history-heading", hidden: true },
            h("div", { class: "card-title" }, h("h2", { id: "history-heading" }, "Past conversations")), this.list);
    }

    /** The chats of the open conversation's customer; null (no chat open) hides the card. */
    async show(conversationId) {
        const token = ++this.token;
        this.node.hidden = true;
        if (!conversationId) return;
        let data;
        try {
            data = await api.get(`/conversations/${seg(conversationId)}/history`, { quiet: true });
        } catch {
            return;
        }
        if (token !== this.token) return;
        const past = data.conversations ?? [];
        this.node.hidden = false;
        replace(this.list, past.length === 0
            ? h("li", { class: "hint" }, "No other chats with this email or phone.")
            : past.map((c) => h("li", { "data-testid": "history-item" },
                h("button", { type: "button", class: "link-button", onclick: () => this.openConversation(c.id) }, fullTime(c.startedAt)),
                ` \u00b7 ${MODE_LABELS[c.mode] ?? c.mode}`)));
    }
}
