// Organisation settings: everyone can read them, admins change them (AI chat on/off, business
// hours and time zone, the widget's allowed origins, idle close, widget key rotation).

import { api } from "./api.js";
import { h, replace, savedIndicator, toggle, uid } from "./dom.js";
import { unavailable } from "./queues.js";

const DAYS = [["mon", "Monday"], ["tue", "Tuesday"], ["wed", "Wednesday"], ["thu", "Thursday"], ["fri", "Friday"], ["sat", "Saturday"], ["sun", "Sunday"]];

export class SettingsView {
    constructor({ me }) {
        this.isAdmin = me.role === "admin";
        this.body = h("div", {});
        this.node = h("div", { class: "page settings" },
            h("section", { class: "card", "aria-labelledby": "settings-heading" },
                h("h2", { id: "settings-heading" }, "Settings"),
                this.isAdmin ? null : h("p", { class: "hint" }, "Only an administrator can change these."),
                this.body));
    }

    async show() {
        replace(this.body, h("p", { class: "hint" }, "Loading…"));
        try {
            this.#render(await api.get("/settings", { quiet: true }));
        } catch (error) {
            replace(this.body, unavailable(error));
        }
    }

    #render(settings) {
        const readOnly = !this.isAdmin;
        const saved = savedIndicator("settings-saved");
        // The AI switch saves the moment it flips, like the review flags; the form saves the rest.
        const aiSaved = savedIndicator("settings-ai-saved");
        const aiError = h("p", { class: "form-error", role: "alert", "data-testid": "settings-ai-error" });
        const ai = toggle({ label: "AI chat enabled", hint: "When off, every new chat waits for a human", testid: "settings-ai-enabled", onchange: async () => {
            const wanted = ai.input.checked;
            aiError.textContent = "";
            aiSaved.saving();
            try {
                const next = await api.put("/settings", { aiChatEnabled: wanted }, { quiet: true });
                if (ai.input.checked !== wanted) return; // flipped again meanwhile: that save reports
                ai.input.checked = Boolean(next?.aiChatEnabled ?? wanted);
                aiSaved.saved();
            } catch (problem) {
                if (ai.input.checked !== wanted) return;
                ai.input.checked = !wanted;
                aiSaved.failed();
                aiError.textContent = problem.message;
            }
        } });
        ai.input.checked = Boolean(settings.aiChatEnabled);
        ai.input.disabled = readOnly;

        const zoneId = uid("zone");
        const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
        const zone = h("input", { id: zoneId, list: `${zoneId}-list`, value: settings.timeZone ?? "", disabled: readOnly, "data-testid": "settings-time-zone", autocomplete: "off" });
        const zoneList = h("datalist", { id: `${zoneId}-list` }, zones.map((z) => h("option", { value: z })));

        const hours = {};
        const hoursRows = DAYS.map(([key, label]) => {
            const id = uid(`hours-${key}`);
            const ranges = settings.businessHours?.[key] ?? [];
            hours[key] = h("input", {
                id, value: ranges.map(([from, to]) => `${from}–${to}`).join(", "), placeholder: "Closed",
                disabled: readOnly, "data-testid": `settings-hours-${key}`, "aria-describedby": "hours-help", inputmode: "numeric",
            });
            return h("div", { class: "hours-row" }, h("label", { for: id }, label), hours[key]);
        });

        const originsId = uid("origins");
        const origins = h("textarea", { id: originsId, rows: "3", disabled: readOnly, "data-testid": "settings-origins", "aria-describedby": `${originsId}-help` });
        origins.value = (settings.widgetAllowedOrigins ?? []).join("\n");

        const idleId = uid("idle");
        const idle = h("input", { id: idleId, type: "number", min: "1", max: "1440", value: String(settings.idleCloseMinutes ?? 30), disabled: readOnly, "data-testid": "settings-idle" });

        const error = h("p", { class: "form-error", role: "alert" });
        const keyValue = h("code", { "data-testid": "settings-widget-key" }, settings.widgetKey ?? "—");
        const rotate = this.isAdmin ? h("button", { type: "button", "data-testid": "settings-rotate-key" }, "Rotate key") : null;
        rotate?.addEventListener("click", async () => {
            if (!window.confirm("Rotate the widget key? Every site must update its <script> tag, or its chat stops working.")) return;
            rotate.disabled = true;
            try {
                const next = await api.post("/settings/widget-key/rotate", {});
                keyValue.textContent = next.widgetKey ?? "—";
            } finally {
                rotate.disabled = false;
            }
        });

        const form = h("form", { class: "form", onsubmit: async (e) => {
            e.preventDefault();
            error.textContent = "";
            let businessHours;
            try {
                businessHours = Object.fromEntries(DAYS.map(([key, label]) => [key, parseRanges(hours[key].value, label)]));
            } catch (problem) {
                error.textContent = problem.message;
                return;
            }
            saved.saving();
            try {
                const next = await api.put("/settings", {
                    aiChatEnabled: ai.input.checked,
                    timeZone: zone.value.trim(),
                    businessHours,
                    widgetAllowedOrigins: origins.value.split(/\s+/).map((o) => o.trim()).filter(Boolean),
                    idleCloseMinutes: Number(idle.value),
                }, { quiet: true });
                saved.saved();
                keyValue.textContent = next?.widgetKey ?? keyValue.textContent;
            } catch (problem) {
                saved.failed();
                error.textContent = problem.message;
            }
        } },
            h("div", { class: "toggle-with-status" }, ai.row, aiSaved.node),
            aiError,
            h("fieldset", {},
                h("legend", {}, "Business hours"),
                h("p", { class: "hint", id: "hours-help" }, "Times like 09:00–17:00; several ranges separated by commas; empty means closed. Outside these hours a handoff becomes an after-hours request."),
                h("div", { class: "field" }, h("label", { for: zoneId }, "Time zone"), zone, zoneList),
                h("div", { class: "hours" }, hoursRows)),
            h("div", { class: "field" }, h("label", { for: originsId }, "Allowed origins"),
                h("p", { class: "hint", id: `${originsId}-help` }, "One per line, e.g. https://www.example.com. The widget works only on these sites."), origins),
            h("div", { class: "field" }, h("label", { for: idleId }, "Close idle AI chats after (minutes)"), idle),
            error,
            this.isAdmin ? h("div", { class: "form-buttons" }, h("button", { type: "submit", class: "primary", "data-testid": "settings-save" }, "Save settings"), saved.node) : null);

        replace(this.body, form,
            h("section", { class: "subsection", "aria-labelledby": "widget-key-heading" },
                h("h3", { id: "widget-key-heading" }, "Widget key"),
                h("p", { class: "hint" }, "The key in your sites' <script> tag."),
                h("p", { class: "widget-key" }, keyValue, rotate)));
    }
}

/** "09:00–12:00, 13:00-17:00" → [["09:00","12:00"],["13:00","17:00"]]. */
export function parseRanges(text, day) {
    const trimmed = text.trim();
    if (!trimmed) return [];
    return trimmed.split(",").map((part) => {
        const match = part.trim().match(/^(\d{1,2}):(\d{2})\s*[-–—]\s*(\d{1,2}):(\d{2})$/);
        if (!match) throw new Error(`${day}: write hours like 09:00–17:00.`);
        const pad = (n) => n.padStart(2, "0");
        return [`${pad(match[1])}:${match[2]}`, `${pad(match[3])}:${match[4]}`];
    });
}
