// One conversation: its transcript (Customer / AI / Agent[Name] / system lines, with the articles
// each AI answer used), and the agent's actions: take over, reply, hand back, transfer, close.

import { api, ApiError, seg, showError } from "./api.js";
import { h, replace, uid } from "./dom.js";
import { customerLabel, fullTime, MODE_LABELS, OPEN_MODES, sameId } from "./format.js";
import { messageLine, ratingLine } from "./lines.js";
import { NoteForm, placeNote } from "./notes.js";

export class TranscriptView {
    /**
     * @param {object} options
     * @param {import("./store.js").ConversationStore} options.store
     * @param {object} options.me         `GET /console/api/me`'s agent
     * @param {() => Promise<object[]>} options.agents  the organisation's agents with `online`
     * @param {(conversation, opener) => void} options.onClose  opens "Before you close this chat"
     * @param {(data: object|null) => void} options.onLoaded  the transcript response, for the details panel
     * @param {(id: string) => void} options.sendTyping
     * @param {() => void} options.onBack  back to the list (narrow screens)
     */
    constructor({ store, me, agents, onClose, onLoaded, sendTyping, onBack }) {
        this.store = store;
        this.me = me;
        this.agents = agents;
        this.onClose = onClose;
        this.onLoaded = onLoaded;
        this.onBack = onBack;
        this.id = null;
        this.lastSeq = 0;
        this.messages = [];
        this.busy = false;
        this.typingTimer = null;
        this.loadToken = 0;

        this.header = h("header", { class: "transcript-header" });
        this.log = h("ol", { class: "messages", role: "log", "aria-live": "polite", "aria-label": "Transcript", "data-testid": "transcript" });
        this.typing = h("p", { class: "typing", "aria-live": "polite", "data-testid": "typing" });
        this.actions = h("div", { class: "transcript-actions", role: "group", "aria-label": "Conversation actions" });
        this.hint = h("p", { class: "hint action-hint" });
        const replyId = uid("reply");
        this.reply = h("textarea", {
            id: replyId, rows: "3", maxlength: "4000", placeholder: "Write a reply…", "data-testid": "reply-box",
            onkeydown: (e) => this.#replyKeys(e), oninput: () => this.#typed(),
        });
        this.send = h("button", { type: "submit", class: "primary", "data-testid": "send" }, "Send");
        this.fileInput = h("input", { type: "file", class: "visually-hidden", accept: "image/png,image/jpeg,image/gif,image/webp,application/pdf",
            "data-testid": "attach-input", onchange: () => this.#sendFile() });
        this.attach = h("button", { type: "button", "data-testid": "attach", onclick: () => this.fileInput.click() }, "Attach file");
        this.replyState = h("p", { class: "hint reply-state", role: "status", "data-testid": "reply-state" });
        this.composer = h("form", { class: "composer", onsubmit: (e) => { e.preventDefault(); this.#sendReply(); } },
            h("label", { for: replyId, class: "visually-hidden" }, "Reply to the customer"),
            this.reply, this.send, this.attach, this.fileInput, this.replyState);
        this.notes = new NoteForm({ onAdded: (note) => this.#showNote(note) });
        this.sendTypingSoon = throttle(() => this.id && sendTyping(this.id), 2500);

        this.empty = h("div", { class: "transcript-empty", "data-testid": "transcript-empty" },
            h("h2", {}, "Select a conversation"),
            h("p", {}, "Pick a chat from the left to view the transcript and take over from the AI when a customer needs a human."));
        this.body = h("div", { class: "transcript-body", hidden: true },
            this.header, this.log, this.typing, this.actions, this.hint, this.composer, this.notes.node);
        this.node = h("section", { class: "transcript", "aria-label": "Transcript" }, this.empty, this.body);

        store.subscribe(() => this.#renderChrome());
        store.onMessage((conversationId, message, frame) => {
            if (conversationId !== this.id) return;
            if (message) this.#receive(message);
            else if (frame.type === "typing") this.#showTyping(frame.author);
            else if (frame.type === "draft") this.#showDraft(frame.text);
            else if (frame.type === "note" && frame.note) this.#showNote(frame.note);
        });
    }

    get conversation() {
        return this.id ? this.store.get(this.id) : null;
    }

    async open(id) {
        if (id === this.id) return;
        this.id = id;
        this.messages = [];
        this.lastSeq = 0;
        this.reply.value = "";
        this.notes.setConversation(id);
        this.transferOpen = false;
        replace(this.log);
        this.typing.textContent = "";
        this.aiDraft = null;
        this.empty.hidden = true;
        this.body.hidden = false;
        this.onLoaded(null);
        await this.reload();
    }

    clear() {
        this.id = null;
        this.empty.hidden = false;
        this.body.hidden = true;
        this.onLoaded(null);
    }

    /** Reads the whole conversation again (after a resync, or on opening it). */
    async reload() {
        if (!this.id) return;
        const token = ++this.loadToken;
        const id = this.id;
        let data;
        try {
            data = await api.get(`/conversations/${seg(id)}`);
        } catch (error) {
            if (token === this.loadToken && error.status === 404) {
                replace(this.log, h("li", { class: "message system" }, "This conversation no longer exists."));
            }
            return;
        }
        if (token !== this.loadToken) return;
        this.store.upsert(data.conversation);
        this.messages = [];
        this.lastSeq = 0;
        replace(this.log);
        this.aiDraft = null;
        for (const message of data.messages) this.#append(message);
        for (const note of data.notes ?? []) placeNote(this.log, note);
        if (data.satisfaction) this.log.append(ratingLine(data.satisfaction));
        this.#markSeen();
        this.onLoaded(data);
        this.#renderChrome();
        this.#scrollToEnd();
    }

    // The owning agent sends an image or a PDF; the server checks its type and size.
    async #sendFile() {
        const file = this.fileInput.files?.[0];
        this.fileInput.value = "";
        if (!file || !this.id) return;
        const query = `name=${encodeURIComponent(file.name)}&clientMessageId=${encodeURIComponent(crypto.randomUUID())}`;
        try {
            const result = await api.upload(`/conversations/${seg(this.id)}/attachments?${query}`, file, { quiet: true });
            if (result?.message) this.#receive(result.message);
        } catch (error) {
            showError(error.message);
        }
    }

    #showNote(note) {
        if (note.conversationId !== this.id) return;
        placeNote(this.log, note);
        this.#scrollToEnd();
    }

    /** Puts a playbook answer into the reply box, where the agent can edit it before sending. */
    insert(text) {
        const box = this.reply;
        const start = box.selectionStart ?? box.value.length;
        const end = box.selectionEnd ?? box.value.length;
        const before = box.value.slice(0, start);
        const spacer = before && !/\s$/.test(before) ? " " : "";
        box.value = before + spacer + text + box.value.slice(end);
        const caret = (before + spacer + text).length;
        box.focus();
        box.setSelectionRange(caret, caret);
    }

    async #receive(message) {
        if (message.seq <= this.lastSeq) return;
        if (message.seq > this.lastSeq + 1) {
            // A gap: fetch everything after what we have, in order.
            try {
                const data = await api.get(`/conversations/${seg(this.id)}?after=${this.lastSeq}`, { quiet: true });
                for (const m of data.messages) this.#append(m);
            } catch {
                this.#append(message);
            }
        } else {
            this.#append(message);
        }
        if (message.author === "customer") this.typing.textContent = "";
        this.#markSeen();
        this.#scrollToEnd();
    }

    #append(message) {
        if (message.seq <= this.lastSeq) return;
        this.lastSeq = message.seq;
        this.messages.push(message);
        // The stored answer replaces the AI's streamed draft (and a person's message ends it).
        if (message.author !== "customer") this.#showDraft("");
        this.log.append(messageLine(message, this.id));
    }

    // The AI's answer as it streams: display only, never part of the transcript; "" removes it.
    #showDraft(text) {
        if (!text || this.conversation?.mode !== "ai") {
            this.aiDraft?.remove();
            this.aiDraft = null;
            return;
        }
        if (!this.aiDraft) {
            this.aiDraft = h("li", { class: "message ai draft", "data-testid": "ai-draft", "aria-hidden": "true" },
                h("span", { class: "hint" }, "AI is writing…"), h("p", {}));
        }
        this.aiDraft.querySelector("p").textContent = text;
        this.log.append(this.aiDraft);
        this.#scrollToEnd();
    }

    #markSeen() {
        if (this.id && this.lastSeq) this.store.markSeen(this.id, this.lastSeq);
    }

    #scrollToEnd() {
        this.log.scrollTop = this.log.scrollHeight;
    }

