// The Customer Service Playbook: search a phrase or scan by section; one click puts an answer into
// the reply box. Supervisors add, edit and remove entries (only in the full-page view).

import { api, seg } from "./api.js";
import { debounce, h, replace, uid } from "./dom.js";
import { unavailable } from "./queues.js";

export class PlaybookView {
    /**
     * @param {object} options
     * @param {object} options.me
     * @param {(text: string) => void} options.onInsert
     * @param {boolean} options.compact  the side-panel version: no editing, no intro
     */
    constructor({ me, onInsert, compact = false }) {
        this.canEdit = !compact && ["supervisor", "admin"].includes(me.role);
        this.onInsert = onInsert;
        this.compact = compact;
        // The side-panel copy's controls are "side-playbook-…", so each test id names one control.
        const tid = (name) => (compact ? `side-${name}` : name);
        this.tid = tid;
        const searchId = uid("playbook-search");
        this.search = h("input", {
            id: searchId, type: "search", placeholder: "Search a phrase", autocomplete: "off", "data-testid": tid("playbook-search"),
            oninput: debounce(() => this.load(), 250),
        });
        this.sections = h("div", { class: "playbook-sections", "aria-live": "polite" });
        this.editor = h("div", { class: "editor-slot" });
        const headingId = uid("playbook-heading");
        this.node = h("section", { class: compact ? "playbook compact" : "page playbook card", "aria-labelledby": headingId },
            h(compact ? "h2" : "h2", { id: headingId }, "Customer Service Playbook"),
            compact ? null : h("p", { class: "hint" }, "Your quick-reference while chatting. Search a phrase, or scan by section. Each answer shows its owner: who handles that topic."),
            h("div", { class: "search-row" }, h("label", { for: searchId, class: "visually-hidden" }, "Search the playbook"), this.search,
                this.canEdit ? h("button", { type: "button", "data-testid": "playbook-add", onclick: () => this.#edit(null) }, "Add an entry") : null),
            this.editor,
            this.sections);
        this.loaded = false;
    }

    async show() {
        if (!this.loaded) await this.load();
    }

    async load() {
        const q = this.search.value.trim();
        let data;
        try {
            data = await api.get(`/playbook${q ? `?q=${encodeURIComponent(q)}` : ""}`, { quiet: true });
        } catch (error) {
            replace(this.sections, unavailable(error));
            return;
        }
        this.loaded = true;
        const sections = data.sections.filter((s) => s.entries.length > 0);
        replace(this.sections, sections.length === 0
            ? h("p", { class: "empty" }, q ? "Nothing matches that phrase." : "The playbook is empty.")
            : sections.map((section) => h("details", { class: "playbook-section", open: true },
                h("summary", {}, section.name, h("span", { class: "count" }, String(section.entries.length))),
                h("ul", {}, section.entries.map((entry) => this.#entry(entry))))));
    }

    #entry(entry) {
        return h("li", { class: "playbook-entry", "data-testid": this.tid("playbook-entry") },
            h("p", { class: "phrase" }, entry.phrase),
            h("p", { class: "answer" }, entry.answer),
            h("div", { class: "entry-foot" },
                entry.owner ? h("span", { class: "owner", "data-testid": this.tid("playbook-owner") }, `Owner: ${entry.owner}`) : h("span", {}),
                h("span", {},
                    h("button", { type: "button", class: "small", "data-testid": this.tid("playbook-insert"), "aria-label": `Insert the answer to “${entry.phrase}” into the reply`, onclick: () => this.onInsert(entry.answer) }, "Insert"),
                    this.canEdit ? [
                        h("button", { type: "button", class: "link-button", onclick: () => this.#edit(entry) }, "Edit"),
                        h("button", { type: "button", class: "link-button danger", onclick: () => this.#remove(entry) }, "Delete"),
                    ] : null)));
    }

    #edit(entry) {
        const ids = { section: uid("pb-section"), phrase: uid("pb-phrase"), answer: uid("pb-answer"), owner: uid("pb-owner") };
        const section = h("input", { id: ids.section, required: true, value: entry?.section ?? "" });
        const phrase = h("input", { id: ids.phrase, required: true, value: entry?.phrase ?? "" });
        const answer = h("textarea", { id: ids.answer, required: true, rows: "4" });
        const owner = h("input", { id: ids.owner, value: entry?.owner ?? "" });
        answer.value = entry?.answer ?? "";
        const form = h("form", { class: "form editor", onsubmit: async (e) => {
            e.preventDefault();
            const body = { section: section.value.trim(), phrase: phrase.value.trim(), answer: answer.value.trim(), owner: owner.value.trim() || null };
            try {
                if (entry) await api.put(`/playbook/${seg(entry.id)}`, body);
                else await api.post("/playbook", body);
                replace(this.editor);
                await this.load();
            } catch {
                // shown in the alert line
            }
        } },
            h("h3", {}, entry ? "Edit entry" : "New entry"),
            h("div", { class: "field" }, h("label", { for: ids.section }, "Section"), section),
            h("div", { class: "field" }, h("label", { for: ids.phrase }, "Customer phrase"), phrase),
            h("div", { class: "field" }, h("label", { for: ids.answer }, "Answer"), answer),
            h("div", { class: "field" }, h("label", { for: ids.owner }, "Owner"), owner),
            h("div", { class: "form-buttons" },
                h("button", { type: "submit", class: "primary" }, "Save entry"),
                h("button", { type: "button", onclick: () => replace(this.editor) }, "Cancel")));
        replace(this.editor, form);
        section.focus();
    }

    async #remove(entry) {
        if (!window.confirm(`Delete the playbook entry “${entry.phrase}”?`)) return;
        try {
            await api.delete(`/playbook/${seg(entry.id)}`);
            await this.load();
        } catch {
            // shown in the alert line
        }
    }
}
