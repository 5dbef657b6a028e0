// The console's small SVG charts: a stacked bar chart by day, a split bar and an hour × weekday
// heat map. Every label is set with textContent; each chart carries an aria-label summary and a
// visually hidden table with the same numbers, and each mark a <title> with its value for hover.

import { h } from "./dom.js";

const SVG = "http://www.w3.org/2000/svg";

/** An SVG element with attributes; `text` sets textContent. */
function s(tag, attrs = {}, ...children) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attrs)) {
        if (value === undefined || value === null || value === false) continue;
        if (name === "text") node.textContent = String(value);
        else if (name.startsWith("on") && typeof value === "function") node.addEventListener(name.slice(2), value);
        else node.setAttribute(name, String(value));
    }
    for (const child of children.flat()) if (child) node.append(child);
    return node;
}

/** A mark's hover text. */
function tip(text) {
    return s("title", { text });
}

/** A round axis maximum and its tick step for values up to `max`. */
export function niceScale(max, ticks = 4) {
    if (!(max > 0)) return { top: 1, step: 1 };
    const raw = max / ticks;
    const magnitude = 10 ** Math.floor(Math.log10(raw));
    const step = [1, 2, 5, 10].map((m) => m * magnitude).find((candidate) => candidate >= raw);
    const whole = Math.max(1, step);
    return { top: Math.ceil(max / whole) * whole, step: whole };
}

function legend(series) {
    return h("ul", { class: "chart-legend" },
        series.map((item) => h("li", {},
            h("span", { class: `swatch ${item.className}`, "aria-hidden": "true" }), item.name)));
}

/** A visually hidden table with the chart's numbers, for screen readers. */
function dataTable(caption, headers, rows) {
    return h("table", { class: "visually-hidden" },
        h("caption", {}, caption),
        h("thead", {}, h("tr", {}, headers.map((text) => h("th", { scope: "col" }, text)))),
        h("tbody", {}, rows.map((row) => h("tr", {}, row.map((cell, i) => (i === 0 ? h("th", { scope: "row" }, String(cell)) : h("td", {}, String(cell))))))));
}

/**
 * Stacked bars by category (day): `bars` = [{label, values: [n, …], onclick?}], `series` =
 * [{name, className}] in stacking order (bottom first). Returns a figure.
 */
export function stackedBarChart({ title, bars, series, testid }) {
    const width = 640, height = 240, left = 40, right = 8, top = 12, bottom = 36;
    const plotW = width - left - right, plotH = height - top - bottom;
    const totals = bars.map((bar) => bar.values.reduce((a, b) => a + b, 0));
    const { top: maxY, step } = niceScale(Math.max(0, ...totals));
    const y = (value) => top + plotH - (value / maxY) * plotH;
    const slot = plotW / Math.max(1, bars.length);
    const barW = Math.max(2, Math.min(32, slot * 0.7));
    const svg = s("svg", { viewBox: `0 0 ${width} ${height}`, class: "chart", role: "img", "data-testid": testid,
        "aria-label": `${title}: ${bars.length} days, ${totals.reduce((a, b) => a + b, 0)} chats in all` });
    const axis = s("g", { class: "axis" });
    for (let value = 0; value <= maxY; value += step) {
        axis.append(s("line", { x1: left, x2: width - right, y1: y(value), y2: y(value), class: "grid" }));
        axis.append(s("text", { x: left - 6, y: y(value) + 4, "text-anchor": "end", class: "axis-label y-label", text: value }));
    }
    const every = Math.max(1, Math.ceil(bars.length / 10));
    bars.forEach((bar, i) => {
        const x = left + i * slot + (slot - barW) / 2;
        let base = 0;
        const group = s("g", { class: bar.onclick ? "bar clickable" : "bar", onclick: bar.onclick });
        bar.values.forEach((value, k) => {
            if (value > 0) {
                group.append(s("rect", { x, y: y(base + value), width: barW, height: y(base) - y(base + value), class: series[k].className },
                    tip(`${bar.label}: ${series[k].name} ${value}`)));
            }
            base += value;
        });
        svg.append(group);
        if (i % every === 0) {
            axis.append(s("text", { x: x + barW / 2, y: height - bottom + 16, "text-anchor": "middle", class: "axis-label x-label", text: bar.shortLabel ?? bar.label }));
        }
    });
    axis.append(s("line", { x1: left, x2: width - right, y1: y(0), y2: y(0), class: "baseline" }));
    svg.prepend(axis);
    return h("figure", { class: "chart-figure" }, svg, legend(series),
        dataTable(title, ["Day", ...series.map((item) => item.name)], bars.map((bar) => [bar.label, ...bar.values])));
}

