// The console's element builder. Text only ever goes in with textContent (or as a Text node):
// customer messages, names and knowledge-base text are data, never markup.

import { safeHttpUrl } from "../shared/links.js";

/**
 * `h("button", {class: "primary", onclick: fn, "data-testid": "send"}, "Send")`.
 * Attributes: `class`, `text`, `on<event>` (listener), `dataset`, boolean `true`/`false`
 * (present/absent), DOM properties `value`, `checked`, `disabled`, `hidden`, `selected`;
 * anything else is set with setAttribute. Children: nodes, strings (as text), arrays, or
 * null/undefined/false (skipped).
 */
export function h(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs ?? {})) {
        if (value === undefined || value === null || value === false) continue;
        if (name === "class") node.className = value;
        else if (name === "text") node.textContent = value;
        else if (name === "dataset") Object.assign(node.dataset, value);
        else if (name.startsWith("on") && typeof value === "function") node.addEventListener(name.slice(2), value);
        else if (PROPERTIES.has(name)) node[name] = value;
        else node.setAttribute(name, value === true ? "" : String(value));
    }
    append(node, children);
    return node;
}

const PROPERTIES = new Set(["value", "checked", "disabled", "hidden", "selected", "indeterminate"]);

function append(node, children) {
    for (const child of children) {
        if (child === null || child === undefined || child === false) continue;
        if (Array.isArray(child)) append(node, child);
        else if (child instanceof Node) node.append(child);
        else node.append(document.createTextNode(String(child)));
    }
}

/** Replaces a node's children. */
export function replace(node, ...children) {
    node.replaceChildren();
    append(node, children);
    return node;
}

/** An external link when the URL is http(s), else the text alone. */
export function link(url, text = url) {
    const href = safeHttpUrl(url);
    return href ? h("a", { href, target: "_blank", rel: "noopener noreferrer" }, text) : h("span", {}, text ?? "—");
}

let counter = 0;

/** A document-unique id for label / aria pairs. */
export function uid(prefix) {
    counter += 1;
    return `${prefix}-${counter}`;
}

/** A checkbox with its label and a hint line, as the old console laid them out. */
export function toggle({ label, hint, testid, onchange }) {
    const id = uid("toggle");
    const input = h("input", { type: "checkbox", id, "data-testid": testid, onchange });
    const hintId = hint ? `${id}-hint` : null;
    if (hintId) input.setAttribute("aria-describedby", hintId);
    const row = h("div", { class: "toggle" },
        input,
        h("label", { for: id }, h("span", { class: "toggle-label" }, label), hint ? h("span", { class: "hint", id: hintId }, hint) : null));
    return { row, input };
}

/** A "Saved" status that shows for a few seconds after each successful save. */
export function savedIndicator(testid) {
    const node = h("span", { class: "saved", role: "status", "aria-live": "polite", "data-testid": testid });
    let timer = null;
    const show = (text) => {
        clearTimeout(timer);
        node.textContent = text;
        node.classList.add("visible");
    };
    return {
        node,
        saving() {
            show("Saving…");
        },
        saved() {
            show("Saved");
            timer = setTimeout(() => node.classList.remove("visible"), 4000);
        },
        failed() {
            show("Not saved");
        },
        clear() {
            clearTimeout(timer);
            node.textContent = "";
            node.classList.remove("visible");
        },
    };
}

/** Calls `fn` once input has paused for `ms`; `.flush()` runs a pending call now. */
export function debounce(fn, ms) {
    let timer = null;
    let pending = null;
    const run = (...args) => {
        pending = args;
        clearTimeout(timer);
        timer = setTimeout(() => {
            timer = null;
            const a = pending;
            pending = null;
            fn(...a);
        }, ms);
    };
    run.flush = () => {
        if (timer === null) return;
        clearTimeout(timer);
        timer = null;
        const a = pending;
        pending = null;
        fn(...a);
    };
    return run;
}
