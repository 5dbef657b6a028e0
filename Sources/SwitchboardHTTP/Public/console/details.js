// The right-hand panel of a conversation: customer details (which values the customer typed into
// the handoff form and which the AI captured), AI answer quality and follow-up, each saved the
// moment it changes.

import { api, seg } from "./api.js";
import { debounce, h, link, replace, savedIndicator, toggle, uid } from "./dom.js";
import { ConversationEmails } from "./emails.js";
import { fullTime } from "./format.js";

const SOURCE_LABELS = { form: "Handoff form", ai: "Captured by AI" };

// The correction picker's values besides an article id.
const NO_ARTICLE = "none";
const NOT_PICKED = "";

export class DetailsPanel {
    constructor({ store }) {
        this.store = store;
        this.data = null;
        // What the agent picked per conversation this session: the server does not echo it back.
        this.picked = new Map();
        this.articles = null;
        this.customer = h("dl", { class: "facts", "data-testid": "customer-details" });
        this.emails = new ConversationEmails();
        this.node = h("div", { class: "details" },
            h("section", { class: "card", "aria-labelledby": "customer-heading" },
                h("h2", { id: "customer-heading" }, "Customer details"), this.customer),
            this.#qualitySection(),
            this.#followupSection(),
            this.emails.node);
        this.cards = [...this.node.children];
        this.placeholder = h("p", { class: "hint details-empty" }, "Customer details, AI answer quality and follow-up show here when you open a chat.");
        this.node.prepend(this.placeholder);
        this.#showCards(false);
        store.subscribe(() => {
            const current = this.data && this.store.get(this.data.conversation.id);
            if (current && current !== this.data.conversation) {
                this.data.conversation = current;
                this.#renderCustomer();
                // A reply may have queued an email; a form may have given an address.
                this.emails.refreshSoon();
                // Only a conversation in follow-up can have its follow-up completed.
                const r = this.data.review;
                if (r && !this.followupDone.checked) this.followupDone.disabled = Boolean(r.followupDone) || current.mode !== "followup";
            }
        });
    }

    /** The transcript response for the open conversation, or null while none is open. */
    show(data) {
        this.data = data;
        this.#showCards(Boolean(data));
        this.emails.show(data?.conversation.id ?? null);
        if (!data) return;
        this.#renderCustomer();
        this.#renderReview(data.review ?? null);
        // The server remembers the article a correction picked; a choice made here since wins.
        if (data.correctArticleId && !this.picked.has(data.conversation.id)) this.picked.set(data.conversation.id, data.correctArticleId);
        this.articlePicker.select.value = this.picked.get(data.conversation.id) ?? NOT_PICKED;
        for (const s of [this.qaSaved, this.kbSaved, this.followupSaved]) s.clear();
    }

    /**
     * The knowledge-base flag as this panel shows it for conversation `id` (what the agent last
     * saw and saved), or null when the panel is not showing that conversation's review.
     */
    shownKnowledgeBaseFlag(id) {
        if (!this.data || this.data.conversation.id !== id || !this.review) return null;
        return this.kb.checked;
    }

    /** After a close changed the flag, show the stored review again. */
    showReview(id, review) {
        if (!review || this.data?.conversation.id !== id) return;
        this.#mergeReview(review);
    }

