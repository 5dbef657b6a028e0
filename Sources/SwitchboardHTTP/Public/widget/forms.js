// The two small forms under the transcript: "Talk to a person" (a reason) and, when nobody is
// online, the after-hours contact form (name, email, what you need).

import { el, uniqueId } from "./dom.js";

/** A labelled field; returns [wrapper, control]. */
export function field(label, control) {
    control.id = uniqueId("field");
    return [el("div", { class: "field" }, [el("label", { htmlFor: control.id, text: label }), control]), control];
}

/** Base for a form with a submit button, an error line and a busy state. */
export class SmallForm {
    constructor(className, heading, children, submitText, onSubmit) {
        this.onSubmit = onSubmit;
        this.error = el("p", { class: "form-error", hidden: true, attrs: { role: "alert" } });
        this.submitButton = el("button", { type: "submit", class: "primary", text: submitText });
        this.actions = el("div", { class: "form-actions" }, [this.submitButton]);
        const headingId = uniqueId("form-title");
        this.element = el(
            "form",
            {
                class: `small-form ${className}`,
                hidden: true,
                noValidate: true,
                attrs: { "aria-labelledby": headingId },
                on: { submit: (event) => this.#submit(event) },
            },
            [el("p", { class: "form-title", id: headingId, text: heading }), ...children, this.error, this.actions],
        );
    }

    get isOpen() {
        return !this.element.hidden;
    }

    show() {
        this.element.hidden = false;
        this.setError("");
        this.firstControl()?.focus();
    }

    hide() {
        this.element.hidden = true;
    }

    setBusy(busy) {
        this.submitButton.disabled = busy;
        this.element.setAttribute("aria-busy", String(busy));
    }

    setError(message) {
        this.error.textContent = message;
        this.error.hidden = message === "";
    }

    /** Returns the values to submit, or null after showing what is missing. */
    values() {
        return {};
    }

    firstControl() {
        return this.element.querySelector("textarea, input");
    }

    async #submit(event) {
        event.preventDefault();
        const values = this.values();
        if (!values) return;
        this.setError("");
        this.setBusy(true);
        try {
            await this.onSubmit(values);
        } catch (error) {
            this.setError(error.message || "Something went wrong. Please try again.");
        } finally {
            this.setBusy(false);
        }
    }
}

/** "Talk to a person": asks why, then the controller requests the handoff. */
export class HandoffForm extends SmallForm {
    constructor({ onSubmit, onCancel }) {
        const [reasonField, reason] = field(
            "What do you need help with?",
            el("textarea", { rows: 3, maxLength: 1000, class: "form-textarea" }),
        );
        super("handoff-form", "Talk to a person", [reasonField], "Send", onSubmit);
        this.reason = reason;
        this.actions.prepend(
            el("button", { type: "button", class: "secondary", text: "Cancel", on: { click: onCancel } }),
        );
    }

    // The reason is optional (the server accepts none), but it helps the right person pick it up.
    values() {
        return { reason: this.reason.value.trim() };
    }
}

/** Nobody is online: leave name, email and what you need; shows the thank-you once sent. */
export class AfterHoursForm extends SmallForm {
    constructor({ onSubmit }) {
        const [nameField, name] = field("Your name", el("input", { type: "text", autocomplete: "name", maxLength: 200, required: true }));
        const [emailField, email] = field(
            "Email",
            el("input", { type: "email", autocomplete: "email", maxLength: 320, required: true }),
        );
        const [reasonField, reason] = field(
            "What do you need?",
            el("textarea", { rows: 3, maxLength: 2000, class: "form-textarea", required: true }),
        );
        const intro = el("p", {
            class: "form-intro",
            text: "Leave your name and email and we'll reply as soon as we're back.",
        });
        super("after-hours-form", "Leave your details", [intro, nameField, emailField, reasonField], "Send", onSubmit);
        this.name = name;
        this.email = email;
        this.reason = reason;
        this.thanks = el("p", {
            class: "after-hours-thanks",
            hidden: true,
            tabIndex: -1,
            text: "Thanks — we'll email you.",
        });
    }

    /** Pre-fills "What do you need?" with the reason given for the handoff. */
    prefill(reason) {
        if (reason && this.reason.value === "") this.reason.value = reason;
    }

    showThanks() {
        this.hide();
        this.thanks.hidden = false;
    }

    values() {
        const values = { name: this.name.value.trim(), email: this.email.value.trim(), reason: this.reason.value.trim() };
        if (values.name === "") {
            this.setError("Enter your name.");
            this.name.focus();
            return null;
        }
        if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email)) {
            this.setError("Enter your email address so we can reply, e.g. you@example.com.");
            this.email.focus();
            return null;
        }
        if (values.reason === "") {
            this.setError("Tell us briefly what you need.");
            this.reason.focus();
            return null;
        }
        return values;
    }
}

/** "Email me this chat": once a chat has ended, its transcript goes to the address typed here. */
export class TranscriptEmailForm extends SmallForm {
    constructor({ onSubmit, onCancel }) {
        const [emailField, email] = field(
            "Your email",
            el("input", { type: "email", autocomplete: "email", maxLength: 254, required: true }),
        );
        super("transcript-email-form", "Email me this chat", [emailField], "Send", onSubmit);
        this.email = email;
        this.actions.prepend(el("button", { type: "button", class: "secondary", text: "Cancel", on: { click: onCancel } }));
        this.thanks = el("p", { class: "transcript-email-thanks", hidden: true, tabIndex: -1 });
    }

    values() {
        const email = this.email.value.trim();
        if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
            this.setError("Enter your email address, e.g. you@example.com.");
            this.email.focus();
            return null;
        }
        return { email };
    }

    /** The address the server will send to, as text (never markup). */
    showThanks(address) {
        this.hide();
        this.thanks.textContent = `We're sending this chat to ${address}.`;
        this.thanks.hidden = false;
    }

    /** Back to nothing shown, for a new chat. */
    reset() {
        this.hide();
        this.thanks.hidden = true;
        this.email.value = "";
    }
}
