// Small DOM builders. Text is only ever set with textContent: customer and knowledge-base text
// is data, never markup, so nothing here parses HTML.

/**
 * Creates an element. `props`: `class`, `text` (textContent), `attrs` (setAttribute), `on`
 * (event listeners), `dataset`, and any other key is assigned as a property (e.g. `type`, `hidden`).
 */
export function el(tag, props = {}, children = []) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(props)) {
        if (value === undefined || value === null) continue;
        if (name === "class") node.className = value;
        else if (name === "text") node.textContent = value;
        else if (name === "attrs") for (const [a, v] of Object.entries(value)) node.setAttribute(a, String(v));
        else if (name === "dataset") Object.assign(node.dataset, value);
        else if (name === "on") for (const [type, listener] of Object.entries(value)) node.addEventListener(type, listener);
        else node[name] = value;
    }
    for (const child of children) {
        if (child !== null && child !== undefined && child !== false) node.append(child);
    }
    return node;
}

const SVG_NS = "http://www.w3.org/2000/svg";

// Icon paths (24×24, stroked), drawn by us: never data.
const ICONS = {
    chat: ["M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v8a2.5 2.5 0 0 1-2.5 2.5H10l-4.5 4v-4A2.5 2.5 0 0 1 4 13.5z"],
    close: ["M6 6l12 12", "M18 6L6 18"],
    send: ["M4 12l16-8-6 16-2.5-6.5z", "M11.5 13.5L20 4"],
    person: ["M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8z", "M4.5 20a7.5 7.5 0 0 1 15 0"],
};

/** An inline SVG icon, hidden from assistive technology (its button carries the label). */
export function icon(name) {
    const svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "24");
    svg.setAttribute("height", "24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", `icon icon-${name}`);
    for (const d of ICONS[name] ?? []) {
        const path = document.createElementNS(SVG_NS, "path");
        path.setAttribute("d", d);
        svg.append(path);
    }
    return svg;
}

let idCounter = 0;

/** A document-unique id for aria-controls / label pairs inside the shadow root. */
export function uniqueId(prefix) {
    idCounter += 1;
    return `sb-${prefix}-${idCounter}`;
}
