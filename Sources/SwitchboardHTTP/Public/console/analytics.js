// Chat Analytics: KPI cards against the previous range, charts, lists and the conversations behind
// any number. All numbers come from GET /console/api/analytics (the reporting.analytics_* SQL
// functions analysts call too); a number opens GET /console/api/analytics/conversations.

import { api } from "./api.js";
import { h, replace, uid } from "./dom.js";
import { fullTime, MODE_LABELS } from "./format.js";
import { heatMap, splitBar, stackedBarChart } from "./charts.js";
import { unavailable } from "./queues.js";

const KPI_CARDS = [
    { metric: "active", label: "Active", hint: "AI + needs human + live", drill: "active" },
    { metric: "resolved", label: "Resolved", hint: "closed + archived", drill: "resolved" },
    { metric: "followup", label: "Follow-up", hint: "awaiting agent action", drill: "followup" },
    { metric: "review", label: "Needs review", hint: "after-hours & AI QA", drill: "review" },
    { metric: "total", label: "Total chats", hint: "started in the range", drill: "total" },
    { metric: "ai_not_sure", label: "AI couldn’t answer", hint: "chats with a “not sure” answer", drill: "ai_not_sure" },
    { metric: "ai_accuracy", label: "AI accuracy", hint: "AI-answered chats not flagged incorrect", drill: "ai_incorrect", percent: true },
    { metric: "contact_capture", label: "Contact capture", hint: "chats with an email or phone", drill: "contact_capture", percent: true },
    { metric: "avg_messages", label: "Avg messages", hint: "per chat", drill: "total", decimals: 1 },
    { metric: "satisfaction", label: "Satisfaction", hint: "average rating of rated chats, 1–5", drill: "resolved", decimals: 1, suffix: " / 5" },
];

const METRIC_LABELS = {
    total: "All chats", active: "Active chats", resolved: "Resolved chats", followup: "Follow-up chats", review: "Chats needing review",
    ai_not_sure: "Chats the AI couldn’t answer", ai_answered: "AI-answered chats", ai_incorrect: "AI answers flagged incorrect",
    contact_capture: "Chats with contact details", escalated: "Chats escalated to a human", ai_only: "AI-only chats",
    resolved_ai: "Resolved by the AI", resolved_human: "Resolved by a human", ai_to_agent: "AI-to-agent takeovers",
    agent_to_agent: "Agent-to-agent handoffs", followup_open: "Open follow-ups", needs_correction: "Needs correction",
};

const ACTIVITY_LABELS = { escalation: "Escalated", contact_capture: "Contact captured", resolved: "Resolved" };
const PRESETS = [7, 30, 90];

/** Formats a KPI value: a count, a percentage or a decimal; "—" when there is none. */
export function formatKpi(card, value) {
    if (value === null || value === undefined) return "—";
    if (card.percent) return `${Math.round(value * 1000) / 10}%`;
    if (card.decimals) return `${value.toFixed(card.decimals)}${card.suffix ?? ""}`;
    return String(Math.round(value));
}

function addDays(day, n) {
    const date = new Date(`${day}T00:00:00Z`);
    date.setUTCDate(date.getUTCDate() + n);
    return date.toISOString().slice(0, 10);
}

function transcriptLink(id, text) {
    return h("a", { href: `#/conversations/${encodeURIComponent(id)}`, "data-testid": "analytics-transcript-link" }, text);
}

