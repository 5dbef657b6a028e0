// Mounts the widget: a host element at the end of <body> with a shadow root that holds the
// widget's own styles and markup, so the host page's CSS cannot reach in and ours cannot leak out.

import { Chat } from "./chat.js";
import { el } from "./dom.js";
import { Panel } from "./panel.js";
import { WIDGET_CSS } from "./styles.js";

const DEFAULT_BRAND = "#2f6fed";

/** @param {{key: string, base: string, color: string}} config */
export function mount(config) {
    const host = document.createElement("switchboard-chat");
    host.setAttribute("data-switchboard-widget", "");
    const shadow = host.attachShadow({ mode: "open" });
    adoptStyles(shadow, WIDGET_CSS);

    const root = el("div", { class: "sb-root" });
    const chat = new Chat(config);
    const panel = new Panel(chat.handlers);
    root.append(...panel.elements);
    shadow.append(root);
    document.body.append(host);
    applyBrand(root, config.color);

    chat.attach(panel).catch((error) => console.error("Switchboard widget:", error));
    return { host, panel, chat };
}

function adoptStyles(shadow, css) {
    try {
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(css);
        shadow.adoptedStyleSheets = [sheet];
    } catch {
        const style = document.createElement("style");
        style.textContent = css;
        shadow.append(style);
    }
}

// The brand colour from data-color (any CSS colour), with readable text on it.
function applyBrand(root, requested) {
    const brand = requested && CSS.supports("color", requested) ? requested : DEFAULT_BRAND;
    root.style.setProperty("--brand", brand);
    const rgb = resolvedRgb(root, brand);
    if (rgb && relativeLuminance(rgb) > 0.2) root.style.setProperty("--brand-text", "#111827");
}

function resolvedRgb(root, colour) {
    const probe = el("span", { hidden: true });
    probe.style.color = colour;
    root.append(probe);
    const match = getComputedStyle(probe).color.match(/\d+(\.\d+)?/g);
    probe.remove();
    return match && match.length >= 3 ? match.slice(0, 3).map(Number) : null;
}

function relativeLuminance([r, g, b]) {
    const channel = (value) => {
        const c = value / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}
