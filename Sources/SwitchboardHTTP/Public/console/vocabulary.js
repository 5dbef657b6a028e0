// The organisation's vocabulary: words customers use and what they mean here ("LMS" → "the
// learning platform"), which the AI reads before searching. Everyone reads; supervisors add and
// remove terms (changing a meaning is remove, then add).

import { api, seg } from "./api.js";
import { h, replace, uid } from "./dom.js";
import { unavailable } from "./queues.js";

/** The vocabulary card of the Knowledge base page. */
export class VocabularyView {
    constructor({ canEdit }) {
        this.canEdit = canEdit;
        this.body = h("div", { "data-testid": "vocabulary" });
        this.node = h("section", { class: "card", "aria-labelledby": "vocabulary-heading" },
            h("h2", { id: "vocabulary-heading" }, "Vocabulary"),
            h("p", { class: "hint" }, "Words your customers use and what they mean here, so the AI finds the right article."),
            this.body);
    }

    async show() {
        let terms;
        try {
            ({ terms } = await api.get("/kb/vocabulary", { quiet: true }));
        } catch (error) {
            replace(this.body, unavailable(error));
            return;
        }
        replace(this.body, this.#list(terms), this.canEdit ? this.#form() : null);
    }

    #list(terms) {
        if (terms.length === 0) return h("p", { class: "empty", "data-testid": "vocabulary-empty" }, "No terms yet.");
        return h("ul", { class: "vocabulary-list" }, terms.map((term) => {
            const error = h("p", { class: "form-error", role: "alert" });
            return h("li", { class: "vocabulary-term", "data-testid": "vocabulary-term", "data-term-id": term.id },
                h("span", { class: "term", "data-testid": "vocabulary-term-name" }, term.term),
                h("span", { class: "arrow", "aria-hidden": "true" }, "→"),
                h("span", { class: "meaning", "data-testid": "vocabulary-term-meaning" },
                    h("span", { class: "visually-hidden" }, "means "), term.meaning),
                this.canEdit ? h("button", { type: "button", class: "small danger", "data-testid": "vocabulary-remove",
                    "aria-label": `Remove “${term.term}”`,
                    onclick: async (event) => {
                        if (!window.confirm(`Remove “${term.term}” from the vocabulary?`)) return;
                        event.target.disabled = true;
                        error.textContent = "";
                        try {
                            await api.delete(`/kb/vocabulary/${seg(term.id)}`, { quiet: true });
                            await this.show();
                        } catch (problem) {
                            event.target.disabled = false;
                            error.textContent = problem.message;
                        }
                    } }, "Remove") : null,
                error);
        }));
    }

    #form() {
        const ids = { term: uid("vocab-term"), meaning: uid("vocab-meaning") };
        const term = h("input", { id: ids.term, maxlength: "100", autocomplete: "off", placeholder: "LMS", "data-testid": "vocabulary-term-input" });
        const meaning = h("input", { id: ids.meaning, maxlength: "200", autocomplete: "off", placeholder: "the learning platform", "data-testid": "vocabulary-meaning-input" });
        const error = h("p", { class: "form-error", role: "alert", "data-testid": "vocabulary-error" });
        const submit = h("button", { type: "submit", class: "primary", "data-testid": "vocabulary-add" }, "Add term");
        return h("form", { class: "form inline vocabulary-form", onsubmit: async (event) => {
            event.preventDefault();
            error.textContent = "";
            if (!term.value.trim() || !meaning.value.trim()) {
                error.textContent = "Give both the term and what it means.";
                (term.value.trim() ? meaning : term).focus();
                return;
            }
            submit.disabled = true;
            try {
                await api.post("/kb/vocabulary", { term: term.value.trim(), meaning: meaning.value.trim() }, { quiet: true });
                await this.show();
                this.body.querySelector('[data-testid="vocabulary-term-input"]')?.focus();
            } catch (problem) {
                error.textContent = problem.message;
                submit.disabled = false;
            }
        } },
        h("div", { class: "field" }, h("label", { for: ids.term }, "Term"), term),
        h("div", { class: "field grow" }, h("label", { for: ids.meaning }, "Means"), meaning),
        h("div", { class: "form-buttons" }, submit),
        error);
    }
}