    #showCards(visible) {
        for (const card of this.cards) card.hidden = !visible;
        this.placeholder.hidden = visible;
    }

    #renderCustomer() {
        const c = this.data.conversation;
        const sources = this.data.contactSources ?? inferSources(c);
        const row = (label, value, source, testid) => [
            h("dt", {}, label),
            h("dd", { "data-testid": testid },
                value ? h("span", {}, value) : "—",
                value && source ? h("span", { class: `source source-${source}`, "data-testid": `${testid}-source` }, SOURCE_LABELS[source] ?? source) : null),
        ];
        replace(this.customer,
            row("Email", c.customerEmail || c.emailProvided, sources.email, "customer-email"),
            row("Name", c.customerName || c.nameProvided, sources.name, "customer-name"),
            row("Phone", c.customerPhone, sources.phone, "customer-phone"),
            h("dt", {}, "Session"), h("dd", { class: "mono", "data-testid": "customer-session" }, c.id),
            h("dt", {}, "Page"), h("dd", { "data-testid": "customer-page" }, c.pageUrl ? link(c.pageUrl) : "—"),
            c.handoffReason ? [h("dt", {}, "Handoff reason"), h("dd", {}, c.handoffReason)] : null,
            c.status ? [h("dt", {}, "Status"), h("dd", {}, c.status)] : null,
            h("dt", {}, "Context"), h("dd", { "data-testid": "customer-context" }, contextView(c.context)));
    }

    #qualitySection() {
        this.qaSaved = savedIndicator("qa-saved");
        this.kbSaved = savedIndicator("kb-saved");
        const incorrect = toggle({ label: "AI answered incorrectly", hint: "Flag this so it shows in “Needs correction”", testid: "qa-incorrect", onchange: () => this.#saveQA() });
        const kb = toggle({ label: "Knowledge base needs updating", hint: "Check this so it shows in the KB review queue", testid: "qa-kb", onchange: () => this.#saveKB() });
        this.incorrect = incorrect.input;
        this.kb = kb.input;
        this.articlePicker = articleField(() => this.#pickArticle());
        this.correctionNote = noteField("What should the answer have been?", "qa-correction-note", debounce(() => this.#saveQA(), 900));
        this.kbNote = noteField("What needs changing in the knowledge base?", "qa-kb-note", debounce(() => this.#saveKB(), 900));
        this.qaMeta = h("p", { class: "hint meta" });
        return h("section", { class: "card", "aria-labelledby": "quality-heading" },
            h("div", { class: "card-title" }, h("h2", { id: "quality-heading" }, "AI answer quality"), this.qaSaved.node, this.kbSaved.node),
            incorrect.row, this.articlePicker.node, this.correctionNote.node, kb.row, this.kbNote.node, this.qaMeta);
    }

    #followupSection() {
        this.followupSaved = savedIndicator("followup-saved");
        const needed = toggle({ label: "Needs follow-up", hint: "Flag this chat for someone to act on", testid: "followup-needed", onchange: () => this.#saveFollowup() });
        const done = toggle({ label: "Follow-up completed", hint: "Mark when it's been handled", testid: "followup-done", onchange: () => this.#renderDone() });
        this.followupNeeded = needed.input;
        this.followupDone = done.input;
        this.followupNote = noteField("What is the follow-up about?", "followup-note", debounce(() => this.#saveFollowup(), 900));
        this.resolutionNote = noteField("How was it resolved?", "followup-resolution-note", null);
        this.completeButton = h("button", { type: "button", class: "primary", "data-testid": "followup-complete", onclick: () => this.#complete() }, "Complete follow-up");
        this.completeForm = h("div", { class: "complete-form" }, this.resolutionNote.node, this.completeButton);
        this.followupMeta = h("p", { class: "hint meta" });
        return h("section", { class: "card", "aria-labelledby": "followup-heading" },
            h("div", { class: "card-title" }, h("h2", { id: "followup-heading" }, "Follow-up"), this.followupSaved.node),
            needed.row, this.followupNote.node, done.row, this.completeForm, this.followupMeta);
    }

    #renderReview(review) {
        const r = review ?? {};
        this.review = review;
        const available = review !== null;
        for (const input of [this.incorrect, this.kb, this.followupNeeded, this.followupDone, this.articlePicker.select]) input.disabled = !available;
        this.incorrect.checked = Boolean(r.flaggedIncorrect);
        this.kb.checked = Boolean(r.kbUpdateNeeded);
        this.followupNeeded.checked = Boolean(r.followupNeeded);
        this.followupDone.checked = Boolean(r.followupDone);
        this.followupDone.disabled = !available || Boolean(r.followupDone) || this.data.conversation.mode !== "followup";
        setIfIdle(this.correctionNote.input, r.correctionNote);
        setIfIdle(this.kbNote.input, r.kbNote);
        setIfIdle(this.followupNote.input, r.followupNote);
        this.#showCorrectionFields();
        this.kbNote.node.hidden = !this.kb.checked;
        this.followupNote.node.hidden = !this.followupNeeded.checked;
        this.completeForm.hidden = true;
        this.qaMeta.textContent = [
            r.flaggedBy ? `Flagged by ${r.flaggedBy}, ${fullTime(r.flaggedAt)}.` : "",
            r.correctionReviewed ? `Correction reviewed by ${r.reviewedBy ?? "someone"}, ${fullTime(r.reviewedAt)}.` : "",
            r.kbUpdated ? `Knowledge base updated by ${r.kbUpdatedBy ?? "someone"}, ${fullTime(r.kbUpdatedAt)}.` : "",
            available ? "" : "Review flags are not available on this server yet.",
        ].filter(Boolean).join(" ");
        this.followupMeta.textContent = r.followupDone
            ? `Completed by ${r.followupDoneBy ?? "someone"}, ${fullTime(r.followupDoneAt)}${r.followupDoneNote ? `: ${r.followupDoneNote}` : "."}`
            : "";
    }

    #renderDone() {
        this.completeForm.hidden = !this.followupDone.checked;
        if (this.followupDone.checked) this.resolutionNote.input.focus();
    }

    async #save(indicator, path, body) {
        const id = this.data?.conversation.id;
        if (!id) return;
        indicator.saving();
        try {
            const result = await api.put(`/conversations/${seg(id)}/${path}`, body);
            if (this.data?.conversation.id !== id) return;
            indicator.saved();
            if (result?.review) this.#mergeReview(result.review);
        } catch {
            indicator.failed();
        }
    }

    #mergeReview(review) {
        this.data.review = review;
        this.#renderReview(review);
    }

    /** The picker and the note belong to "AI answered incorrectly"; the article list loads once, when first needed. */
    #showCorrectionFields() {
        const shown = this.incorrect.checked;
        this.articlePicker.node.hidden = !shown;
        this.correctionNote.node.hidden = !shown;
        if (shown && this.articles === null) this.#loadArticles();
    }

    async #loadArticles() {
        this.articles = [];
        try {
            ({ articles: this.articles } = await api.get("/kb/articles", { quiet: true }));
            this.articlePicker.fill(this.articles);
            this.articlePicker.select.value = this.picked.get(this.data?.conversation.id) ?? NOT_PICKED;
        } catch (error) {
            this.articles = null;
            this.articlePicker.failed(error.message);
        }
    }

    // The article choice is sent only when it changes: sending it again would re-propose the
    // question (or re-flag the knowledge base) on every note save.
    #pickArticle() {
        const id = this.data?.conversation.id;
        if (!id) return;
        const value = this.articlePicker.select.value;
        this.picked.set(id, value);
        const choice = value === NO_ARTICLE ? { noArticleCovers: true } : value ? { correctArticleId: value } : {};
        return this.#saveQA(choice);
    }

    #saveQA(choice = {}) {
        if (!this.incorrect.checked && this.data) {
            this.picked.delete(this.data.conversation.id);
            this.articlePicker.select.value = NOT_PICKED;
        }
        this.#showCorrectionFields();
        return this.#save(this.qaSaved, "qa", { flaggedIncorrect: this.incorrect.checked, correctionNote: this.correctionNote.input.value.trim() || null, ...choice });
    }

    #saveKB() {
        this.kbNote.node.hidden = !this.kb.checked;
        return this.#save(this.kbSaved, "kb-update", { kbUpdateNeeded: this.kb.checked, note: this.kbNote.input.value.trim() || null });
    }

    async #saveFollowup() {
        this.followupNote.node.hidden = !this.followupNeeded.checked;
        await this.#save(this.followupSaved, "followup", { followupNeeded: this.followupNeeded.checked, note: this.followupNote.input.value.trim() || null });
    }

    async #complete() {
        const id = this.data?.conversation.id;
        const note = this.resolutionNote.input.value.trim();
        if (!id) return;
        if (!note) {
            this.resolutionNote.input.setAttribute("aria-invalid", "true");
            this.resolutionNote.input.focus();
            return;
        }
        this.resolutionNote.input.removeAttribute("aria-invalid");
        this.followupSaved.saving();
        this.completeButton.disabled = true;
        try {
            const result = await api.post(`/conversations/${seg(id)}/followup/complete`, { resolutionNote: note });
            this.followupSaved.saved();
            if (result?.conversation) this.store.upsert(result.conversation);
            if (result?.review) this.#mergeReview(result.review);
            this.resolutionNote.input.value = "";
        } catch {
            this.followupSaved.failed();
        } finally {
            this.completeButton.disabled = false;
        }
    }
}

function noteField(label, testid, onInput) {
    const id = uid("note");
    const input = h("textarea", { id, rows: "2", maxlength: "2000", "data-testid": testid, oninput: onInput ?? null, onblur: onInput ? () => onInput.flush() : null });
    return { input, node: h("div", { class: "note-field" }, h("label", { for: id }, label), input) };
}

/** "Which article should have answered?": "—", every article (title, section), "No article covers this". */
function articleField(onChange) {
    const id = uid("article");
    const select = h("select", { id, "data-testid": "qa-correct-article", onchange: onChange });
    const problem = h("p", { class: "form-error", role: "alert", "data-testid": "qa-correct-article-error" });
    const fill = (articles) => {
        problem.textContent = "";
        replace(select,
            h("option", { value: NOT_PICKED }, "—"),
            articles.map((a) => h("option", { value: a.id }, a.section ? `${a.title} (${a.section})` : a.title)),
            h("option", { value: NO_ARTICLE }, "No article covers this"));
    };
    fill([]);
    return {
        select,
        fill,
        failed(message) { problem.textContent = `The articles could not be loaded: ${message}`; },
        node: h("div", { class: "note-field" }, h("label", { for: id }, "Which article should have answered?"), select, problem),
    };
}

// A note the agent is typing in is never overwritten by a save's echo.
function setIfIdle(input, value) {
    if (document.activeElement !== input) input.value = value ?? "";
}

// Before the console API reports contactSources: a value equal to the handoff form's is from the form.
function inferSources(c) {
    const from = (value, provided) => (value ? (provided && value === provided ? "form" : "ai") : null);
    return {
        name: c.customerName ? from(c.customerName, c.nameProvided) : c.nameProvided ? "form" : null,
        email: c.customerEmail ? from(c.customerEmail, c.emailProvided) : c.emailProvided ? "form" : null,
        phone: c.customerPhone ? "ai" : null,
    };
}

/** The host page's context JSON as a small key/value list; anything else as plain text. */
function contextView(text) {
    if (!text || text === "{}" || text === "null") return "—";
    try {
        const value = JSON.parse(text);
        if (value && typeof value === "object" && !Array.isArray(value)) {
            return h("dl", { class: "context" }, Object.entries(value).map(([k, v]) => [
                h("dt", {}, k), h("dd", {}, typeof v === "string" ? v : JSON.stringify(v)),
            ]));
        }
        return h("pre", {}, JSON.stringify(value, null, 2));
    } catch {
        return h("pre", {}, text);
    }
}
