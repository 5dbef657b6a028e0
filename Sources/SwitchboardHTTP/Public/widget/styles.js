// The widget's stylesheet, applied inside its shadow root only (adoptedStyleSheets where
// available, so a host page's style-src policy does not block it). Nothing here reaches the
// host page, and `:host { all: initial !important }` keeps the page's inherited styles out.
// This file holds the reset, the light and dark themes and the launcher; the panel and the
// forms have their own files; the phone and reduced-motion rules come last so they win.

import { PANEL_CSS } from "./styles-panel.js";
import { FORMS_CSS } from "./styles-forms.js";

const BASE_CSS = String.raw`
:host {
    all: initial !important;
}

.sb-root {
    --brand: #2f6fed;
    --brand-strong: #2f6fed;
    --brand-strong: color-mix(in srgb, var(--brand) 82%, black);
    --brand-text: #ffffff;
    --surface: #ffffff;
    --surface-muted: #f3f5f9;
    --bubble-other: #eef1f6;
    --text: #1c2230;
    --text-muted: #5b6677;
    --border: #dde2ea;
    --danger: #b42318;
    --danger-surface: #fdecea;
    --shadow: 0 18px 48px rgba(16, 24, 40, 0.22), 0 2px 8px rgba(16, 24, 40, 0.12);
    --radius: 16px;

    color-scheme: light;
    font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif,
        "Apple Color Emoji", "Segoe UI Emoji";
    font-size: 14px;
    font-weight: 400;
    font-style: normal;
    line-height: 1.45;
    letter-spacing: normal;
    text-align: left;
    text-transform: none;
    text-decoration: none;
    text-shadow: none;
    color: var(--text);
    -webkit-font-smoothing: antialiased;
}

@media (prefers-color-scheme: dark) {
    .sb-root {
        --brand-strong: color-mix(in srgb, var(--brand) 80%, white);
        --surface: #191d25;
        --surface-muted: #222834;
        --bubble-other: #262d3a;
        --text: #e7ebf2;
        --text-muted: #a3adbd;
        --border: #323a48;
        --danger: #ff8a80;
        --danger-surface: #3a2020;
        --shadow: 0 18px 48px rgba(0, 0, 0, 0.55), 0 0 0 1px rgba(255, 255, 255, 0.08);
        color-scheme: dark;
    }
}

*, *::before, *::after {
    box-sizing: border-box;
}

[hidden] {
    display: none !important;
}

p, h2 {
    margin: 0;
}

button, input, textarea {
    font: inherit;
    color: inherit;
    letter-spacing: inherit;
}

button {
    cursor: pointer;
}

button:disabled {
    cursor: default;
}

:focus-visible {
    outline: 3px solid var(--brand);
    outline-offset: 2px;
}

.visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
}

.icon {
    width: 22px;
    height: 22px;
    fill: none;
    stroke: currentColor;
    stroke-width: 2;
    stroke-linecap: round;
    stroke-linejoin: round;
    flex: none;
}

/* Launcher */

.launcher {
    position: fixed;
    right: 20px;
    bottom: 20px;
    z-index: 2147483000;
    display: grid;
    place-items: center;
    width: 60px;
    height: 60px;
    padding: 0;
    border: 0;
    border-radius: 50%;
    background: var(--brand);
    color: var(--brand-text);
    box-shadow: 0 8px 24px rgba(16, 24, 40, 0.28), 0 0 0 1px rgba(255, 255, 255, 0.18);
    transition: transform 160ms ease, background-color 160ms ease;
}

.launcher:hover {
    background: var(--brand-strong);
    transform: translateY(-1px);
}

.launcher:focus-visible {
    outline-offset: 3px;
    box-shadow: 0 0 0 3px #ffffff, 0 8px 24px rgba(16, 24, 40, 0.28);
}

.launcher .icon {
    grid-area: 1 / 1;
    width: 28px;
    height: 28px;
}

.launcher .icon-close,
.launcher.is-open .icon-chat {
    display: none;
}

.launcher.is-open .icon-close {
    display: block;
}

.badge {
    position: absolute;
    top: -2px;
    right: -2px;
    min-width: 22px;
    height: 22px;
    padding: 0 6px;
    border-radius: 11px;
    background: #d92d20;
    color: #fff;
    font-size: 12px;
    font-weight: 700;
    line-height: 22px;
    text-align: center;
    box-shadow: 0 0 0 2px var(--surface);
}
`;

const ADAPTIVE_CSS = String.raw`
/* Phones: the panel takes the whole screen. */
@media (max-width: 480px) {
    .panel {
        inset: 0;
        width: 100%;
        height: 100%;
        max-height: none;
        border-radius: 0;
    }

    .launcher.is-open {
        display: none;
    }

    .composer-input {
        font-size: 16px; /* below 16 px, iOS zooms the page on focus */
    }

    .composer-hint > span:first-child {
        display: none;
    }
}

@media (prefers-reduced-motion: reduce) {
    *, *::before, *::after {
        animation: none !important;
        transition: none !important;
    }
}
`;

export const WIDGET_CSS = [BASE_CSS, PANEL_CSS, FORMS_CSS, ADAPTIVE_CSS].join("\n");
