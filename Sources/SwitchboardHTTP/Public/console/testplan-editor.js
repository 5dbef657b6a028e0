// The test plan's editor: title, steps and expected result of a check, and optionally a customer
// question with what the AI should do with it (answer from an article, decline, or hand off).

import { api, seg } from "./api.js";
import { h, replace, uid } from "./dom.js";

/** What the AI should do with a check's question, as the console says it. */
export const EXPECTATIONS = [
    { value: "", label: "Nothing to run (a manual check)" },
    { value: "article", label: "Answer from an article" },
    { value: "decline", label: "Say it is not sure (decline)" },
    { value: "handoff", label: "Hand off to a person" },
];

/** One line describing a check's expectation, e.g. Answer from “Refund policy”. */
export function describeExpectation(item) {
    switch (item.expect) {
        case "article": return item.articleTitle ? `Answer from “${item.articleTitle}”` : "Answer from an article that was deleted; pick another";
        case "decline": return "The AI says it is not sure";
        case "handoff": return "Recognised as a request for a person";
        default: return null;
    }
}

let articlesPromise = null;

/** The organisation's articles by title, loaded once per page. */
function articles() {
    articlesPromise ??= api.get("/kb/articles", { quiet: true }).then((data) => data.articles).catch((error) => {
        articlesPromise = null;
        throw error;
    });
    return articlesPromise;
}

/** Shows the editor for `item` (null for a new check) in `slot`; `saved` runs after a save. */
export function editTestPlanItem(slot, item, saved) {
    const ids = { title: uid("tp-title"), steps: uid("tp-steps"), expected: uid("tp-expected"),
        question: uid("tp-question"), expect: uid("tp-expect"), article: uid("tp-article") };
    const title = h("input", { id: ids.title, required: true, maxlength: "300", value: item?.title ?? "" });
    const steps = h("textarea", { id: ids.steps, rows: "3" });
    const expected = h("textarea", { id: ids.expected, rows: "2" });
    const question = h("textarea", { id: ids.question, rows: "2", maxlength: "1000", "data-testid": "testplan-question",
        placeholder: "What a customer types, e.g. can I get a refund?" });
    const expect = h("select", { id: ids.expect, "data-testid": "testplan-expect" },
        EXPECTATIONS.map((e) => h("option", { value: e.value }, e.label)));
    const article = h("select", { id: ids.article, "data-testid": "testplan-article" }, h("option", { value: "" }, "Loading articles…"));
    const articleField = h("div", { class: "field" }, h("label", { for: ids.article }, "Article that should answer"), article);
    steps.value = item?.steps ?? "";
    expected.value = item?.expectedResult ?? "";
    question.value = item?.question ?? "";
    expect.value = item?.expect ?? "";
    const showArticle = () => { articleField.hidden = expect.value !== "article"; };
    expect.addEventListener("change", showArticle);
    showArticle();
    articles().then((list) => {
        replace(article, h("option", { value: "" }, "Pick an article…"),
            list.map((a) => h("option", { value: a.id }, a.section ? `${a.title} (${a.section})` : a.title)));
        article.value = item?.articleId ?? "";
    }).catch(() => replace(article, h("option", { value: "" }, "Articles could not be loaded")));

    const form = h("form", { class: "form editor", "data-testid": "testplan-editor", onsubmit: async (e) => {
        e.preventDefault();
        const body = { title: title.value.trim(), steps: steps.value.trim(), expectedResult: expected.value.trim() };
        // A question goes with its expectation; an empty question makes the check manual again.
        const asked = question.value.trim();
        body.question = expect.value ? asked : "";
        if (expect.value) body.expect = expect.value;
        if (expect.value === "article" && article.value) body.articleId = article.value;
        try {
            if (item) await api.put(`/test-plan/${seg(item.id)}`, body);
            else await api.post("/test-plan", body);
            replace(slot);
            await saved();
        } catch {
            // shown in the alert line
        }
    } },
        h("h3", {}, item ? "Edit test" : "New test"),
        h("div", { class: "field" }, h("label", { for: ids.title }, "Title"), title),
        h("div", { class: "field" }, h("label", { for: ids.steps }, "Steps"), steps),
        h("div", { class: "field" }, h("label", { for: ids.expected }, "Expected result"), expected),
        h("fieldset", { class: "runnable" },
            h("legend", {}, "Run it against the AI (optional)"),
            h("div", { class: "field" }, h("label", { for: ids.question }, "Customer question"), question),
            h("div", { class: "field" }, h("label", { for: ids.expect }, "The AI should"), expect),
            articleField),
        h("div", { class: "form-buttons" },
            h("button", { type: "submit", class: "primary", "data-testid": "testplan-save" }, "Save test"),
            h("button", { type: "button", onclick: () => replace(slot) }, "Cancel")));
    replace(slot, form);
    title.focus();
}
