// The AI System Test Plan: work through each test before go-live, mark Pass or Fail with a note.
// Supervisors add, edit and remove tests, and run those with a customer question against the AI
// (one, or all with a progress bar that moves as each finishes).

import { api, seg } from "./api.js";
import { h, replace, uid } from "./dom.js";
import { fullTime } from "./format.js";
import { unavailable } from "./queues.js";
import { describeExpectation, editTestPlanItem } from "./testplan-editor.js";

export class TestPlanView {
    constructor({ me }) {
        this.canEdit = ["supervisor", "admin"].includes(me.role);
        this.items = [];
        this.progressText = h("p", { class: "progress-text", "data-testid": "testplan-progress", "aria-live": "polite" }, "0 / 0 passed");
        this.progress = h("progress", { max: "1", value: "0", "aria-label": "Tests passed" });
        this.list = h("ol", { class: "testplan-list" });
        this.editor = h("div", { class: "editor-slot" });
        this.running = false;
        this.runAllButton = h("button", { type: "button", class: "primary", "data-testid": "testplan-run-all", onclick: () => this.#runAll() }, "Run all");
        this.runBar = h("progress", { max: "1", value: "0", "aria-label": "Tests run", "data-testid": "testplan-run-bar" });
        this.runText = h("p", { class: "progress-text", "data-testid": "testplan-run-progress", "aria-live": "polite" });
        this.runProgress = h("div", { class: "progress run-progress", hidden: true }, this.runBar, this.runText);
        this.node = h("div", { class: "page testplan" },
            h("section", { class: "card", "aria-labelledby": "testplan-heading" },
                h("h2", { id: "testplan-heading" }, "AI System Test Plan"),
                h("p", { class: "hint" }, "Work through each test before go-live. Mark Pass or Fail and add a note if something needs fixing."),
                h("div", { class: "progress" }, this.progress, this.progressText),
                this.canEdit ? h("div", { class: "run-all" }, this.runAllButton,
                    h("span", { class: "hint" }, "Runs every test with a customer question through the AI, as a customer would ask it.")) : null,
                this.runProgress,
                this.list,
                this.canEdit ? h("button", { type: "button", "data-testid": "testplan-add", onclick: () => this.#edit(null) }, "Add a test") : null,
                this.editor));
    }

    async show() {
        replace(this.list, h("li", { class: "hint" }, "Loading…"));
        try {
            const data = await api.get("/test-plan", { quiet: true });
            this.items = data.items;
            this.#render();
        } catch (error) {
            replace(this.list, h("li", {}, unavailable(error)));
        }
    }

    #render() {
        const passed = this.items.filter((i) => i.result?.outcome === "pass").length;
        const total = this.items.length;
        this.progressText.textContent = `${passed} / ${total} passed`;
        this.progress.max = Math.max(1, total);
        this.progress.value = passed;
        this.runAllButton.disabled = this.running || !this.items.some((i) => i.question);
        replace(this.list, this.items.length === 0 ? h("li", { class: "empty" }, "No tests yet.") : this.items.map((item) => this.#item(item)));
    }

    #item(item) {
        const noteId = uid("test-note");
        const note = h("textarea", { id: noteId, rows: item.question ? "4" : "2", maxlength: "2000", "data-testid": "testplan-note" });
        note.value = item.result?.note ?? "";
        const record = async (outcome) => {
            try {
                const updated = await api.post(`/test-plan/${seg(item.id)}/results`, { outcome, note: note.value.trim() || null });
                this.items = this.items.map((i) => (i.id === item.id ? updated : i));
                this.#render();
                this.list.querySelector(`[data-test-id="${CSS.escape(item.id)}"] [data-testid="testplan-${outcome}"]`)?.focus();
            } catch {
                // shown in the alert line
            }
        };
        const outcome = item.result?.outcome;
        return h("li", { class: `test-item${outcome ? ` ${outcome}` : ""}`, "data-testid": "testplan-item", dataset: { testId: item.id } },
            h("h3", {}, item.title),
            item.steps ? h("p", { class: "steps" }, h("strong", {}, "Steps: "), item.steps) : null,
            item.expectedResult ? h("p", {}, h("strong", {}, "Expected: "), item.expectedResult) : null,
            item.question ? h("p", { class: "test-question", "data-testid": "testplan-case" },
                h("strong", {}, "Customer asks: "), `“${item.question}” — `, describeExpectation(item)) : null,
            h("div", { class: "field" }, h("label", { for: noteId }, "Note"), note),
            h("div", { class: "test-buttons", role: "group", "aria-label": `Result of ${item.title}` },
                h("button", { type: "button", class: "pass", "aria-pressed": String(outcome === "pass"), "data-testid": "testplan-pass", onclick: () => record("pass") }, "Pass"),
                h("button", { type: "button", class: "fail", "aria-pressed": String(outcome === "fail"), "data-testid": "testplan-fail", onclick: () => record("fail") }, "Fail"),
                item.result ? h("span", { class: "hint", "data-testid": "testplan-result" },
                    `${item.result.outcome === "pass" ? "Passed" : "Failed"} — ${item.result.tester ?? "someone"}, ${fullTime(item.result.testedAt)}`) : null,
                this.canEdit && item.question ? h("button", { type: "button", "data-testid": "testplan-run", disabled: this.running,
                    onclick: () => this.#runOne(item) }, "Run") : null,
                this.canEdit ? h("span", { class: "edit-buttons" },
                    h("button", { type: "button", class: "link-button", onclick: () => this.#edit(item) }, "Edit"),
                    h("button", { type: "button", class: "link-button danger", onclick: () => this.#remove(item) }, "Delete")) : null));
    }

    #edit(item) {
        editTestPlanItem(this.editor, item, () => this.show());
    }

    /** Runs one check; the server records Pass or Fail with the reply. */
    async #run(item) {
        const updated = await api.post(`/test-plan/${seg(item.id)}/run`);
        this.items = this.items.map((i) => (i.id === item.id ? updated : i));
    }

    async #runOne(item) {
        this.running = true;
        try {
            await this.#run(item);
        } catch {
            // shown in the alert line
        } finally {
            this.running = false;
            this.#render();
        }
    }

    /** Runs every check with a question, one after another, moving the bar as each finishes. */
    async #runAll() {
        const runnable = this.items.filter((i) => i.question);
        if (this.running || runnable.length === 0) return;
        this.running = true;
        let done = 0;
        const total = runnable.length;
        const show = () => {
            this.runBar.max = total;
            this.runBar.value = done;
            this.runText.textContent = done < total ? `Running ${done} of ${total}…` : `Ran ${done} of ${total}`;
        };
        this.runProgress.hidden = false;
        show();
        this.#render();
        for (const item of runnable) {
            try {
                await this.#run(item);
            } catch {
                // shown in the alert line; the rest still run
            }
            done += 1;
            show();
            this.#render();
        }
        this.running = false;
        this.#render();
    }

    async #remove(item) {
        if (!window.confirm(`Delete the test “${item.title}”?`)) return;
        try {
            await api.delete(`/test-plan/${seg(item.id)}`);
            await this.show();
        } catch {
            // shown in the alert line
        }
    }
}
