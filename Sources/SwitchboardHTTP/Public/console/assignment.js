// Supervisors and admins: automatic assignment. On, chats waiting for a human go round-robin to
// the online agents (the least busy first), each up to a number of live chats at once; a chat
// that finds everyone full waits until someone has room.

import { api } from "./api.js";
import { h, replace, savedIndicator, toggle, uid } from "./dom.js";
import { unavailable } from "./queues.js";

export class AssignmentView {
    constructor() {
        this.body = h("div", {});
        this.node = h("section", { class: "card", "aria-labelledby": "assignment-heading", "data-testid": "assignment" },
            h("h2", { id: "assignment-heading" }, "Assignment"),
            h("p", { class: "hint" }, "On: a chat that needs a person goes to the online agent with the fewest live chats, within seconds, as if they had taken it over. Off: agents take chats themselves."),
            this.body);
    }

    async show() {
        replace(this.body, h("p", { class: "hint" }, "Loading…"));
        try {
            replace(this.body, this.#form(await api.get("/assignment", { quiet: true })));
        } catch (error) {
            replace(this.body, unavailable(error));
        }
    }

    #form(current) {
        const enabled = toggle({ label: "Assign waiting chats automatically", hint: "Round robin among online agents", testid: "assignment-enabled" });
        enabled.input.checked = Boolean(current.enabled);
        const id = uid("assignment-cap");
        const cap = h("input", { id, type: "number", min: "1", max: "50", required: true, value: String(current.maxChatsPerAgent), "data-testid": "assignment-cap" });
        const saved = savedIndicator("assignment-saved");
        const error = h("p", { class: "form-error", role: "alert", "data-testid": "assignment-error" });
        return h("form", { class: "form", onsubmit: async (event) => {
            event.preventDefault();
            error.textContent = "";
            saved.saving();
            try {
                const next = await api.put("/assignment", { enabled: enabled.input.checked, maxChatsPerAgent: Number(cap.value) }, { quiet: true });
                enabled.input.checked = next.enabled;
                cap.value = String(next.maxChatsPerAgent);
                saved.saved();
            } catch (problem) {
                saved.failed();
                error.textContent = problem.message;
            }
        } },
        enabled.row,
        h("div", { class: "field" }, h("label", { for: id }, "Live chats per agent at most"), cap),
        error,
        h("div", { class: "form-buttons" }, h("button", { type: "submit", class: "primary", "data-testid": "assignment-save" }, "Save assignment"), saved.node));
    }
}
