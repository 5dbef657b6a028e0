// The transcript: one line per message sequence number, in order, each rendered once; the
// customer's own messages appear at once ("sending…") and are reconciled by clientMessageId
// when the server stores them. Plus the typing indicator under it.

import { renderFile } from "./files.js";
import { safeHttpUrl } from "../shared/links.js";
import { el } from "./dom.js";

const TYPING_TIMEOUT_MS = 10000;
const AUTHORS = new Set(["customer", "ai", "agent", "system"]);

export class Transcript {
    /**
     * @param {HTMLElement} log     the role="log" container
     * @param {HTMLElement} typing  the typing indicator line (outside the log, so it is not announced)
     */
    constructor(log, typing) {
        this.log = log;
        this.typing = typing;
        this.typingText = typing.querySelector(".typing-text");
        this.typingTimer = null;
        this.lines = new Map(); // seq → element
        this.pending = new Map(); // clientMessageId → element
        this.greeting = null;
        this.draft = null; // the AI's answer while it streams: never numbered, never kept
        // Follow the newest line while the customer is at the bottom, also when forms or alerts
        // under the transcript make it shorter.
        this.stuck = true;
        log.addEventListener("scroll", () => (this.stuck = this.#isNearBottom()), { passive: true });
        if (typeof ResizeObserver === "function") {
            new ResizeObserver(() => {
                if (this.stuck) this.scrollToEnd();
            }).observe(log);
        }
    }

    /** The highest sequence number rendered (0 before any). */
    get lastSeq() {
        let last = 0;
        for (const seq of this.lines.keys()) if (seq > last) last = seq;
        return last;
    }

    showGreeting(organisationName) {
        const text = organisationName
            ? `Hi! Ask me anything about ${organisationName}.`
            : "Hi! Ask me anything.";
        if (!this.greeting) {
            this.greeting = el("div", { class: "line line-ai line-greeting" }, [
                el("span", { class: "who", text: "AI" }),
                el("p", { class: "bubble" }),
            ]);
            this.log.prepend(this.greeting);
        }
        this.greeting.querySelector(".bubble").textContent = text;
    }

    /**
     * Renders a server message unless its sequence number is already shown; a customer message
     * carrying the clientMessageId of a pending line confirms that line instead.
     * Returns true when something new appeared.
     */
    addMessage(message) {
        if (!isMessage(message)) return false;
        if (this.lines.has(message.seq)) return false;
        const stick = this.#isNearBottom();
        let line = message.clientMessageId ? this.pending.get(message.clientMessageId) : undefined;
        if (line) {
            this.pending.delete(message.clientMessageId);
            line.classList.remove("is-pending", "is-failed");
            line.querySelector(".meta")?.remove();
            line.removeAttribute("aria-busy");
        } else {
            line = renderLine(message);
        }
        if (message.attachment && this.loadFile) renderFile(line, message.attachment, this.loadFile);
        line.dataset.seq = String(message.seq);
        this.lines.set(message.seq, line);
        this.#place(line, message.seq);
        if (message.author !== "customer") {
            this.hideTyping();
            this.showDraft(""); // the stored reply replaces the streamed text
        }
        if (stick || message.author === "customer") this.scrollToEnd();
        return true;
    }

    /** Shows the customer's message at once, marked "sending…". */
    addPending(clientMessageId, body) {
        const line = renderLine({ author: "customer", body, createdAt: new Date().toISOString() });
        line.dataset.clientId = clientMessageId;
        this.pending.set(clientMessageId, line);
        this.log.append(line);
        this.markSending(clientMessageId);
        this.scrollToEnd();
    }

    isPending(clientMessageId) {
        return this.pending.has(clientMessageId);
    }

    markSending(clientMessageId) {
        const line = this.pending.get(clientMessageId);
        if (!line) return;
        line.classList.add("is-pending");
        line.classList.remove("is-failed");
        line.setAttribute("aria-busy", "true");
        setMeta(line, el("span", { class: "meta-text", text: "sending…" }));
    }

    /** A pending line the widget keeps retrying by itself, with a button to try again at once. */
    markWaiting(clientMessageId, onRetryNow) {
        const line = this.pending.get(clientMessageId);
        if (!line) return;
        line.classList.add("is-pending");
        line.classList.remove("is-failed");
        line.setAttribute("aria-busy", "true");
        setMeta(line, el("button", { type: "button", class: "retry", text: "Not sent yet — retry now", on: { click: onRetryNow } }));
    }

    /** Marks a pending line as not sent, with a retry button when `onRetry` is given. */
    markFailed(clientMessageId, onRetry) {
        const line = this.pending.get(clientMessageId);
        if (!line) return;
        line.classList.remove("is-pending");
        line.classList.add("is-failed");
        line.removeAttribute("aria-busy");
        const content = onRetry
            ? el("button", {
                  type: "button",
                  class: "retry",
                  text: "Not sent — retry",
                  on: { click: onRetry },
              })
            : el("span", { class: "meta-text", text: "Not sent" });
        setMeta(line, content);
    }

    showTyping(text) {
        this.typingText.textContent = text;
        this.typing.hidden = false;
        clearTimeout(this.typingTimer);
        this.typingTimer = setTimeout(() => this.hideTyping(), TYPING_TIMEOUT_MS);
        if (this.#isNearBottom(120)) this.scrollToEnd();
    }

    /** The AI's answer as it streams, under the transcript; "" takes it away (retracted, cut or stored). */
    showDraft(text) {
        if (typeof text !== "string" || text === "") {
            this.draft?.remove();
            this.draft = null;
            return;
        }
        if (!this.draft) {
            // Hidden from screen readers: the log announces the stored answer once, not every token.
            this.draft = el("div", { class: "line line-ai line-draft", attrs: { "aria-hidden": "true" } }, [
                el("span", { class: "who", text: "AI" }),
                el("p", { class: "bubble" }),
            ]);
        }
        this.draft.querySelector(".bubble").textContent = text;
        if (!this.draft.isConnected) this.log.append(this.draft);
        this.hideTyping();
        if (this.stuck) this.scrollToEnd();
    }

    hideTyping() {
        clearTimeout(this.typingTimer);
        this.typingTimer = null;
        this.typing.hidden = true;
    }

    /** Removes every line (a new conversation starts). */
    clear() {
        for (const line of [...this.lines.values(), ...this.pending.values()]) line.remove();
        this.lines.clear();
        this.pending.clear();
        this.showDraft("");
        this.hideTyping();
    }

    scrollToEnd() {
        this.log.scrollTop = this.log.scrollHeight;
        this.stuck = true;
    }

    #isNearBottom(slack = 48) {
        const scroller = this.log;
        return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight <= slack;
    }

    // Before the first line with a greater seq, else before the first pending line, else last.
    #place(line, seq) {
        let before = null;
        for (const child of this.log.children) {
            if (child === line) continue;
            const childSeq = child.dataset.seq ? Number(child.dataset.seq) : null;
            if (childSeq !== null && childSeq > seq) {
                before = child;
                break;
            }
            if (childSeq === null && child.dataset.clientId && child !== line) {
                before = child;
                break;
            }
        }
        if (before) {
            if (line.nextElementSibling !== before) this.log.insertBefore(line, before);
        } else if (line.parentNode !== this.log || line.nextElementSibling) {
            this.log.append(line);
        }
    }
}

function isMessage(message) {
    return (
        message &&
        typeof message === "object" &&
        Number.isInteger(message.seq) &&
        AUTHORS.has(message.author) &&
        typeof message.body === "string"
    );
}

function renderLine(message) {
    const line = el("div", { class: `line line-${message.author}`, dataset: { author: message.author } });
    if (message.author === "system") {
        line.append(el("p", { class: "system-text", text: message.body }));
        return line;
    }
    if (message.author === "ai") line.append(el("span", { class: "who", text: "AI" }));
    if (message.author === "agent") line.append(el("span", { class: "who", text: message.agentName || "Agent" }));
    const bubble = el("p", { class: "bubble", text: message.body });
    const time = formatTime(message.createdAt);
    if (time) bubble.title = time;
    line.append(bubble);
    if (message.author === "ai" && Array.isArray(message.articles) && message.articles.length > 0) {
        line.append(renderSources(message.articles));
    }
    return line;
}

// "From: <title>" — a link (new tab, no opener, no referrer) when the article has an http(s) URL.
function renderSources(articles) {
    const sources = el("p", { class: "sources" }, [el("span", { text: "From: " })]);
    articles.forEach((article, index) => {
        if (!article || typeof article.title !== "string") return;
        if (index > 0) sources.append(", ");
        const href = safeHttpUrl(article.url);
        sources.append(
            href
                ? el("a", {
                      href,
                      text: article.title,
                      attrs: { target: "_blank", rel: "noopener noreferrer" },
                  })
                : el("span", { class: "source-title", text: article.title }),
        );
    });
    return sources;
}

function setMeta(line, content) {
    let meta = line.querySelector(".meta");
    if (!meta) {
        meta = el("div", { class: "meta" });
        line.append(meta);
    }
    meta.replaceChildren(content);
}

function formatTime(value) {
    const date = new Date(value);
    if (Number.isNaN(date.getTime())) return "";
    return date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}