export class AnalyticsView {
    constructor() {
        this.range = null;
        this.status = h("p", { class: "hint", role: "status", "aria-live": "polite", "data-testid": "analytics-status" }, "Loading…");
        this.presetButtons = PRESETS.map((days) => h("button", { type: "button", class: "small", "aria-pressed": "false",
            "data-testid": `analytics-range-${days}`, onclick: () => this.#preset(days) }, `${days} days`));
        const fromId = uid("from"), toId = uid("to");
        this.fromInput = h("input", { type: "date", id: fromId, "data-testid": "analytics-from" });
        this.toInput = h("input", { type: "date", id: toId, "data-testid": "analytics-to" });
        this.rangeText = h("span", { class: "hint", "data-testid": "analytics-range-text" });
        this.body = h("div", { class: "analytics-body" });
        this.drill = h("section", { class: "card drilldown", hidden: true, tabindex: "-1", "aria-labelledby": "drill-heading", "data-testid": "analytics-drilldown" });
        this.node = h("div", { class: "page analytics", "data-testid": "analytics" },
            h("section", { class: "card", "aria-labelledby": "analytics-heading" },
                h("div", { class: "card-title" },
                    h("h2", { id: "analytics-heading" }, "Chat Analytics"),
                    h("div", { class: "range-picker", role: "group", "aria-label": "Date range" },
                        this.presetButtons,
                        h("form", { class: "custom-range", onsubmit: (e) => { e.preventDefault(); this.#custom(); } },
                            h("label", { for: fromId }, "From"), this.fromInput,
                            h("label", { for: toId }, "To"), this.toInput,
                            h("button", { type: "submit", class: "small", "data-testid": "analytics-apply" }, "Apply")))),
                this.rangeText, this.status),
            this.drill,
            this.body);
    }

    show() {
        return this.#load(this.range ? { from: this.range.from, to: this.range.to } : {});
    }

    #preset(days) {
        const to = this.range?.today ?? new Date().toISOString().slice(0, 10);
        return this.#load({ from: addDays(to, -(days - 1)), to });
    }

    #custom() {
        if (!this.fromInput.value || !this.toInput.value) {
            this.status.textContent = "Choose both dates.";
            return;
        }
        return this.#load({ from: this.fromInput.value, to: this.toInput.value });
    }

    async #load({ from, to }) {
        // Days follow the organisation's time zone; busiest hours the viewer's own.
        const params = new URLSearchParams();
        if (from && to) { params.set("from", from); params.set("to", to); }
        const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
        if (viewerZone) params.set("time_zone", viewerZone);
        const query = `?${params}`;
        this.status.textContent = "Loading…";
        try {
            const data = await api.get(`/analytics${query}`, { quiet: true });
            this.range = { ...data.range, today: this.range?.today ?? data.range.to };
            this.data = data;
            this.#render(data);
            this.status.textContent = "";
        } catch (error) {
            this.status.textContent = "";
            replace(this.body, unavailable(error));
        }
    }

    #render(data) {
        const { range } = data;
        this.fromInput.value = range.from;
        this.toInput.value = range.to;
        const days = Math.round((Date.parse(range.to) - Date.parse(range.from)) / 86400000) + 1;
        for (const [i, button] of this.presetButtons.entries()) {
            button.setAttribute("aria-pressed", String(PRESETS[i] === days && range.to === this.range.today));
        }
        this.rangeText.textContent = `${range.from} to ${range.to} (${range.timeZone}), compared with ${range.previousFrom} to ${range.previousTo}`;
        replace(this.body,
            this.#kpis(data.kpis),
            h("div", { class: "analytics-grid" },
                this.#card("Chats over time", "AI-resolved vs escalated to a human, by day", this.#daily(data.daily), "wide"),
                this.#card("AI vs Human split", "How conversations resolved", this.#split(data.resolutionSplit)),
                this.#card("Top topics & questions", "What customers ask about most", this.#topics(data)),
                this.#card("Busiest hours", `When chats start, in your time (${range.hoursTimeZone})`, heatMap({ title: "Chats by weekday and hour", cells: data.busiestHours, testid: "chart-busiest-hours" }), "wide"),
                this.#card("Recent activity", "Latest escalations, captures, and resolved chats", this.#recent(data.recentActivity)),
                this.#card("Labels", "Chats started in the range per label", this.#labels(data.labels ?? [])),
                this.#card("Takeovers & follow-ups", "AI-to-agent and agent-to-agent handoffs, plus open follow-up workload — click any number to see the chats behind it", this.#takeovers(data))),
            this.#card("Needs correction", "Chats a reviewer flagged as a wrong AI answer — fix the knowledge base, then check them off", this.#table(data.needsCorrection, "analytics-needs-correction", "No flagged answers waiting for a fix.", (row) => this.#checkOff(row))),
            this.#card("Resolved & Archived Chats", "Closed and archived sessions within the selected date range — click any row to review the transcript", this.#table(data.resolvedChats, "analytics-resolved", "No resolved chats in this range.")));
    }

    #card(title, hint, content, size) {
        const id = uid("analytics-card");
        return h("section", { class: `card analytics-card ${size ?? ""}`, "aria-labelledby": id },
            h("h3", { id }, title), h("p", { class: "hint" }, hint), content);
    }

    #number(metric, text, label, extra = {}) {
        return h("button", { type: "button", class: "link-button number", "data-metric": metric, ...extra,
            "aria-label": `${label}: ${text}. Show the chats`, onclick: (e) => this.#drill(metric, {}, e.currentTarget) }, text);
    }

    #kpis(kpis) {
        const byMetric = Object.fromEntries(kpis.map((k) => [k.metric, k]));
        return h("div", { class: "kpi-grid", "data-testid": "analytics-kpis" }, KPI_CARDS.map((card) => {
            const kpi = byMetric[card.metric] ?? {};
            const text = formatKpi(card, kpi.value);
            const change = kpi.change;
            const arrow = change === null || change === undefined ? "" : change > 0 ? "▲" : change < 0 ? "▼" : "■";
            const changeText = change === null || change === undefined ? "No earlier data"
                : `${arrow} ${card.percent ? `${Math.round(Math.abs(change) * 1000) / 10} pts` : formatKpi({ ...card, suffix: "" }, Math.abs(change))} vs ${formatKpi(card, kpi.previous)}`;
            // Green is good news and red bad, whichever way the number moved; a neutral number stays grey.
            const verdict = !change || !kpi.better ? "" : (change > 0) === (kpi.better === "up") ? "good" : "bad";
            return h("div", { class: "kpi", "data-testid": `kpi-${card.metric}` },
                h("div", { class: "kpi-label" }, card.label),
                this.#number(card.drill, text, card.label, { "data-testid": `kpi-${card.metric}-value`, "data-value": kpi.value ?? "" }),
                h("div", { class: `kpi-change ${verdict}`, "data-testid": `kpi-${card.metric}-change`, "data-verdict": verdict }, changeText),
                h("div", { class: "hint" }, card.hint));
        }));
    }

    #labels(labels) {
        if (labels.length === 0) return h("p", { class: "empty" }, "No labelled chats in this range.");
        const most = Math.max(...labels.map((l) => l.count));
        return h("ol", { class: "rank-list label-bars", "data-testid": "analytics-labels" }, labels.map((l) => {
            const bar = h("span", { class: "label-bar", "aria-hidden": "true" });
            // Through the CSSOM: the console's Content-Security-Policy allows no inline style attribute.
            bar.style.setProperty("--share", `${Math.round((l.count / most) * 100)}%`);
            return h("li", {}, h("span", {}, l.label), bar, h("span", { class: "count" }, String(l.count)));
        }));
    }

    #daily(daily) {
        const short = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", timeZone: "UTC" });
        return stackedBarChart({
            title: "Chats per day",
            testid: "chart-daily",
            series: [{ name: "AI-resolved", className: "series-ai" }, { name: "Escalated to a human", className: "series-human" }],
            bars: daily.map((d) => ({
                label: d.day, shortLabel: short.format(new Date(`${d.day}T00:00:00Z`)), values: [d.aiOnly, d.escalated],
                onclick: () => this.#drill("total", { from: d.day, to: d.day }),
            })),
        });
    }

