// Admin only: the organisation's SMTP server for emails to customers (an agent's reply when the
// customer has left, a transcript an agent sends), a test email, and the latest failed sends.
// The password is write-only: the server only says whether one is stored.

import { api } from "./api.js";
import { h, replace, savedIndicator, toggle, uid } from "./dom.js";
import { fullTime } from "./format.js";
import { unavailable } from "./queues.js";

const PASSWORD_STORED = "Stored — leave empty to keep it";

export class EmailSettingsView {
    constructor() {
        this.body = h("div", {});
        this.failures = h("div", { "data-testid": "email-failures" });
        this.node = h("section", { class: "card", "aria-labelledby": "email-heading", "data-testid": "email-settings" },
            h("h2", { id: "email-heading" }, "Email"),
            h("p", { class: "hint" }, "When on, an agent's reply to a customer who has left the chat is emailed to them with the conversation so far, and agents can email a chat's transcript. Customers' addresses come from the chat (the contact form or a message)."),
            this.body,
            h("h3", {}, "Recent failures"),
            this.failures);
    }

    async show() {
        replace(this.body, h("p", { class: "hint" }, "Loading…"));
        try {
            replace(this.body, this.#form(await api.get("/email", { quiet: true })));
        } catch (error) {
            replace(this.body, unavailable(error));
        }
        await this.#showFailures();
    }

    async #showFailures() {
        try {
            const { emails } = await api.get("/email/failures", { quiet: true });
            replace(this.failures, emails.length === 0
                ? h("p", { class: "hint" }, "No failed emails.")
                : h("ul", { class: "email-failures" }, emails.map((email) => h("li", { "data-testid": "email-failure" },
                    h("strong", {}, email.status === "failed" ? "Failed" : "Retrying"),
                    ` ${email.recipient} · ${fullTime(email.lastAttemptAt)} · ${email.attempts} ${email.attempts === 1 ? "attempt" : "attempts"}`,
                    h("div", { class: "hint email-error" }, email.lastError ?? "")))));
        } catch (error) {
            replace(this.failures, unavailable(error));
        }
    }

    #form(current) {
        const field = (label, attrs, help) => {
            const id = uid("email");
            const input = h("input", { id, ...attrs });
            return { input, node: h("div", { class: "field" }, h("label", { for: id }, label), help ? h("p", { class: "hint" }, help) : null, input) };
        };
        const enabled = toggle({ label: "Send emails to customers", hint: "Needs a host and a from address", testid: "email-enabled" });
        enabled.input.checked = Boolean(current.enabled);
        const host = field("SMTP host", { value: current.host ?? "", placeholder: "smtp.example.com", autocomplete: "off", "data-testid": "email-host" });
        const port = field("Port", { type: "number", min: "1", max: "65535", required: true, value: String(current.port ?? 587), "data-testid": "email-port" });
        const security = h("select", { id: uid("email-security"), "data-testid": "email-security" },
            [["starttls", "STARTTLS (port 587)"], ["tls", "TLS from the start (port 465)"], ["none", "None (this machine only when signing in)"]]
                .map(([value, text]) => h("option", { value, selected: value === current.security }, text)));
        const username = field("Username (optional)", { value: current.username ?? "", autocomplete: "off", "data-testid": "email-username" });
        const password = field("Password", { type: "password", autocomplete: "new-password", "data-testid": "email-password",
            placeholder: current.passwordSet ? PASSWORD_STORED : "None" }, "Stored encrypted; never shown again.");
        const removePassword = h("input", { type: "checkbox", id: uid("email-remove"), "data-testid": "email-remove-password", disabled: !current.passwordSet });
        const removeRow = h("div", { class: "toggle" }, removePassword, h("label", { for: removePassword.id }, "Forget the stored password"));
        const passwordState = h("p", { class: "hint", "data-testid": "email-password-state" }, current.passwordSet ? "A password is stored." : "No password stored.");
        const fromAddress = field("From address", { type: "email", value: current.fromAddress ?? "", placeholder: "support@example.com", "data-testid": "email-from-address" });
        const fromName = field("From name (optional)", { value: current.fromName ?? "", maxlength: "100", placeholder: "Your organisation's name", "data-testid": "email-from-name" });
        const saved = savedIndicator("email-saved");
        const error = h("p", { class: "form-error", role: "alert", "data-testid": "email-error" });

        const testTo = field("Send a test email to", { type: "email", placeholder: "you@example.com", "data-testid": "email-test-to" });
        const testResult = h("p", { class: "hint", role: "status", "data-testid": "email-test-result" });
        const test = h("button", { type: "button", "data-testid": "email-test", onclick: async () => {
            testResult.textContent = "Sending…";
            try {
                const result = await api.post("/email/test", { to: testTo.input.value.trim() }, { quiet: true });
                testResult.textContent = result.sent ? "Sent: the server accepted the test email." : `Not sent: ${result.error}`;
            } catch (problem) {
                testResult.textContent = problem.message;
            }
        } }, "Send test email");

        const form = h("form", { class: "form", onsubmit: async (event) => {
            event.preventDefault();
            error.textContent = "";
            saved.saving();
            const change = {
                enabled: enabled.input.checked,
                host: host.input.value.trim(),
                port: Number(port.input.value),
                security: security.value,
                username: username.input.value.trim(),
                fromAddress: fromAddress.input.value.trim(),
                fromName: fromName.input.value.trim(),
            };
            if (password.input.value !== "") change.password = password.input.value;
            else if (removePassword.checked) change.removePassword = true;
            try {
                const next = await api.put("/email", change, { quiet: true });
                password.input.value = "";
                removePassword.checked = false;
                removePassword.disabled = !next.passwordSet;
                password.input.placeholder = next.passwordSet ? PASSWORD_STORED : "None";
                passwordState.textContent = next.passwordSet ? "A password is stored." : "No password stored.";
                saved.saved();
            } catch (problem) {
                saved.failed();
                error.textContent = problem.message;
            }
        } },
        enabled.row, host.node, port.node,
        h("div", { class: "field" }, h("label", { for: security.id }, "Security"), security),
        username.node, password.node, passwordState, removeRow, fromAddress.node, fromName.node, error,
        h("div", { class: "form-buttons" }, h("button", { type: "submit", class: "primary", "data-testid": "email-save" }, "Save email settings"), saved.node));
        return h("div", {}, form, h("div", { class: "form email-test" }, testTo.node, h("div", { class: "form-buttons" }, test), testResult));
    }
}
