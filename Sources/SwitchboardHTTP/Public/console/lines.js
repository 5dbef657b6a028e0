// The transcript's lines: a message (customer, AI with the articles it used, agent, system notice)
// and the customer's rating at the end. Every text is a text node, never markup.

import { h, link } from "./dom.js";
import { fullTime, shortTime } from "./format.js";

/** A message's file: the image itself, or a link that downloads the PDF (same origin, the session's cookie). */
function fileLine(message, conversationId) {
    const file = message.attachment;
    if (!file || !conversationId) return null;
    const url = `/console/api/conversations/${encodeURIComponent(conversationId)}/attachments/${encodeURIComponent(file.id)}`;
    if (String(file.contentType).startsWith("image/")) {
        return h("p", { class: "message-file" }, h("img", { src: url, alt: file.name, loading: "lazy", "data-testid": "message-image" }));
    }
    return h("p", { class: "message-file" }, h("a", { href: url, download: file.name, "data-testid": "message-file" }, `Download ${file.name}`));
}

export function messageLine(message, conversationId) {
    const author = message.author;
    const label = author === "customer" ? "Customer"
        : author === "ai" ? "AI"
        : author === "agent" ? `Agent[${message.agentName ?? "agent"}]`
        : null;
    const time = h("time", { datetime: message.createdAt, title: fullTime(message.createdAt) }, shortTime(message.createdAt));
    if (author === "system") {
        return h("li", { class: "message system", "data-testid": "message", dataset: { author, seq: message.seq } },
            h("span", { class: "system-text" }, message.body), time);
    }
    const articles = author === "ai" && message.articles?.length
        ? h("p", { class: "articles", "data-testid": "message-articles" },
            h("span", { class: "articles-label" }, "Answered from: "),
            message.articles.map((a, i) => [i ? ", " : "", link(a.url, a.title)]))
        : null;
    return h("li", { class: `message ${author}`, "data-testid": "message", dataset: { author, seq: message.seq } },
        h("p", { class: "message-meta" }, h("span", { class: "author" }, label), time,
            message.aiOutcome === "not_sure" ? h("span", { class: "not-sure" }, "AI was not sure") : null),
        h("p", { class: "message-body" }, message.body),
        fileLine(message, conversationId),
        articles);
}

/** The customer's rating after the chat ended: stars, n/5 and their comment (as text). */
export function ratingLine(satisfaction) {
    const stars = "\u2605".repeat(satisfaction.rating) + "\u2606".repeat(5 - satisfaction.rating);
    return h("li", { class: "message system rating", "data-testid": "satisfaction" },
        h("span", { class: "system-text" },
            h("span", { class: "rating-stars", "aria-hidden": "true" }, stars),
            ` Customer rated this chat ${satisfaction.rating}/5`, satisfaction.comment ? `: \u201c${satisfaction.comment}\u201d` : ""),
        h("time", { datetime: satisfaction.ratedAt, title: fullTime(satisfaction.ratedAt) }, shortTime(satisfaction.ratedAt)));
}