/** One horizontal bar split into parts: `parts` = [{name, value, className, onclick?}]. */
export function splitBar({ title, parts, testid }) {
    const width = 360, height = 60, barH = 32;
    const total = parts.reduce((a, p) => a + p.value, 0);
    const percent = (value) => (total ? Math.round((value / total) * 100) : 0);
    const summary = parts.map((p) => `${p.name} ${p.value} (${percent(p.value)}%)`).join(", ");
    const svg = s("svg", { viewBox: `0 0 ${width} ${height}`, class: "chart split", role: "img", "data-testid": testid,
        "aria-label": total ? `${title}: ${summary}` : `${title}: nothing resolved in this range` });
    if (!total) {
        svg.append(s("rect", { x: 0, y: 0, width, height: barH, class: "empty-bar" }),
            s("text", { x: width / 2, y: barH / 2 + 5, "text-anchor": "middle", class: "axis-label", text: "No resolved chats" }));
    }
    let x = 0;
    for (const part of parts) {
        if (!total || part.value === 0) continue;
        const w = (part.value / total) * width;
        const group = s("g", { class: part.onclick ? "clickable" : null, onclick: part.onclick },
            s("rect", { x, y: 0, width: w, height: barH, class: part.className }, tip(`${part.name}: ${part.value} (${percent(part.value)}%)`)));
        if (w > 60) group.append(s("text", { x: x + w / 2, y: barH / 2 + 5, "text-anchor": "middle", class: "bar-label", text: `${percent(part.value)}%` }));
        svg.append(group);
        x += w;
    }
    svg.append(s("text", { x: 0, y: height - 6, class: "axis-label", text: `${total} resolved` }));
    return h("figure", { class: "chart-figure" }, svg, legend(parts),
        dataTable(title, ["Resolved by", "Chats", "Share"], parts.map((p) => [p.name, p.value, `${percent(p.value)}%`])));
}

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/** Chats by weekday (1 = Monday) and hour: `cells` = [{weekday, hour, chats}]. */
export function heatMap({ title, cells, testid }) {
    const cellW = 24, cellH = 22, left = 40, top = 20;
    const width = left + 24 * cellW + 8, height = top + 7 * cellH + 44;
    const counts = new Map(cells.map((c) => [`${c.weekday}/${c.hour}`, c.chats]));
    const max = Math.max(0, ...cells.map((c) => c.chats));
    const level = (n) => (n === 0 ? 0 : Math.min(4, Math.ceil((n / max) * 4)));
    const busiest = cells.reduce((best, c) => (c.chats > (best?.chats ?? 0) ? c : best), null);
    const svg = s("svg", { viewBox: `0 0 ${width} ${height}`, class: "chart heat", role: "img", "data-testid": testid,
        "aria-label": busiest ? `${title}: busiest ${WEEKDAYS[busiest.weekday - 1]} ${busiest.hour}:00 with ${busiest.chats} chats` : `${title}: no chats` });
    for (let hour = 0; hour < 24; hour += 3) {
        svg.append(s("text", { x: left + hour * cellW + cellW / 2, y: top - 6, "text-anchor": "middle", class: "axis-label x-label", text: `${String(hour).padStart(2, "0")}` }));
    }
    WEEKDAYS.forEach((name, d) => {
        svg.append(s("text", { x: left - 6, y: top + d * cellH + cellH / 2 + 4, "text-anchor": "end", class: "axis-label y-label", text: name }));
        for (let hour = 0; hour < 24; hour += 1) {
            const n = counts.get(`${d + 1}/${hour}`) ?? 0;
            svg.append(s("rect", { x: left + hour * cellW + 1, y: top + d * cellH + 1, width: cellW - 2, height: cellH - 2, rx: 3, class: `heat-${level(n)}` },
                tip(`${name} ${String(hour).padStart(2, "0")}:00–${String(hour).padStart(2, "0")}:59: ${n} chats`)));
        }
    });
    // Legend: the five shades and what they mean.
    const ly = top + 7 * cellH + 16;
    svg.append(s("text", { x: left, y: ly + 12, class: "axis-label", text: "Fewer" }));
    for (let i = 0; i <= 4; i += 1) svg.append(s("rect", { x: left + 44 + i * 20, y: ly, width: 16, height: 16, rx: 3, class: `heat-${i}` }));
    svg.append(s("text", { x: left + 44 + 5 * 20 + 4, y: ly + 12, class: "axis-label", text: `More (max ${max})` }));
    const rows = WEEKDAYS.map((name, d) => [name, ...Array.from({ length: 24 }, (_, hour) => counts.get(`${d + 1}/${hour}`) ?? 0)]);
    return h("figure", { class: "chart-figure" }, svg,
        dataTable(title, ["Day", ...Array.from({ length: 24 }, (_, hour) => `${hour}:00`)], rows));
}
