// Times in the browser's own time zone, and the console's words for modes.

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const dayFormat = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short" });

function toDate(value) {
    if (!value) return null;
    const date = value instanceof Date ? value : new Date(value);
    return Number.isNaN(date.getTime()) ? null : date;
}

/** "14:02" today, "3 Nov 14:02" on other days. */
export function shortTime(value) {
    const date = toDate(value);
    if (!date) return "—";
    const today = new Date();
    if (date.toDateString() === today.toDateString()) return timeFormat.format(date);
    return `${dayFormat.format(date)} ${timeFormat.format(date)}`;
}

/** "3 Nov 2026, 14:02". */
export function fullTime(value) {
    const date = toDate(value);
    return date ? dateTimeFormat.format(date) : "—";
}

/** "just now", "4 min", "2 h 5 min", "3 d" since the given time. */
export function elapsed(value, now = Date.now()) {
    const date = toDate(value);
    if (!date) return "";
    const minutes = Math.max(0, Math.floor((now - date.getTime()) / 60000));
    if (minutes < 1) return "just now";
    if (minutes < 60) return `${minutes} min`;
    const hours = Math.floor(minutes / 60);
    if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
    return `${Math.floor(hours / 24)} d`;
}

export const MODE_LABELS = {
    ai: "AI",
    needs: "Needs human",
    live: "Live",
    review: "Needs review",
    followup: "Follow-up",
    closed: "Closed",
    archived: "Archived",
};

export const OPEN_MODES = new Set(["ai", "needs", "live", "review"]);

/** The name a conversation goes by in lists: the customer's name, email, or a short session id. */
export function customerLabel(conversation) {
    return conversation.customerName || conversation.nameProvided || conversation.customerEmail
        || conversation.emailProvided || `Visitor ${String(conversation.id).slice(0, 8)}`;
}

/** Today's date as YYYY-MM-DD in local time. */
export function localDateString(date = new Date()) {
    const pad = (n) => String(n).padStart(2, "0");
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** UUIDs compare without regard to case (Swift writes them in upper case). */
export function sameId(a, b) {
    return typeof a === "string" && typeof b === "string" && a.toLowerCase() === b.toLowerCase();
}
