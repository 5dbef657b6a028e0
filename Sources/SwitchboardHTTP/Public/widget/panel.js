// The widget's shell: the launcher button and the chat dialog with its header, connection line,
// transcript, forms and message box. It owns opening, closing and focus; no conversation logic.

import { el, icon, uniqueId } from "./dom.js";
import { Composer } from "./composer.js";
import { AfterHoursForm, HandoffForm, TranscriptEmailForm } from "./forms.js";
import { RatingForm } from "./rating.js";
import { Transcript } from "./transcript.js";

const CONNECTION_TEXT = { connecting: "Connecting…", reconnecting: "Reconnecting…" };

export class Panel {
    /**
     * @param {object} handlers
     * @param {() => void} handlers.onOpen / onClose
     * @param {(text: string) => void} handlers.onSend
     * @param {() => void} handlers.onTyping
     * @param {(values: {reason: string}) => Promise<void>} handlers.onHandoff
     * @param {(values: {name, email, reason}) => Promise<void>} handlers.onAfterHours
     * @param {() => void} handlers.onNewChat
     * @param {(values: {email: string}) => Promise<void>} handlers.onEmailTranscript
     */
    constructor(handlers) {
        this.handlers = handlers;
        const panelId = uniqueId("panel");

        this.launcherBadge = el("span", { class: "badge", hidden: true, attrs: { "aria-hidden": "true" } });
        this.launcher = el(
            "button",
            {
                type: "button",
                class: "launcher",
                attrs: { "aria-expanded": "false", "aria-controls": panelId, "aria-label": "Open chat" },
                on: { click: () => (this.isOpen ? this.close() : this.open()) },
            },
            [icon("chat"), icon("close"), this.launcherBadge],
        );

        this.title = el("h2", { class: "title", text: "Chat" });
        this.subtitle = el("p", { class: "subtitle", text: "AI assistant · a person can join" });
        const closeButton = el(
            "button",
            { type: "button", class: "icon-button close", attrs: { "aria-label": "Close chat" }, on: { click: () => this.close() } },
            [icon("close")],
        );
        const header = el("div", { class: "header" }, [
            el("div", { class: "avatar", attrs: { "aria-hidden": "true" } }, [icon("chat")]),
            el("div", { class: "titles" }, [this.title, this.subtitle]),
            closeButton,
        ]);

        this.connection = el("p", { class: "connection", hidden: true, attrs: { role: "status" } });
        // Separate from the socket's line: a send waiting for the server says so until it is stored.
        this.sendStatus = el("p", { class: "connection send-status", hidden: true, attrs: { role: "status" } });
        this.log = el("div", {
            class: "log",
            tabIndex: 0,
            attrs: { role: "log", "aria-live": "polite", "aria-label": "Conversation" },
        });
        const typing = el("div", { class: "typing", hidden: true }, [
            el("span", { class: "dots", attrs: { "aria-hidden": "true" } }, [el("span"), el("span"), el("span")]),
            el("span", { class: "typing-text" }),
        ]);
        this.transcript = new Transcript(this.log, typing);

        this.handoffForm = new HandoffForm({
            onSubmit: (values) => handlers.onHandoff(values),
            onCancel: () => this.closeHandoffForm(),
        });
        this.afterHoursForm = new AfterHoursForm({ onSubmit: (values) => handlers.onAfterHours(values) });
        this.ratingForm = new RatingForm({ onSubmit: (values) => handlers.onRate(values) });
        this.transcriptEmailForm = new TranscriptEmailForm({
            onSubmit: (values) => handlers.onEmailTranscript(values),
            onCancel: () => {
                this.transcriptEmailForm.hide();
                this.transcriptEmailButton.focus();
            },
        });

        this.alert = el("p", { class: "alert", hidden: true, attrs: { role: "alert" } });
        this.handoffButton = el(
            "button",
            { type: "button", class: "chip handoff-button", on: { click: () => this.openHandoffForm() } },
            [icon("person"), el("span", { text: "Talk to a person" })],
        );
        this.newChatButton = el("button", {
            type: "button",
            class: "chip new-chat-button",
            hidden: true,
            text: "Start a new chat",
            on: { click: () => handlers.onNewChat() },
        });
        this.transcriptEmailButton = el("button", {
            type: "button",
            class: "chip transcript-email-button",
            hidden: true,
            text: "Email me this chat",
            on: { click: () => this.transcriptEmailForm.show() },
        });
        const actions = el("div", { class: "actions" }, [this.handoffButton, this.transcriptEmailButton, this.newChatButton]);

        this.composer = new Composer({ onSend: handlers.onSend, onTyping: handlers.onTyping, onAttach: handlers.onAttach });

        this.dialog = el(
            "div",
            {
                id: panelId,
                class: "panel",
                hidden: true,
                tabIndex: -1,
                attrs: { role: "dialog", "aria-label": "Chat" },
                on: { keydown: (event) => this.#keydown(event) },
            },
            [
                header,
                this.connection,
                this.sendStatus,
                this.log,
                typing,
                el("div", { class: "drawer" }, [
                    this.handoffForm.element,
                    this.afterHoursForm.element,
                    this.afterHoursForm.thanks,
                    this.ratingForm.element,
                    this.ratingForm.thanks,
                    this.transcriptEmailForm.element,
                    this.transcriptEmailForm.thanks,
                ]),
                this.alert,
                actions,
                this.composer.element,
            ],
        );
        this.launcher.addEventListener("keydown", (event) => this.#keydown(event));
        this.isOpen = false;
        this.unread = 0;
    }

    /** The nodes to put in the shadow root, in order. */
    get elements() {
        return [this.dialog, this.launcher];
    }

    setOrganisationName(name) {
        this.title.textContent = name || "Chat";
        this.dialog.setAttribute("aria-label", name ? `Chat with ${name}` : "Chat");
    }

    setSubtitle(text) {
        this.subtitle.textContent = text;
    }

    open({ focus = true } = {}) {
        if (this.isOpen) return;
        this.isOpen = true;
        this.dialog.hidden = false;
        this.launcher.setAttribute("aria-expanded", "true");
        this.launcher.setAttribute("aria-label", "Close chat");
        this.launcher.classList.add("is-open");
        this.setUnread(0);
        this.transcript.scrollToEnd();
        if (focus) this.focusInside();
        this.handlers.onOpen();
    }

    close() {
        if (!this.isOpen) return;
        this.isOpen = false;
        this.dialog.hidden = true;
        this.launcher.setAttribute("aria-expanded", "false");
        this.launcher.classList.remove("is-open");
        this.setUnread(this.unread);
        this.launcher.focus();
        this.handlers.onClose();
    }

    /** Focus on the first useful control: an open form, else the message box, else the dialog. */
    focusInside() {
        if (this.handoffForm.isOpen) this.handoffForm.firstControl().focus();
        else if (this.afterHoursForm.isOpen) this.afterHoursForm.firstControl().focus();
        else if (this.composer.enabled) this.composer.focus();
        else this.dialog.focus();
    }

    /** Counts replies that arrived while the panel was closed, on the launcher. */
    setUnread(count) {
        this.unread = this.isOpen ? 0 : count;
        this.launcherBadge.hidden = this.unread === 0;
        this.launcherBadge.textContent = this.unread > 9 ? "9+" : String(this.unread);
        const label = this.isOpen
            ? "Close chat"
            : this.unread > 0
              ? `Open chat (${this.unread} new ${this.unread === 1 ? "reply" : "replies"})`
              : "Open chat";
        this.launcher.setAttribute("aria-label", label);
    }

    /** "connecting" | "reconnecting" show a line; anything else hides it. */
    setConnection(status) {
        const text = CONNECTION_TEXT[status] ?? "";
        this.connection.textContent = text;
        this.connection.hidden = text === "";
    }

    /** A calm line while messages wait to be sent; "" hides it. */
    setSendStatus(text) {
        this.sendStatus.textContent = text;
        this.sendStatus.hidden = text === "";
    }

    showAlert(message) {
        this.alert.textContent = message;
        this.alert.hidden = message === "";
    }

    /** Hides the alert if it still shows `message` (a newer one stays). */
    clearAlert(message) {
        if (this.alert.textContent === message) this.showAlert("");
    }

    /** "Talk to a person" is offered only while the AI answers (not while its form is open). */
    setHandoffAvailable(available) {
        if (!available) {
            this.handoffButton.hidden = true;
            this.handoffForm.hide();
        } else if (!this.handoffForm.isOpen) {
            this.handoffButton.hidden = false;
        }
    }

    /** Shows the button that starts over ("Start a new chat", or "Try again" after a failed start). */
    setEnded(ended, label = "Start a new chat") {
        this.newChatButton.textContent = label;
        this.newChatButton.hidden = !ended;
        if (ended) {
            this.handoffButton.hidden = true;
            this.handoffForm.hide();
        }
    }

    openHandoffForm() {
        this.afterHoursForm.hide();
        this.handoffButton.hidden = true;
        this.handoffForm.show();
    }

    closeHandoffForm() {
        this.handoffForm.hide();
        this.handoffButton.hidden = false;
        this.handoffButton.focus();
    }

    showAfterHoursForm(reason) {
        this.handoffForm.hide();
        this.afterHoursForm.prefill(reason);
        if (!this.afterHoursForm.isOpen) this.afterHoursForm.show();
    }

    /** "How did we do?" once the chat has ended: the form, or the thanks when already rated. */
    showRating(rated) {
        if (rated) this.ratingForm.showThanks();
        else if (!this.ratingForm.isOpen) {
            this.ratingForm.thanks.hidden = true;
            this.ratingForm.element.hidden = false;
        }
    }

    /** Offers the transcript by email (an ended chat whose organisation has email on), or stops offering it. */
    offerTranscriptEmail(offered) {
        this.transcriptEmailButton.hidden = !offered;
        if (!offered) this.transcriptEmailForm.reset();
    }

    showTranscriptEmailThanks(address) {
        this.transcriptEmailButton.hidden = true;
        this.transcriptEmailForm.showThanks(address);
        this.transcriptEmailForm.thanks.focus();
    }

    showAfterHoursThanks() {
        this.afterHoursForm.showThanks();
        this.afterHoursForm.thanks.focus();
    }

    #keydown(event) {
        if (event.key === "Escape" && this.isOpen) {
            event.preventDefault();
            event.stopPropagation();
            this.close();
        }
    }
}