    #split(split) {
        const value = (key) => split.find((s) => s.key === key)?.count ?? 0;
        return splitBar({
            title: "Resolved chats by who resolved them",
            testid: "chart-split",
            parts: [
                { name: "AI", value: value("ai"), className: "series-ai", onclick: () => this.#drill("resolved_ai") },
                { name: "Human", value: value("human"), className: "series-human", onclick: () => this.#drill("resolved_human") },
            ],
        });
    }

    #topics(data) {
        const articles = data.topArticles.length
            ? h("ol", { class: "rank-list", "data-testid": "analytics-top-articles" }, data.topArticles.map((a) =>
                h("li", {}, h("span", {}, a.label ?? "(deleted article)"), h("span", { class: "count" }, String(a.count)))))
            : h("p", { class: "empty" }, "No AI answers used an article in this range.");
        const questions = data.topQuestions.length
            ? h("ol", { class: "rank-list", "data-testid": "analytics-top-questions" }, data.topQuestions.map((q) =>
                h("li", {}, h("span", {}, q.label), h("span", { class: "count" }, String(q.count)))))
            : h("p", { class: "empty" }, "No question was asked twice in this range.");
        return h("div", { class: "topics" }, h("h4", {}, "Articles AI answers used"), articles, h("h4", {}, "Recurring first questions"), questions);
    }

