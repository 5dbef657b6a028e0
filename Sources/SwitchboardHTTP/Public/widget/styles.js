// The widget's stylesheet, applied inside its shadow root only (adoptedStyleSheets where
// available, so a host page's style-src policy does not block it). Nothing here reaches the
// host page, and `:host { all: initial !important }` keeps the page's inherited styles out.

export const WIDGET_CSS = String.raw`
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

/* Panel */

.panel {
    position: fixed;
    right: 20px;
    bottom: 92px;
    z-index: 2147483001;
    display: flex;
    flex-direction: column;
    width: 380px;
    height: min(640px, calc(100vh - 116px));
    max-height: calc(100vh - 116px);
    overflow: hidden;
    border-radius: var(--radius);
    background: var(--surface);
    color: var(--text);
    box-shadow: var(--shadow);
    animation: sb-pop 180ms ease-out;
}

.panel:focus-visible {
    outline-offset: -3px;
}

@keyframes sb-pop {
    from {
        opacity: 0;
        transform: translateY(10px) scale(0.98);
    }
}

.header {
    display: flex;
    align-items: center;
    gap: 12px;
    padding: 14px 12px 14px 16px;
    background: var(--brand);
    color: var(--brand-text);
}

.avatar {
    display: grid;
    place-items: center;
    width: 38px;
    height: 38px;
    border-radius: 50%;
    background: rgba(255, 255, 255, 0.2);
    flex: none;
}

.titles {
    flex: 1;
    min-width: 0;
}

.title {
    font-size: 16px;
    font-weight: 650;
    line-height: 1.25;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
}

.subtitle {
    font-size: 12.5px;
    opacity: 0.9;
}

.icon-button {
    display: grid;
    place-items: center;
    width: 40px;
    height: 40px;
    padding: 0;
    border: 0;
    border-radius: 10px;
    background: transparent;
    color: inherit;
}

.icon-button:hover {
    background: rgba(255, 255, 255, 0.18);
}

.header :focus-visible {
    outline-color: var(--brand-text);
    outline-offset: 0;
}

.connection {
    padding: 6px 16px;
    background: var(--surface-muted);
    border-bottom: 1px solid var(--border);
    color: var(--text-muted);
    font-size: 12.5px;
    text-align: center;
}

/* Transcript */

.log {
    flex: 1;
    min-height: 0;
    overflow-y: auto;
    overscroll-behavior: contain;
    display: flex;
    flex-direction: column;
    gap: 10px;
    padding: 16px;
}

.log:focus-visible {
    outline-offset: -3px;
}

.line {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    max-width: 85%;
}

.line-customer {
    align-self: flex-end;
    align-items: flex-end;
}

.line-system {
    align-self: center;
    max-width: 90%;
}

.who {
    margin: 0 0 3px 4px;
    color: var(--text-muted);
    font-size: 12px;
    font-weight: 600;
}

.bubble {
    padding: 9px 13px;
    border-radius: 16px 16px 16px 4px;
    background: var(--bubble-other);
    white-space: pre-wrap;
    overflow-wrap: anywhere;
}

.line-customer .bubble {
    border-radius: 16px 16px 4px 16px;
    background: var(--brand);
    color: var(--brand-text);
}

.line-customer.is-pending .bubble {
    opacity: 0.72;
}

.line-customer.is-failed .bubble {
    background: var(--danger-surface);
    color: var(--text);
    box-shadow: inset 0 0 0 1px var(--danger);
}

.system-text {
    color: var(--text-muted);
    font-size: 12.5px;
    text-align: center;
}

.sources {
    margin: 4px 0 0 4px;
    color: var(--text-muted);
    font-size: 12.5px;
    overflow-wrap: anywhere;
}

.sources a {
    color: var(--brand-strong);
    text-decoration: underline;
    text-underline-offset: 2px;
}

.meta {
    margin: 3px 4px 0 0;
    color: var(--text-muted);
    font-size: 12px;
}

.retry {
    padding: 2px 4px;
    border: 0;
    border-radius: 4px;
    background: none;
    color: var(--danger);
    font-size: 12px;
    font-weight: 600;
    text-decoration: underline;
}

.typing {
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 0 16px 8px;
    color: var(--text-muted);
    font-size: 12.5px;
}

.dots {
    display: inline-flex;
    gap: 3px;
}

.dots span {
    width: 6px;
    height: 6px;
    border-radius: 50%;
    background: currentColor;
    animation: sb-blink 1.2s infinite ease-in-out;
}

.dots span:nth-child(2) {
    animation-delay: 0.2s;
}

.dots span:nth-child(3) {
    animation-delay: 0.4s;
}

@keyframes sb-blink {
    0%, 80%, 100% {
        opacity: 0.25;
    }
    40% {
        opacity: 1;
    }
}

/* Forms and actions */

.small-form,
.after-hours-thanks {
    margin: 0 12px 10px;
    padding: 12px;
    border: 1px solid var(--border);
    border-radius: 12px;
    background: var(--surface-muted);
}

.after-hours-thanks {
    font-weight: 600;
    text-align: center;
}

.form-title {
    margin-bottom: 6px;
    font-weight: 650;
}

.form-intro {
    margin-bottom: 8px;
    color: var(--text-muted);
    font-size: 13px;
}

.field {
    display: flex;
    flex-direction: column;
    gap: 3px;
    margin-bottom: 8px;
}

.field label {
    font-size: 12.5px;
    font-weight: 600;
}

.field input,
.field textarea {
    width: 100%;
    padding: 8px 10px;
    border: 1px solid var(--border);
    border-radius: 8px;
    background: var(--surface);
    resize: vertical;
}

.form-error,
.alert {
    color: var(--danger);
    font-size: 12.5px;
}

.form-error {
    margin-bottom: 8px;
}

.alert {
    margin: 0 12px 8px;
    padding: 8px 10px;
    border-radius: 8px;
    background: var(--danger-surface);
}

.form-actions {
    display: flex;
    justify-content: flex-end;
    gap: 8px;
}

.primary,
.secondary {
    min-height: 36px;
    padding: 7px 14px;
    border-radius: 9px;
    font-weight: 600;
}

.primary {
    border: 0;
    background: var(--brand);
    color: var(--brand-text);
}

.primary:hover {
    background: var(--brand-strong);
}

.primary:disabled {
    opacity: 0.6;
}

.secondary {
    border: 1px solid var(--border);
    background: var(--surface);
}

.actions {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    padding: 0 12px 8px;
}

.actions:not(:has(:not([hidden]))) {
    display: none;
}

.chip {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    min-height: 34px;
    padding: 6px 12px;
    border: 1px solid var(--border);
    border-radius: 17px;
    background: var(--surface);
    color: var(--text);
    font-size: 13px;
    font-weight: 600;
}

.chip .icon {
    width: 16px;
    height: 16px;
}

.chip:hover {
    border-color: var(--brand);
    color: var(--brand-strong);
}

/* Message box */

.composer {
    padding: 10px 12px 8px;
    border-top: 1px solid var(--border);
    background: var(--surface);
}

.composer-row {
    display: flex;
    align-items: flex-end;
    gap: 8px;
}

.composer-input {
    flex: 1;
    min-height: 42px;
    max-height: 132px;
    padding: 10px 12px;
    border: 1px solid var(--border);
    border-radius: 12px;
    background: var(--surface);
    line-height: 1.4;
    resize: none;
}

.composer-input:focus-visible {
    outline-offset: 0;
    outline-width: 2px;
}

.composer-input:disabled {
    background: var(--surface-muted);
}

.send {
    display: grid;
    place-items: center;
    width: 42px;
    height: 42px;
    padding: 0;
    border: 0;
    border-radius: 12px;
    background: var(--brand);
    color: var(--brand-text);
    flex: none;
}

.send:disabled {
    background: var(--surface-muted);
    color: var(--text-muted);
}

.composer-hint {
    display: flex;
    justify-content: space-between;
    gap: 8px;
    margin-top: 5px;
    color: var(--text-muted);
    font-size: 11.5px;
}

.counter {
    flex: none;
    font-variant-numeric: tabular-nums;
}

.counter.is-near-limit {
    color: var(--danger);
    font-weight: 600;
}

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
