// Admin only: the organisation's team (roles, disabling), its single sign-on provider, and the
// audit log of settings, role and clean-up changes. Every value from the server goes in as text.

import { api, seg } from "./api.js";
import { h, replace, savedIndicator, uid } from "./dom.js";
import { fullTime } from "./format.js";
import { unavailable } from "./queues.js";

const ROLES = ["agent", "supervisor", "admin"];

/** The team: each agent's role and whether they can sign in; changes save at once. */
export class TeamView {
    constructor({ me }) {
        this.me = me;
        this.body = h("div", {});
        this.node = h("section", { class: "card", "aria-labelledby": "team-heading", "data-testid": "team" },
            h("h2", { id: "team-heading" }, "Team"),
            h("p", { class: "hint" }, "Roles: agents chat; supervisors also edit the playbook and test plan and archive chats; admins change settings. Disabling someone signs them out everywhere at once."),
            this.body);
    }

    async show() {
        replace(this.body, h("p", { class: "hint" }, "Loading…"));
        try {
            const { agents } = await api.get("/admin/agents", { quiet: true });
            replace(this.body, this.#table(agents));
        } catch (error) {
            replace(this.body, unavailable(error));
        }
    }

    #table(agents) {
        return h("div", { class: "table-wrap" }, h("table", { class: "table" },
            h("thead", {}, h("tr", {}, h("th", {}, "Name"), h("th", {}, "Email"), h("th", {}, "Role"), h("th", {}, "Can sign in"), h("th", {}, "Last sign-in"), h("th", {}, ""))),
            h("tbody", {}, agents.map((agent) => this.#row(agent)))));
    }

    #row(agent) {
        const self = String(agent.id).toLowerCase() === String(this.me.id).toLowerCase();
        const saved = savedIndicator("team-saved");
        const roleId = uid("role");
        const role = h("select", { id: roleId, "data-testid": "team-role", disabled: self, "aria-label": `Role of ${agent.displayName}` },
            ROLES.map((r) => h("option", { value: r, selected: r === agent.role }, r)));
        const enabled = h("input", { type: "checkbox", checked: !agent.disabled, disabled: self, "data-testid": "team-enabled", "aria-label": `${agent.displayName} can sign in` });
        const save = async (change, undo) => {
            saved.saving();
            try {
                await api.put(`/admin/agents/${seg(agent.id)}`, change, { quiet: true });
                saved.saved();
            } catch (error) {
                saved.failed();
                undo();
                saved.node.textContent = error.message;
            }
        };
        role.addEventListener("change", () => {
            const before = agent.role;
            agent.role = role.value;
            save({ role: role.value }, () => { role.value = before; agent.role = before; });
        });
        enabled.addEventListener("change", () => {
            save({ disabled: !enabled.checked }, () => { enabled.checked = !enabled.checked; });
        });
        return h("tr", { "data-testid": "team-member", "data-agent-id": agent.id },
            h("td", {}, agent.displayName, self ? h("span", { class: "hint" }, " (you)") : null),
            h("td", {}, agent.email ?? "—"),
            h("td", {}, role),
            h("td", {}, enabled),
            h("td", {}, agent.lastSignInAt ? fullTime(agent.lastSignInAt) : "never"),
            h("td", {}, saved.node));
    }
}

/** The OpenID Connect provider agents sign in with; the client secret is write-only. */
export class SingleSignOnView {
    constructor() {
        this.body = h("div", {});
        this.node = h("section", { class: "card", "aria-labelledby": "sso-heading", "data-testid": "sso" },
            h("h2", { id: "sso-heading" }, "Single sign-on"),
            h("p", { class: "hint" }, `Register ${window.location.origin}/console/auth/callback as the redirect URI at your provider.`),
            this.body);
    }

    async show() {
        replace(this.body, h("p", { class: "hint" }, "Loading…"));
        try {
            replace(this.body, this.#form(await api.get("/sso", { quiet: true })));
        } catch (error) {
            replace(this.body, unavailable(error));
        }
    }

    #form(current) {
        const field = (label, attrs, help) => {
            const id = uid("sso");
            const input = h("input", { id, ...attrs });
            return { input, node: h("div", { class: "field" }, h("label", { for: id }, label), help ? h("p", { class: "hint" }, help) : null, input) };
        };
        const issuer = field("Issuer URL", { value: current.issuer ?? "", type: "url", required: true, "data-testid": "sso-issuer" });
        const clientId = field("Client ID", { value: current.clientId ?? "", required: true, "data-testid": "sso-client-id" });
        const secret = field("Client secret", { type: "password", autocomplete: "new-password", "data-testid": "sso-client-secret",
            placeholder: current.clientSecretSet ? "Stored — leave empty to keep it" : "" },
        "Stored encrypted; never shown again.");
        const roleClaim = field("Role claim (optional)", { value: current.roleClaim ?? "", "data-testid": "sso-role-claim" },
            "A claim holding agent, supervisor or admin; when set, each sign-in updates the role.");
        const saved = savedIndicator("sso-saved");
        const error = h("p", { class: "form-error", role: "alert" });
        return h("form", { class: "form", onsubmit: async (event) => {
            event.preventDefault();
            error.textContent = "";
            saved.saving();
            try {
                await api.put("/sso", {
                    issuer: issuer.input.value.trim(),
                    clientId: clientId.input.value.trim(),
                    clientSecret: secret.input.value === "" ? null : secret.input.value,
                    roleClaim: roleClaim.input.value.trim() || null,
                }, { quiet: true });
                secret.input.value = "";
                secret.input.placeholder = "Stored — leave empty to keep it";
                saved.saved();
            } catch (problem) {
                saved.failed();
                error.textContent = problem.message;
            }
        } },
        issuer.node, clientId.node, secret.node, roleClaim.node, error,
        h("div", { class: "form-buttons" }, h("button", { type: "submit", class: "primary", "data-testid": "sso-save" }, "Save sign-in settings"), saved.node));
    }
}

/** Who changed what, newest first. */
export class AuditView {
    constructor() {
        this.body = h("div", {});
        this.node = h("section", { class: "card", "aria-labelledby": "audit-heading", "data-testid": "audit" },
            h("h2", { id: "audit-heading" }, "Audit log"),
            h("p", { class: "hint" }, "Settings, sign-in, role and clean-up changes; the newest 50."),
            this.body);
    }

    async show() {
        replace(this.body, h("p", { class: "hint" }, "Loading…"));
        try {
            const { entries } = await api.get("/audit?limit=50", { quiet: true });
            replace(this.body, entries.length === 0 ? h("p", { class: "hint" }, "Nothing yet.") :
                h("div", { class: "table-wrap" }, h("table", { class: "table" },
                    h("thead", {}, h("tr", {}, h("th", {}, "When"), h("th", {}, "Who"), h("th", {}, "What"), h("th", {}, "Details"))),
                    h("tbody", {}, entries.map((entry) => h("tr", { "data-testid": "audit-entry" },
                        h("td", {}, fullTime(entry.at)),
                        h("td", {}, entry.actor ?? "—"),
                        h("td", {}, entry.action),
                        h("td", {}, h("code", { class: "audit-details" }, summarise(entry.details)))))))));
        } catch (error) {
            replace(this.body, unavailable(error));
        }
    }
}

function summarise(details) {
    if (details === null || details === undefined) return "";
    const text = typeof details === "string" ? details : JSON.stringify(details);
    return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
