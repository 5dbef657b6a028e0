// Admin only: webhook subscriptions (add with the one-time secret, pause/resume, rotate the
// secret, delete) and each one's delivery log with a redeliver button. Values go in as text.

import { api, seg } from "./api.js";
import { h, replace, uid } from "./dom.js";
import { fullTime } from "./format.js";
import { unavailable } from "./queues.js";

/** The organisation's webhook subscriptions and their delivery logs. */
export class WebhooksView {
    constructor() {
        this.body = h("div", {});
        this.secret = h("div", { "data-testid": "webhook-secret", hidden: true });
        this.node = h("section", { class: "card", "aria-labelledby": "webhooks-heading", "data-testid": "webhooks" },
            h("h2", { id: "webhooks-heading" }, "Webhooks"),
            h("p", { class: "hint" }, "Switchboard POSTs the events you choose to your URL, signed with Switchboard-Signature (HMAC-SHA256 of \"t.body\" with the subscription's secret). Failed deliveries are retried with backoff."),
            this.secret, this.body);
    }

    async show() {
        replace(this.body, h("p", { class: "hint" }, "Loading…"));
        try {
            const { webhooks, eventTypes } = await api.get("/admin/webhooks", { quiet: true });
            replace(this.body, this.#list(webhooks), this.#form(eventTypes));
        } catch (error) {
            replace(this.body, unavailable(error));
        }
    }

    /** Shows a secret once, with the subscription it belongs to. */
    #showSecret(url, secret) {
        this.secret.hidden = false;
        replace(this.secret, h("div", { class: "notice", role: "status" },
            h("p", {}, "Signing secret for ", h("code", {}, url), " — copy it now, it is not shown again:"),
            h("code", { class: "secret", "data-testid": "webhook-secret-value" }, secret),
            h("button", { type: "button", onclick: () => { this.secret.hidden = true; replace(this.secret); } }, "Done")));
    }

