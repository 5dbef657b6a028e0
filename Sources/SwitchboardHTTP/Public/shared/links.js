// URL safety shared by the console and the widget: only http(s) URLs ever become links.

/** The absolute URL when `value` is an http(s) URL; null for anything else (javascript:, data:, junk). */
export function safeHttpUrl(value) {
    if (typeof value !== "string" || value === "") return null;
    try {
        const url = new URL(value, document.baseURI);
        return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch {
        return null;
    }
}
