// Admin only: REST API keys for business teams' scripts (/api/v1). Create one with a name and
// scopes (its secret is shown once, with a copy button), see each key's prefix, scopes, when it
// was created and last used, and revoke it. Values go in as text.

import { api, seg } from "./api.js";
import { h, replace, uid } from "./dom.js";
import { fullTime } from "./format.js";
import { unavailable } from "./queues.js";

/** The organisation's API keys: create, list, revoke. */
export class APIKeysView {
    constructor() {
        this.body = h("div", {});
        this.secret = h("div", { "data-testid": "api-key-secret", hidden: true });
        this.node = h("section", { class: "card", "aria-labelledby": "api-keys-heading", "data-testid": "api-keys" },
            h("h2", { id: "api-keys-heading" }, "API keys"),
            h("p", { class: "hint" }, "Keys for your team's scripts and integrations on the REST API (/api/v1), sent as “Authorization: Bearer sk_live_…”. Give each key only the scopes it needs."),
            this.secret, this.body);
    }

    async show() {
        replace(this.body, h("p", { class: "hint" }, "Loading…"));
        try {
            const { apiKeys, scopes } = await api.get("/admin/api-keys", { quiet: true });
            replace(this.body, this.#list(apiKeys), this.#form(scopes ?? []));
        } catch (error) {
            replace(this.body, unavailable(error));
        }
    }

    /** Shows a new key's secret, the only time it can be seen, until the admin dismisses it. */
    #showSecret(key) {
        const value = h("code", { class: "secret", "data-testid": "api-key-secret-value" }, key.secret);
        const copied = h("span", { class: "saved", role: "status", "aria-live": "polite", "data-testid": "api-key-copied" });
        const copy = h("button", { type: "button", "data-testid": "api-key-copy", onclick: async () => {
            try {
                await navigator.clipboard.writeText(key.secret);
                copied.textContent = "Copied";
            } catch {
                // No clipboard access (an insecure origin, or denied): select it for Ctrl+C instead.
                window.getSelection()?.selectAllChildren(value);
                copied.textContent = "Selected — press Ctrl+C (⌘C) to copy";
            }
            copied.classList.add("visible");
        } }, "Copy");
        const done = h("button", { type: "button", "data-testid": "api-key-secret-done", onclick: () => {
            this.secret.hidden = true;
            replace(this.secret);
        } }, "I've stored it");
        this.secret.hidden = false;
        replace(this.secret, h("div", { class: "notice", role: "status" },
            h("p", {}, h("strong", {}, `Secret for “${key.name}”. `),
                "Copy it now and keep it somewhere safe: you won't see this again. Only its fingerprint is stored."),
            h("p", { class: "secret-row" }, value),
            h("div", { class: "form-buttons" }, copy, done, copied)));
        copy.focus();
    }

    #list(keys) {
        if (keys.length === 0) return h("p", { class: "hint", "data-testid": "api-keys-empty" }, "No API keys yet.");
        return h("ul", { class: "api-key-list", role: "list" }, keys.map((key) => this.#row(key)));
    }

    #row(key) {
        const error = h("p", { class: "form-error", role: "alert" });
        const revoked = Boolean(key.revokedAt);
        const revoke = revoked ? null : h("button", { type: "button", class: "danger", "data-testid": "api-key-revoke", onclick: async () => {
            if (!window.confirm(`Revoke the key “${key.name}” (${key.prefix})? Scripts using it stop working at once.`)) return;
            revoke.disabled = true;
            error.textContent = "";
            try {
                await api.post(`/admin/api-keys/${seg(key.id)}/revoke`, {}, { quiet: true });
                await this.show();
            } catch (problem) {
                revoke.disabled = false;
                error.textContent = problem.message;
            }
        } }, "Revoke");
        return h("li", { class: `api-key${revoked ? " revoked" : ""}`, "data-testid": "api-key", "data-api-key-id": key.id, "data-prefix": key.prefix },
            h("div", { class: "api-key-head" },
                h("span", { class: "api-key-name" }, key.name),
                h("code", { "data-testid": "api-key-prefix" }, key.prefix),
                revoked ? h("span", { class: "badge danger", "data-testid": "api-key-state" }, "Revoked") : null,
                revoke),
            h("dl", { class: "facts api-key-facts" },
                h("dt", {}, "Scopes"), h("dd", { "data-testid": "api-key-scopes" }, key.scopes.join(", ")),
                h("dt", {}, "Created"), h("dd", {}, fullTime(key.createdAt)),
                h("dt", {}, "Last used"), h("dd", { "data-testid": "api-key-last-used" }, key.lastUsedAt ? fullTime(key.lastUsedAt) : "Never"),
                revoked ? [h("dt", {}, "Revoked"), h("dd", {}, fullTime(key.revokedAt))] : null),
            error);
    }

    #form(scopes) {
        const nameId = uid("api-key-name");
        const name = h("input", { id: nameId, required: true, maxlength: "100", placeholder: "CRM sync", autocomplete: "off", "data-testid": "api-key-name" });
        const boxes = scopes.map((scope) => {
            const id = uid("api-key-scope");
            const input = h("input", { type: "checkbox", id, value: scope, "data-testid": "api-key-scope", "data-scope": scope });
            return { input, node: h("span", { class: "toggle" }, input, h("label", { for: id }, h("code", {}, scope))) };
        });
        const error = h("p", { class: "form-error", role: "alert", "data-testid": "api-key-error" });
        const submit = h("button", { type: "submit", class: "primary", "data-testid": "api-key-create" }, "Create key");
        return h("form", { class: "form", "data-testid": "api-key-form", onsubmit: async (event) => {
            event.preventDefault();
            error.textContent = "";
            const chosen = boxes.filter((box) => box.input.checked).map((box) => box.input.value);
            if (!name.value.trim()) {
                error.textContent = "Give the key a name, e.g. the script that will use it.";
                name.focus();
                return;
            }
            if (chosen.length === 0) {
                error.textContent = "Choose at least one scope.";
                return;
            }
            submit.disabled = true;
            try {
                const { apiKey } = await api.post("/admin/api-keys", { name: name.value.trim(), scopes: chosen }, { quiet: true });
                await this.show();
                this.#showSecret(apiKey);
            } catch (problem) {
                error.textContent = problem.message;
            } finally {
                submit.disabled = false;
            }
        } },
        h("h3", {}, "Create a key"),
        h("div", { class: "field" }, h("label", { for: nameId }, "Name"), name),
        h("fieldset", { class: "field" }, h("legend", {}, "Scopes"), h("div", { class: "scope-boxes" }, boxes.map((box) => box.node))),
        error,
        h("div", { class: "form-buttons" }, submit));
    }
}
