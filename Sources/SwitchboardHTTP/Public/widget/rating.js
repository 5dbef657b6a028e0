// "How did we do?": offered under the transcript once a chat has ended. One to five stars (radio
// buttons, so keyboards and screen readers get a real choice) and an optional comment.

import { el, uniqueId } from "./dom.js";
import { SmallForm, field } from "./forms.js";

const LABELS = ["Poor", "Not great", "OK", "Good", "Great"];

export class RatingForm extends SmallForm {
    constructor({ onSubmit }) {
        const name = uniqueId("rating");
        const choices = LABELS.map((label, index) => {
            const input = el("input", { type: "radio", name, value: String(index + 1), class: "star-input", id: uniqueId("star") });
            const text = `${index + 1} of 5: ${label}`;
            const star = el("label", { htmlFor: input.id, class: "star", attrs: { title: text } }, [
                el("span", { attrs: { "aria-hidden": "true" }, text: "\u2605" }),
                el("span", { class: "visually-hidden", text }),
            ]);
            return { input, star };
        });
        const stars = el("fieldset", { class: "stars" }, [
            el("legend", { class: "visually-hidden", text: "Your rating, from 1 (poor) to 5 (great)" }),
            ...choices.flatMap(({ input, star }) => [input, star]),
        ]);
        const [commentField, comment] = field(
            "Anything to add? (optional)",
            el("textarea", { rows: 2, maxLength: 1000, class: "form-textarea" }),
        );
        super("rating-form", "How did we do?", [stars, commentField], "Send", onSubmit);
        this.choices = choices;
        this.comment = comment;
        for (const { input } of choices) input.addEventListener("change", () => this.#light());
        this.thanks = el("p", { class: "rating-thanks", hidden: true, tabIndex: -1, text: "Thanks for your feedback!" });
    }

    firstControl() {
        return this.choices[0].input;
    }

    // Stars up to the chosen one light up.
    #light() {
        const chosen = this.#chosen();
        this.choices.forEach(({ star }, index) => star.classList.toggle("on", chosen !== null && index < chosen));
    }

    #chosen() {
        const checked = this.choices.find(({ input }) => input.checked);
        return checked ? Number(checked.input.value) : null;
    }

    values() {
        const rating = this.#chosen();
        if (rating === null) {
            this.setError("Choose from 1 to 5 stars.");
            this.choices[0].input.focus();
            return null;
        }
        return { rating, comment: this.comment.value.trim() };
    }

    showThanks() {
        this.hide();
        this.thanks.hidden = false;
    }

    /** Back to nothing shown, for a new chat. */
    reset() {
        this.hide();
        this.thanks.hidden = true;
        for (const { input } of this.choices) input.checked = false;
        this.comment.value = "";
        this.#light();
    }
}
