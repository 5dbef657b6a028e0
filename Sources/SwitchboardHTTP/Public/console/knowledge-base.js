// The Knowledge base page: every article (filtered as you type) and, for the one picked, the
// questions customers ask that it answers — proposed by corrections, approved on review. Everyone
// reads; supervisors and admins add, reword, approve and remove. The vocabulary card sits below.

import { api, seg } from "./api.js";
import { h, replace, uid } from "./dom.js";
import { fullTime } from "./format.js";
import { unavailable } from "./queues.js";
import { VocabularyView } from "./vocabulary.js";

const STATUS_LABELS = { proposed: "Proposed", approved: "Approved" };
const SOURCE_LABELS = { correction: "From a correction", console: "Added in the console", import: "Imported" };

/** Articles with their example questions, and the organisation's vocabulary. */
export class KnowledgeBaseView {
    /**
     * @param {object} options
     * @param {object} options.me  the signed-in agent; supervisors and admins may edit
     * @param {(id: string) => void} options.openConversation
     */
    constructor({ me, openConversation }) {
        this.canEdit = ["supervisor", "admin"].includes(me.role);
        this.openConversation = openConversation;
        this.articles = [];
        this.selectedId = null;
        const searchId = uid("kb-search");
        this.search = h("input", {
            id: searchId, type: "search", placeholder: "Search titles and sections", autocomplete: "off",
            "data-testid": "kb-search", oninput: () => this.#renderArticles(),
        });
        this.articleList = h("div", { class: "kb-articles", "data-testid": "kb-articles" });
        this.examples = h("div", { class: "kb-examples", "data-testid": "kb-examples", "aria-live": "polite" });
        this.vocabulary = new VocabularyView({ canEdit: this.canEdit });
        this.node = h("div", { class: "page knowledge-base" },
            h("section", { class: "card", "aria-labelledby": "kb-page-heading" },
                h("h2", { id: "kb-page-heading" }, "Knowledge base"),
                h("p", { class: "hint" }, "The questions customers ask that each article answers. Corrections propose them; approved ones teach the AI how customers word a topic.",
                    this.canEdit ? null : " Only supervisors and admins can change them."),
                h("div", { class: "kb-layout" },
                    h("div", { class: "kb-article-column" },
                        h("label", { for: searchId, class: "visually-hidden" }, "Search the articles"), this.search,
                        this.articleList),
                    this.examples)),
            this.vocabulary.node);
        this.#renderExamplesPlaceholder();
    }

    async show() {
        await Promise.all([this.#loadArticles(), this.vocabulary.show()]);
    }

    async #loadArticles() {
        if (this.articles.length === 0) replace(this.articleList, h("p", { class: "hint" }, "Loading…"));
        try {
            ({ articles: this.articles } = await api.get("/kb/articles", { quiet: true }));
        } catch (error) {
            replace(this.articleList, unavailable(error));
            return;
        }
        this.#renderArticles();
        const selected = this.articles.find((a) => a.id === this.selectedId);
        if (selected) await this.#loadExamples(selected);
        else this.#renderExamplesPlaceholder();
    }

    #renderArticles() {
        const query = this.search.value.trim().toLocaleLowerCase();
        const shown = query
            ? this.articles.filter((a) => `${a.title} ${a.section ?? ""}`.toLocaleLowerCase().includes(query))
            : this.articles;
        if (this.articles.length === 0) {
            replace(this.articleList, h("p", { class: "empty" }, "The knowledge base has no articles yet."));
            return;
        }
        replace(this.articleList,
            h("p", { class: "hint kb-count", "data-testid": "kb-article-count" },
                query ? `${shown.length} of ${this.articles.length} articles` : `${this.articles.length} articles`),
            shown.length === 0 ? h("p", { class: "empty" }, "No article matches that search.") :
                h("ul", { class: "kb-article-list" }, shown.map((article) => h("li", {},
                    h("button", {
                        type: "button", class: "kb-article", "data-testid": "kb-article", "data-article-id": article.id,
                        "aria-pressed": String(article.id === this.selectedId),
                        onclick: () => this.#select(article),
                    },
                    h("span", { class: "kb-article-title" }, article.title),
                    article.section ? h("span", { class: "hint" }, article.section) : null)))));
    }

