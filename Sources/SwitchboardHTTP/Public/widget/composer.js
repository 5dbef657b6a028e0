// The message box: Enter sends, Shift+Enter starts a new line, the send button is disabled while
// the box is empty, and a counter shows the 4000-character limit.

import { el, icon, uniqueId } from "./dom.js";
import { ACCEPTED_FILES } from "./files.js";

export const MAX_MESSAGE_LENGTH = 4000;
const TYPING_THROTTLE_MS = 3000;
const MAX_HEIGHT_PX = 132;

export class Composer {
    /**
     * @param {object} handlers
     * @param {(text: string) => void} handlers.onSend
     * @param {() => void} handlers.onTyping  at most every 3 s while the customer types
     */
    constructor({ onSend, onTyping, onAttach }) {
        this.onSend = onSend;
        this.onAttach = onAttach;
        this.onTyping = onTyping;
        this.lastTypingAt = 0;
        this.enabled = false;

        const inputId = uniqueId("message");
        const hintId = uniqueId("message-hint");
        this.input = el("textarea", {
            id: inputId,
            class: "composer-input",
            rows: 1,
            maxLength: MAX_MESSAGE_LENGTH,
            placeholder: "Type your message…",
            attrs: { "aria-describedby": hintId, autocomplete: "off", enterkeyhint: "send" },
            on: {
                input: () => this.#changed(),
                keydown: (event) => this.#keydown(event),
            },
        });
        this.sendButton = el(
            "button",
            { type: "submit", class: "send", disabled: true, attrs: { "aria-label": "Send message" } },
            [icon("send")],
        );
        this.counter = el("span", { class: "counter", text: "", attrs: { "aria-hidden": "true" } });
        this.fileInput = el("input", {
            type: "file", class: "visually-hidden", attrs: { accept: ACCEPTED_FILES, tabindex: "-1", "aria-hidden": "true" },
            on: { change: () => this.#picked() },
        });
        this.attachButton = el("button", {
            type: "button", class: "attach", text: "\u{1F4CE}", attrs: { "aria-label": "Attach an image or PDF" },
            on: { click: () => this.fileInput.click() },
        });
        this.element = el(
            "form",
            { class: "composer", noValidate: true, on: { submit: (event) => this.#submit(event) } },
            [
                el("label", { class: "visually-hidden", htmlFor: inputId, text: "Message" }),
                el("div", { class: "composer-row" }, [this.attachButton, this.fileInput, this.input, this.sendButton]),
                el("p", { class: "composer-hint", id: hintId }, [
                    el("span", { text: "Enter to send · Shift+Enter for a new line" }),
                    el("span", { class: "visually-hidden", text: ` · up to ${MAX_MESSAGE_LENGTH} characters` }),
                    this.counter,
                ]),
            ],
        );
        this.setEnabled(false);
    }

    setEnabled(enabled, placeholder = "Type your message…") {
        this.enabled = enabled;
        this.input.disabled = !enabled;
        this.attachButton.disabled = !enabled;
        this.input.placeholder = placeholder;
        this.#changed(false);
    }

    #picked() {
        const file = this.fileInput.files?.[0];
        this.fileInput.value = "";
        if (file && this.enabled) this.onAttach?.(file);
    }

    focus() {
        this.input.focus();
    }

    #changed(announceTyping = true) {
        const text = this.input.value;
        this.sendButton.disabled = !this.enabled || text.trim() === "";
        this.counter.textContent = `${text.length} / ${MAX_MESSAGE_LENGTH}`;
        this.counter.classList.toggle("is-near-limit", text.length > MAX_MESSAGE_LENGTH * 0.9);
        this.input.style.height = "auto";
        this.input.style.height = `${Math.min(this.input.scrollHeight, MAX_HEIGHT_PX)}px`;
        if (announceTyping && text.trim() !== "") {
            const now = Date.now();
            if (now - this.lastTypingAt >= TYPING_THROTTLE_MS) {
                this.lastTypingAt = now;
                this.onTyping();
            }
        }
    }

    #keydown(event) {
        if (event.key !== "Enter" || event.shiftKey || event.isComposing || event.keyCode === 229) return;
        event.preventDefault();
        this.#send();
    }

    #submit(event) {
        event.preventDefault();
        this.#send();
    }

    #send() {
        const text = this.input.value;
        if (!this.enabled || text.trim() === "") return;
        this.input.value = "";
        this.lastTypingAt = 0;
        this.#changed(false);
        this.onSend(text.trim().slice(0, MAX_MESSAGE_LENGTH));
    }
}
