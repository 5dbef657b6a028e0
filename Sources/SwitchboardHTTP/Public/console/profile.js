// Profile: the display name customers see ("Carol joined"), pulled from the sign-in with an
// optional override, and sign out.

import { api } from "./api.js";
import { h, savedIndicator, uid } from "./dom.js";

export class ProfileView {
    constructor({ me, organisation, onChange, onSignOut }) {
        this.me = me;
        this.organisation = organisation;
        this.onChange = onChange;
        const id = uid("display-name");
        const saved = savedIndicator("display-name-saved");
        this.input = h("input", { id, maxlength: "80", autocomplete: "nickname", "data-testid": "display-name", "aria-describedby": `${id}-help` });
        this.pulled = h("p", { class: "hint", id: `${id}-help` });
        this.error = h("p", { class: "form-error", role: "alert" });
        this.render();
        const save = async (value) => {
            this.error.textContent = "";
            saved.saving();
            try {
                const next = await api.patch("/me", { displayNameOverride: value }, { quiet: true });
                this.me = next.agent;
                this.render();
                saved.saved();
                onChange(next);
            } catch (error) {
                saved.failed();
                this.error.textContent = error.message;
            }
        };
        this.node = h("div", { class: "page profile" },
            h("section", { class: "card", "aria-labelledby": "profile-heading" },
                h("h2", { id: "profile-heading" }, "Your profile"),
                h("p", { class: "hint" }, `Pulled automatically from your ${organisation.name} sign-in. Customers see this when you take over (e.g. "${firstName(me.displayName)} joined"). Override it here if you'd like.`),
                h("form", { class: "form", onsubmit: (e) => { e.preventDefault(); save(this.input.value.trim() || null); } },
                    h("div", { class: "field" }, h("label", { for: id }, "Display name"), this.input, this.pulled),
                    this.error,
                    h("div", { class: "form-buttons" },
                        h("button", { type: "submit", class: "primary", "data-testid": "display-name-save" }, "Save name"),
                        h("button", { type: "button", "data-testid": "display-name-reset", onclick: () => { this.input.value = ""; save(null); } }, "Use my sign-in name"),
                        saved.node))),
            h("section", { class: "card", "aria-labelledby": "account-heading" },
                h("h2", { id: "account-heading" }, "Account"),
                h("dl", { class: "facts" },
                    h("dt", {}, "Signed in as"), h("dd", {}, me.email || me.signInName || "—"),
                    h("dt", {}, "Role"), h("dd", {}, me.role),
                    h("dt", {}, "Organisation"), h("dd", {}, organisation.name)),
                h("button", { type: "button", "data-testid": "sign-out", onclick: onSignOut }, "Sign out")));
    }

    render() {
        this.input.value = this.me.displayNameOverride ?? "";
        this.input.placeholder = this.me.signInName ?? "";
        this.pulled.textContent = this.me.displayNameOverride
            ? `Your sign-in name is ${this.me.signInName}.`
            : `Pulled from your ${this.organisation.name} sign-in`;
    }
}

function firstName(name) {
    return String(name ?? "").split(/\s+/)[0] || "Carol";
}
