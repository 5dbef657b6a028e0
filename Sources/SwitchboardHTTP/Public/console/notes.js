// Internal notes: agents write to each other inside a conversation. A note is never sent to the
// customer (the server keeps notes apart from messages); here it is drawn in the transcript,
// marked "Internal note", at its place in time. "@Name" mentions tell the named agent.

import { api, ApiError, seg } from "./api.js";
import { h, uid } from "./dom.js";
import { fullTime, shortTime } from "./format.js";

/** A note as a transcript line; its text is text, never markup. */
export function noteLine(note) {
    return h("li", { class: "message note", "data-testid": "note", dataset: { noteId: note.id } },
        h("p", { class: "message-meta" },
            h("span", { class: "author" }, `Internal note \u00b7 ${note.agentName ?? "an agent"}`),
            h("time", { datetime: note.createdAt, title: fullTime(note.createdAt) }, shortTime(note.createdAt))),
        h("p", { class: "message-body" }, note.body));
}

/** Puts a note into the transcript before the first line written after it (once). */
export function placeNote(log, note) {
    if ([...log.querySelectorAll("[data-note-id]")].some((line) => line.dataset.noteId === note.id)) return;
    const at = Date.parse(note.createdAt);
    const later = [...log.children].find((line) => {
        const time = line.querySelector("time")?.getAttribute("datetime");
        return time && Date.parse(time) > at;
    });
    log.insertBefore(noteLine(note), later ?? null);
}

/** The note box under the reply box: open to every agent, whoever owns the chat and whatever its mode. */
export class NoteForm {
    constructor({ onAdded }) {
        this.onAdded = onAdded;
        this.conversationId = null;
        const id = uid("note");
        this.text = h("textarea", {
            id, rows: "2", maxlength: "4000", "data-testid": "note-box",
            placeholder: "Only your team sees this. Type @ and a name to tell someone.",
        });
        this.error = h("p", { class: "form-error", role: "alert", "data-testid": "note-error" });
        this.button = h("button", { type: "submit", "data-testid": "add-note" }, "Add note");
        this.node = h("form", { class: "note-form", onsubmit: (e) => { e.preventDefault(); this.#submit(); } },
            h("label", { for: id, class: "note-label" }, "Internal note"), this.text, this.error, this.button);
    }

    setConversation(id) {
        if (id !== this.conversationId) this.text.value = "";
        this.conversationId = id;
        this.error.textContent = "";
    }

    async #submit() {
        const body = this.text.value.trim();
        if (!body || !this.conversationId) {
            this.error.textContent = "Write the note first.";
            return;
        }
        this.button.disabled = true;
        this.error.textContent = "";
        try {
            const result = await api.post(`/conversations/${seg(this.conversationId)}/notes`, { body }, { quiet: true });
            this.text.value = "";
            if (result?.note) this.onAdded(result.note);
        } catch (error) {
            this.error.textContent = error instanceof ApiError ? error.message : "The note could not be saved. Try again.";
        } finally {
            this.button.disabled = false;
        }
    }
}

/** "Carol mentioned you": a notice that stays until dismissed or followed. */
export class MentionNotice {
    constructor({ openConversation }) {
        this.openConversation = openConversation;
        this.text = h("span", { "data-testid": "mention-text" });
        this.open = h("button", { type: "button", class: "small", "data-testid": "mention-open" }, "Open chat");
        this.dismiss = h("button", { type: "button", class: "small", onclick: () => { this.node.hidden = true; } }, "Dismiss");
        this.node = h("div", { class: "mention-notice", role: "status", "data-testid": "mention-notice", hidden: true },
            this.text, this.open, this.dismiss);
    }

    show(note) {
        this.text.textContent = `${note.agentName ?? "Someone"} mentioned you in a note: \u201c${note.body.slice(0, 140)}\u201d`;
        this.open.onclick = () => {
            this.node.hidden = true;
            this.openConversation(note.conversationId);
        };
        this.node.hidden = false;
    }
}
