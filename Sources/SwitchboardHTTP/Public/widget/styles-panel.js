// Styles for the chat panel: its header, connection line, transcript lines and typing indicator.

export const PANEL_CSS = String.raw`
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

.line-draft .bubble {
    opacity: 0.8;
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
`;
