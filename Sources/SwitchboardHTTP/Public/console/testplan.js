// The AI System Test Plan: work through each test before go-live, mark Pass or Fail with a note.
// Supervisors add, edit and remove tests.

import { api, seg } from "./api.js";
import { h, replace, uid } from "./dom.js";
import { fullTime } from "./format.js";
import { unavailable } from "./queues.js";

export class TestPlanView {
    constructor({ me }) {
        this.canEdit = ["supervisor", "admin"].includes(me.role);
        this.items = [];
        this.progressText = h("p", { class: "progress-text", "data-testid": "testplan-progress", "aria-live": "polite" }, "0 / 0 passed");
        this.progress = h("progress", { max: "1", value: "0", "aria-label": "Tests passed" });
        this.list = h("ol", { class: "testplan-list" });
        this.editor = h("div", { class: "editor-slot" });
        this.node = h("div", { class: "page testplan" },
            h("section", { class: "card", "aria-labelledby": "testplan-heading" },
                h("h2", { id: "testplan-heading" }, "AI System Test Plan"),
                h("p", { class: "hint" }, "Work through each test before go-live. Mark Pass or Fail and add a note if something needs fixing."),
                h("div", { class: "progress" }, this.progress, this.progressText),
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
        replace(this.list, this.items.length === 0 ? h("li", { class: "empty" }, "No tests yet.") : this.items.map((item) => this.#item(item)));
    }

    #item(item) {
        const noteId = uid("test-note");
        const note = h("textarea", { id: noteId, rows: "2", maxlength: "2000", "data-testid": "testplan-note" });
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
            h("div", { class: "field" }, h("label", { for: noteId }, "Note"), note),
            h("div", { class: "test-buttons", role: "group", "aria-label": `Result of ${item.title}` },
                h("button", { type: "button", class: "pass", "aria-pressed": String(outcome === "pass"), "data-testid": "testplan-pass", onclick: () => record("pass") }, "Pass"),
                h("button", { type: "button", class: "fail", "aria-pressed": String(outcome === "fail"), "data-testid": "testplan-fail", onclick: () => record("fail") }, "Fail"),
                item.result ? h("span", { class: "hint", "data-testid": "testplan-result" },
                    `${item.result.outcome === "pass" ? "Passed" : "Failed"} — ${item.result.tester ?? "someone"}, ${fullTime(item.result.testedAt)}`) : null,
                this.canEdit ? h("span", { class: "edit-buttons" },
                    h("button", { type: "button", class: "link-button", onclick: () => this.#edit(item) }, "Edit"),
                    h("button", { type: "button", class: "link-button danger", onclick: () => this.#remove(item) }, "Delete")) : null));
    }

    #edit(item) {
        const ids = { title: uid("tp-title"), steps: uid("tp-steps"), expected: uid("tp-expected") };
        const title = h("input", { id: ids.title, required: true, maxlength: "200", value: item?.title ?? "" });
        const steps = h("textarea", { id: ids.steps, rows: "3" });
        const expected = h("textarea", { id: ids.expected, rows: "2" });
        steps.value = item?.steps ?? "";
        expected.value = item?.expectedResult ?? "";
        const form = h("form", { class: "form editor", onsubmit: async (e) => {
            e.preventDefault();
            const body = { title: title.value.trim(), steps: steps.value.trim(), expectedResult: expected.value.trim() };
            try {
                if (item) await api.put(`/test-plan/${seg(item.id)}`, body);
                else await api.post("/test-plan", body);
                replace(this.editor);
                await this.show();
            } catch {
                // shown in the alert line
            }
        } },
            h("h3", {}, item ? "Edit test" : "New test"),
            h("div", { class: "field" }, h("label", { for: ids.title }, "Title"), title),
            h("div", { class: "field" }, h("label", { for: ids.steps }, "Steps"), steps),
            h("div", { class: "field" }, h("label", { for: ids.expected }, "Expected result"), expected),
            h("div", { class: "form-buttons" },
                h("button", { type: "submit", class: "primary" }, "Save test"),
                h("button", { type: "button", onclick: () => replace(this.editor) }, "Cancel")));
        replace(this.editor, form);
        title.focus();
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