    #list(webhooks) {
        if (webhooks.length === 0) return h("p", { class: "hint", "data-testid": "webhooks-empty" }, "No webhooks yet.");
        return h("div", { class: "table-wrap" }, h("table", { class: "table" },
            h("thead", {}, h("tr", {}, h("th", {}, "URL"), h("th", {}, "Events"), h("th", {}, "State"), h("th", {}, ""))),
            h("tbody", {}, webhooks.flatMap((webhook) => this.#row(webhook)))));
    }

    #row(webhook) {
        const log = h("tr", { hidden: true, "data-testid": "webhook-log-row" }, h("td", { colspan: "4" }));
        const error = h("span", { class: "form-error", role: "alert" });
        const act = async (work) => {
            error.textContent = "";
            try {
                await work();
            } catch (problem) {
                error.textContent = problem.message;
            }
        };
        const toggleLog = () => act(async () => {
            if (!log.hidden) { log.hidden = true; return; }
            log.hidden = false;
            await this.#showLog(webhook, log.firstChild);
        });
        return [
            h("tr", { "data-testid": "webhook", "data-webhook-id": webhook.id },
                h("td", {}, h("code", {}, webhook.url), webhook.description ? h("div", { class: "hint" }, webhook.description) : null),
                h("td", {}, webhook.events.join(", ")),
                h("td", { "data-testid": "webhook-state" }, webhook.active ? "Active" : "Paused"),
                h("td", { class: "row-actions" },
                    h("button", { type: "button", "data-testid": "webhook-log", onclick: toggleLog }, "Delivery log"),
                    h("button", { type: "button", "data-testid": "webhook-toggle", onclick: () => act(async () => {
                        await api.patch(`/admin/webhooks/${seg(webhook.id)}`, { active: !webhook.active }, { quiet: true });
                        await this.show();
                    }) }, webhook.active ? "Pause" : "Resume"),
                    h("button", { type: "button", "data-testid": "webhook-rotate", onclick: () => act(async () => {
                        if (!window.confirm("Rotate the signing secret? The receiver must switch to the new one.")) return;
                        const rotated = await api.post(`/admin/webhooks/${seg(webhook.id)}/rotate-secret`, {}, { quiet: true });
                        this.#showSecret(webhook.url, rotated.secret);
                    }) }, "Rotate secret"),
                    h("button", { type: "button", class: "danger", "data-testid": "webhook-delete", onclick: () => act(async () => {
                        if (!window.confirm(`Delete the webhook to ${webhook.url} and its delivery log?`)) return;
                        await api.delete(`/admin/webhooks/${seg(webhook.id)}`, { quiet: true });
                        await this.show();
                    }) }, "Delete"),
                    error)),
            log,
        ];
    }

    async #showLog(webhook, cell) {
        replace(cell, h("p", { class: "hint" }, "Loading…"));
        const { deliveries } = await api.get(`/admin/webhooks/${seg(webhook.id)}/deliveries?limit=50`, { quiet: true });
        if (deliveries.length === 0) {
            replace(cell, h("p", { class: "hint" }, "No deliveries yet."));
            return;
        }
        replace(cell, h("table", { class: "table", "data-testid": "webhook-deliveries" },
            h("thead", {}, h("tr", {}, h("th", {}, "Event"), h("th", {}, "Status"), h("th", {}, "Attempts"),
                h("th", {}, "Last response"), h("th", {}, "Next attempt"), h("th", {}, "Created"), h("th", {}, ""))),
            h("tbody", {}, deliveries.map((delivery) => h("tr", { "data-testid": "webhook-delivery", "data-status": delivery.status },
                h("td", {}, delivery.event),
                h("td", {}, delivery.status),
                h("td", {}, String(delivery.attempts)),
                h("td", {}, delivery.lastStatusCode !== null ? String(delivery.lastStatusCode) : (delivery.lastError ?? "—")),
                h("td", {}, delivery.nextAttemptAt ? fullTime(delivery.nextAttemptAt) : "—"),
                h("td", {}, fullTime(delivery.createdAt)),
                h("td", {}, delivery.status === "pending" ? null : h("button", { type: "button", "data-testid": "webhook-redeliver",
                    onclick: async (event) => {
                        event.target.disabled = true;
                        try {
                            await api.post(`/admin/webhooks/${seg(webhook.id)}/deliveries/${seg(delivery.id)}/redeliver`, {}, { quiet: true });
                            await this.#showLog(webhook, cell);
                        } catch (problem) {
                            event.target.disabled = false;
                            event.target.title = problem.message;
                        }
                    } }, "Redeliver")))))));
    }

    #form(eventTypes) {
        const urlId = uid("webhook-url");
        const url = h("input", { id: urlId, type: "url", required: true, placeholder: "https://crm.example.com/hooks/switchboard", "data-testid": "webhook-url" });
        const boxes = eventTypes.map((type) => {
            const id = uid("webhook-event");
            const input = h("input", { type: "checkbox", id, value: type, "data-testid": "webhook-event" });
            return { input, node: h("span", { class: "toggle" }, input, h("label", { for: id }, type)) };
        });
        const error = h("p", { class: "form-error", role: "alert" });
        return h("form", { class: "form", "data-testid": "webhook-form", onsubmit: async (event) => {
            event.preventDefault();
            error.textContent = "";
            const events = boxes.filter((box) => box.input.checked).map((box) => box.input.value);
            try {
                const created = await api.post("/admin/webhooks", { url: url.value.trim(), events }, { quiet: true });
                await this.show();
                this.#showSecret(created.webhook.url, created.secret);
            } catch (problem) {
                error.textContent = problem.message;
            }
        } },
        h("h3", {}, "Add a webhook"),
        h("div", { class: "field" }, h("label", { for: urlId }, "Receiver URL"), url),
        h("fieldset", { class: "field" }, h("legend", {}, "Events"), boxes.map((box) => box.node)),
        error,
        h("div", { class: "form-buttons" }, h("button", { type: "submit", class: "primary", "data-testid": "webhook-add" }, "Add webhook")));
    }
}