    #recent(items) {
        if (!items.length) return h("p", { class: "empty" }, "Nothing happened in this range.");
        return h("ul", { class: "activity", "data-testid": "analytics-recent" }, items.map((item) =>
            h("li", {},
                h("span", {},
                    h("span", { class: `badge ${item.kind}` }, ACTIVITY_LABELS[item.kind] ?? item.kind), " ",
                    transcriptLink(item.conversationId, item.customerName || `Visitor ${String(item.conversationId).slice(0, 8)}`),
                    item.detail && item.kind === "escalation" ? h("span", { class: "hint" }, ` — ${item.detail}`) : null),
                h("span", { class: "hint when" }, fullTime(item.at)))));
    }

    #takeovers(data) {
        const count = (key) => data.takeovers.find((t) => t.key === key) ?? { count: 0, conversations: 0 };
        const ai = count("ai_to_agent"), agent = count("agent_to_agent");
        const open = data.followupWorkload.reduce((a, w) => a + w.count, 0);
        return h("div", { class: "takeovers" },
            h("dl", { class: "figures" },
                h("dt", {}, "AI → agent"), h("dd", {}, this.#number("ai_to_agent", String(ai.count), "AI-to-agent takeovers", { "data-testid": "analytics-ai-to-agent" }), h("span", { class: "hint" }, ` in ${ai.conversations} chats`)),
                h("dt", {}, "Agent → agent"), h("dd", {}, this.#number("agent_to_agent", String(agent.count), "Agent-to-agent handoffs", { "data-testid": "analytics-agent-to-agent" }), h("span", { class: "hint" }, ` in ${agent.conversations} chats`)),
                h("dt", {}, "Open follow-ups"), h("dd", {}, this.#number("followup_open", String(open), "Open follow-ups", { "data-testid": "analytics-followup-open" }))),
            data.followupWorkload.length
                ? h("table", { class: "workload" }, h("caption", { class: "hint" }, "Open follow-ups by owner"),
                    h("tbody", {}, data.followupWorkload.map((w) => h("tr", {}, h("th", { scope: "row" }, w.label ?? "Unassigned"), h("td", {}, String(w.count))))))
                : null);
    }

    #table(rows, testid, empty, action = null) {
        if (!rows.length) return h("p", { class: "empty", "data-testid": testid }, empty);
        return h("table", { class: "conversation-table", "data-testid": testid },
            h("thead", {}, h("tr", {}, ["Customer", "Started", "Mode", "Agent", action ? "" : null].filter((t) => t !== null).map((t) => h("th", { scope: "col" }, t)))),
            h("tbody", {}, rows.map((row) => h("tr", { class: "clickable", onclick: (e) => {
                if (e.target.closest("a, button")) return;
                window.location.hash = `#/conversations/${row.conversationId}`;
            } },
                h("td", {}, transcriptLink(row.conversationId, row.customerName || `Visitor ${String(row.conversationId).slice(0, 8)}`)),
                h("td", {}, fullTime(row.startedAt)),
                h("td", {}, MODE_LABELS[row.mode] ?? row.mode),
                h("td", {}, row.agentName ?? "—"),
                action ? h("td", {}, action(row)) : null))));
    }

    /** "KB fixed": confirms the knowledge-base fix of a wrong answer, then reloads the page's numbers. */
    #checkOff(row) {
        return h("button", { type: "button", class: "small", "data-testid": "analytics-correction-fixed",
            "aria-label": `Knowledge base fixed for ${row.customerName || "this chat"}`,
            onclick: async (e) => {
                const button = e.currentTarget;
                button.disabled = true;
                try {
                    await api.post(`/queues/corrections/${encodeURIComponent(row.conversationId)}/reviewed`, {});
                    await this.show();
                } catch {
                    button.disabled = false;
                }
            } }, "KB fixed");
    }

    async #drill(metric, { from, to } = {}, opener = null) {
        const range = { from: from ?? this.range.from, to: to ?? this.range.to };
        const title = `${METRIC_LABELS[metric] ?? metric}${from ? ` on ${from}` : ""}`;
        const list = h("div", {}, h("p", { class: "hint" }, "Loading…"));
        replace(this.drill,
            h("div", { class: "card-title" },
                h("h3", { id: "drill-heading" }, title),
                h("button", { type: "button", class: "small", "data-testid": "analytics-drilldown-close",
                    onclick: () => { this.drill.hidden = true; opener?.focus(); } }, "Close")),
            list);
        this.drill.hidden = false;
        this.drill.focus();
        try {
            const data = await api.get(`/analytics/conversations?metric=${encodeURIComponent(metric)}&from=${encodeURIComponent(range.from)}&to=${encodeURIComponent(range.to)}`, { quiet: true });
            replace(list, this.#table(data.conversations, "analytics-drilldown-list", "No chats behind this number."));
        } catch (error) {
            replace(list, unavailable(error));
        }
    }
}