    async #select(article) {
        this.selectedId = article.id;
        this.#renderArticles();
        await this.#loadExamples(article);
        // On a phone the examples are below the list: bring them into view.
        if (window.matchMedia("(max-width: 900px)").matches) this.examples.scrollIntoView({ block: "start" });
    }

    #renderExamplesPlaceholder() {
        replace(this.examples, h("p", { class: "empty" }, "Pick an article to see the questions it answers."));
    }

    async #loadExamples(article) {
        let examples;
        try {
            ({ examples } = await api.get(`/kb/articles/${seg(article.id)}/examples`, { quiet: true }));
        } catch (error) {
            replace(this.examples, h("h3", {}, article.title), unavailable(error));
            return;
        }
        if (this.selectedId !== article.id) return;
        const headingId = uid("kb-examples-heading");
        replace(this.examples,
            h("h3", { id: headingId, "data-testid": "kb-selected-title" }, article.title),
            article.section ? h("p", { class: "hint" }, `Section: ${article.section}`) : null,
            examples.length === 0
                ? h("p", { class: "empty", "data-testid": "kb-examples-empty" }, "No example questions yet.")
                : h("ul", { class: "kb-example-list", "aria-labelledby": headingId }, examples.map((e) => this.#example(article, e))),
            this.canEdit ? this.#addForm(article) : null);
    }

    #example(article, example) {
        const error = h("p", { class: "form-error", role: "alert", "data-testid": "kb-example-error" });
        const question = h("p", { class: "kb-question", "data-testid": "kb-example-question" }, example.question);
        const act = async (work) => {
            error.textContent = "";
            try {
                await work();
                await this.#loadExamples(article);
            } catch (problem) {
                error.textContent = problem.message;
            }
        };
        let rewordButton = null;
        const reword = () => {
            const inputId = uid("kb-reword");
            const input = h("input", { id: inputId, value: example.question, maxlength: "1000", "data-testid": "kb-example-reword-input" });
            const cancel = () => {
                form.replaceWith(question);
                rewordButton.hidden = false;
                rewordButton.focus();
            };
            const form = h("form", { class: "kb-inline-form", onkeydown: (event) => { if (event.key === "Escape") cancel(); }, onsubmit: (event) => {
                event.preventDefault();
                const text = input.value.trim();
                if (!text) { input.setAttribute("aria-invalid", "true"); input.focus(); return; }
                act(() => api.patch(`/kb/examples/${seg(example.id)}`, { question: text }, { quiet: true }));
            } },
            h("label", { for: inputId, class: "visually-hidden" }, "New wording"), input,
            h("button", { type: "submit", class: "primary small", "data-testid": "kb-example-reword-save" }, "Save"),
            h("button", { type: "button", class: "small", "data-testid": "kb-example-reword-cancel", onclick: cancel }, "Cancel"));
            question.replaceWith(form);
            rewordButton.hidden = true;
            input.focus();
        };
        if (this.canEdit) rewordButton = h("button", { type: "button", class: "small", "data-testid": "kb-example-reword", onclick: reword }, "Reword");
        return h("li", { class: `kb-example ${example.status}`, "data-testid": "kb-example", "data-example-id": example.id, "data-status": example.status },
            question,
            h("div", { class: "kb-example-foot" },
                h("span", { class: `badge status-${example.status}`, "data-testid": "kb-example-status" }, STATUS_LABELS[example.status] ?? example.status),
                h("span", { class: "hint", "data-testid": "kb-example-source" },
                    `${SOURCE_LABELS[example.source] ?? example.source}, ${fullTime(example.createdAt)}`),
                example.conversationId ? h("button", { type: "button", class: "link-button", onclick: () => this.openConversation(example.conversationId) }, "Open chat") : null,
                this.canEdit ? h("span", { class: "kb-example-actions" },
                    example.status === "proposed" ? h("button", { type: "button", class: "small", "data-testid": "kb-example-approve",
                        onclick: () => act(() => api.patch(`/kb/examples/${seg(example.id)}`, { approved: true }, { quiet: true })) }, "Approve") : null,
                    rewordButton,
                    h("button", { type: "button", class: "small danger", "data-testid": "kb-example-remove",
                        onclick: () => act(async () => {
                            if (!window.confirm(`Remove the example “${example.question}” from “${article.title}”?`)) return;
                            await api.delete(`/kb/examples/${seg(example.id)}`, { quiet: true });
                        }) }, "Remove")) : null),
            error);
    }

    #addForm(article) {
        const inputId = uid("kb-add");
        const input = h("input", { id: inputId, maxlength: "1000", autocomplete: "off", placeholder: "e.g. can I get my money back?", "data-testid": "kb-example-input" });
        const error = h("p", { class: "form-error", role: "alert", "data-testid": "kb-example-add-error" });
        const submit = h("button", { type: "submit", class: "primary", "data-testid": "kb-example-add" }, "Add example");
        return h("form", { class: "kb-add-form", onsubmit: async (event) => {
            event.preventDefault();
            error.textContent = "";
            const question = input.value.trim();
            if (!question) {
                error.textContent = "Type the question as a customer would ask it.";
                input.focus();
                return;
            }
            submit.disabled = true;
            try {
                await api.post(`/kb/articles/${seg(article.id)}/examples`, { question }, { quiet: true });
                await this.#loadExamples(article);
                this.examples.querySelector('[data-testid="kb-example-input"]')?.focus();
            } catch (problem) {
                error.textContent = problem.message;
                submit.disabled = false;
            }
        } },
        h("label", { for: inputId }, "Add an example question"),
        h("div", { class: "kb-add-row" }, input, submit),
        error);
    }
}