    #showTyping(author) {
        if (author !== "customer") return;
        this.typing.textContent = "Customer is typing…";
        clearTimeout(this.typingTimer);
        this.typingTimer = setTimeout(() => { this.typing.textContent = ""; }, 6000);
    }

    // Header, actions and the composer follow the conversation's mode and owner.
    #renderChrome() {
        const c = this.conversation;
        if (!c) return;
        if (c.mode !== "ai") this.#showDraft("");
        // Frames for other conversations (or new messages here) must not rebuild an open transfer form.
        const key = JSON.stringify([c.id, c.mode, c.ownerId, c.ownerName, customerLabel(c), this.busy, this.transferOpen, this.me.displayName]);
        if (key === this.chromeKey) return;
        this.chromeKey = key;
        const mine = c.mode === "live" && sameId(c.ownerId, this.me.id);
        replace(this.header,
            h("button", { type: "button", class: "back-button", onclick: () => this.onBack(), "aria-label": "Back to conversations" }, "← Conversations"),
            h("div", { class: "transcript-title" },
                h("h2", { "data-testid": "transcript-title" }, customerLabel(c)),
                h("p", { class: "transcript-sub" },
                    h("span", { class: `mode-badge mode-${c.mode}`, "data-testid": "conversation-mode" }, MODE_LABELS[c.mode] ?? c.mode),
                    c.ownerName ? h("span", {}, c.mode === "live" ? `with ${c.ownerName}` : `last owner ${c.ownerName}`) : null,
                    h("span", {}, `started ${fullTime(c.startedAt)}`))));

        const buttons = [];
        if (c.mode === "ai" || c.mode === "needs") {
            buttons.push(h("button", { type: "button", class: "primary", "data-testid": "take-over", onclick: () => this.#takeOver() }, "Take over"));
        }
        if (mine) {
            buttons.push(h("button", { type: "button", "data-testid": "hand-back", onclick: () => this.#handBack() }, "Hand back to AI"));
            buttons.push(h("button", {
                type: "button", "data-testid": "transfer", "aria-expanded": String(Boolean(this.transferOpen)),
                onclick: () => { this.transferOpen = !this.transferOpen; this.#renderChrome(); },
            }, "Transfer"));
        }
        if (OPEN_MODES.has(c.mode)) {
            buttons.push(h("button", { type: "button", "data-testid": "close-chat", onclick: (e) => this.onClose(c, e.currentTarget) }, "Close chat"));
        }
        if (c.mode === "closed" && ["supervisor", "admin"].includes(this.me.role)) {
            buttons.push(h("button", { type: "button", "data-testid": "archive", onclick: () => this.#archive() }, "Archive"));
        }
        replace(this.actions, buttons, mine && this.transferOpen ? this.#transferForm() : null);
        for (const b of this.actions.querySelectorAll("button")) b.disabled = this.busy;

        if (c.mode === "ai" || c.mode === "needs") this.hint.textContent = "Click Take over to pause the AI and reply directly.";
        else if (c.mode === "live" && !mine) this.hint.textContent = `${c.ownerName ?? "Another agent"} is handling this chat.`;
        else if (c.mode === "review") this.hint.textContent = "Left after hours or flagged for review: read it, follow up with the customer if needed, then close it.";
        else if (c.mode === "followup") this.hint.textContent = "Closed for the customer; someone still has to act. Complete the follow-up in Details when it's done.";
        else this.hint.textContent = "";
        this.hint.hidden = this.hint.textContent === "";
        this.composer.hidden = !mine;
    }

    #transferForm() {
        const id = uid("transfer");
        const select = h("select", { id, "data-testid": "transfer-agent" }, h("option", { value: "" }, "Loading agents…"));
        const confirm = h("button", { type: "submit", class: "primary", "data-testid": "transfer-confirm", disabled: true }, "Transfer");
        this.agents().then((agents) => {
            const online = agents.filter((a) => a.online && !sameId(a.id, this.me.id));
            replace(select, online.length
                ? [h("option", { value: "" }, "Choose an agent…"), online.map((a) => h("option", { value: a.id }, a.displayName))]
                : h("option", { value: "" }, "No other agent is online"));
        }).catch(() => replace(select, h("option", { value: "" }, "Could not load agents")));
        select.addEventListener("change", () => { confirm.disabled = !select.value; });
        return h("form", { class: "transfer-form", onsubmit: (e) => { e.preventDefault(); if (select.value) this.#transfer(select.value); } },
            h("label", { for: id }, "Transfer to"), select, confirm);
    }

    async #act(work) {
        if (this.busy) return;
        this.busy = true;
        this.#renderChrome();
        try {
            const conversation = await work();
            if (conversation) this.store.upsert(conversation);
        } catch {
            // The alert line shows the server's message; the next frame or reload shows the truth.
            this.reload();
        } finally {
            this.busy = false;
            this.#renderChrome();
        }
    }

    #takeOver() {
        const c = this.conversation;
        return this.#act(async () => {
            const conversation = await api.post(`/conversations/${seg(c.id)}/take-over`, { expectedOwnerId: c.ownerId ?? null });
            queueMicrotask(() => this.reply.focus());
            return conversation;
        });
    }

    #handBack() {
        return this.#act(() => api.post(`/conversations/${seg(this.id)}/hand-back`, {}));
    }

    #transfer(toAgentId) {
        const c = this.conversation;
        this.transferOpen = false;
        return this.#act(() => api.post(`/conversations/${seg(c.id)}/transfer`, { toAgentId, expectedOwnerId: c.ownerId ?? null }));
    }

    #archive() {
        return this.#act(async () => (await api.post(`/conversations/${seg(this.id)}/archive`, {}))?.conversation ?? null);
    }

    // A reply that meets no network or a briefly unavailable server (502/503/504) is retried by
    // itself, after Retry-After or a capped backoff, with the same clientMessageId, so it is stored
    // once; the text stays in the box until the server has it.
    async #sendReply() {
        const body = this.reply.value.trim();
        if (!body || this.sending) return;
        const id = this.id;
        if (this.draft?.body !== body || this.draft?.conversationId !== id) {
            this.draft = { body, conversationId: id, clientMessageId: crypto.randomUUID() };
        }
        const { clientMessageId } = this.draft;
        this.sending = true;
        this.send.disabled = true;
        try {
            for (let attempt = 1; ; attempt += 1) {
                try {
                    const { message } = await api.post(`/conversations/${seg(id)}/messages`, { body, clientMessageId }, { quiet: true });
                    this.draft = null;
                    this.replyState.textContent = "";
                    if (this.id === id) {
                        if (this.reply.value.trim() === body) this.reply.value = "";
                        this.#receive(message);
                    }
                    return;
                } catch (error) {
                    if (!(error instanceof ApiError) || !error.isTransient) {
                        // The text stays in the box so the agent can send it again.
                        this.replyState.textContent = "";
                        showError(error.message);
                        return;
                    }
                    this.replyState.textContent = "Reconnecting… your reply will be sent";
                    const wait = error.retryAfterSeconds ? error.retryAfterSeconds * 1000 : 1000 * 2 ** (attempt - 1);
                    await new Promise((resolve) => setTimeout(resolve, Math.min(wait, 30000)));
                }
            }
        } finally {
            this.sending = false;
            this.send.disabled = false;
            if (this.id === id) this.reply.focus();
        }
    }

    // Enter sends, Shift+Enter starts a new line.
    #replyKeys(event) {
        if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
            event.preventDefault();
            this.#sendReply();
        }
    }

    #typed() {
        if (this.reply.value.trim()) this.sendTypingSoon();
    }
}

/** One transcript line, labelled as the old console's chat_log: Customer / AI / Agent[Name]. */
function throttle(fn, ms) {
    let last = 0;
    return () => {
        const now = Date.now();
        if (now - last < ms) return;
        last = now;
        fn();
    };
}

